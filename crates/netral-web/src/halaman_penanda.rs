//! Signer-facing pages: online signing on a phone, the kiosk, the signer's own documents,
//! the public progress page.

use crate::AppState;

pub fn rute() -> axum::Router<AppState> {
    axum::Router::new()
}
