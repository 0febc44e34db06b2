//! Staff pages of signing: elections, templates, campaigns, progress dashboard, exports,
//! paper intake, representative and witness signatures, revocations, ikrar events.

use crate::AppState;

pub fn rute() -> axum::Router<AppState> {
    axum::Router::new()
}
