//! JSON API of signing itself (issue #4 §7): `signPakta` online and by kiosk, one-time
//! codes, the signer's own documents.

use utoipa::OpenApi;

use crate::AppState;

pub fn rute() -> axum::Router<AppState> {
    axum::Router::new()
}

#[derive(OpenApi)]
#[openapi()]
pub struct DokumenApiPenanda;
