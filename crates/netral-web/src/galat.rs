//! The one place where errors become responses. Users get an Indonesian message, a stable
//! code and a reference; the full cause goes to the log under the same reference.

use askama::Template;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use netral_app::AppError;
use rand::RngCore;

use crate::i18n::Bahasa;

/// How the error should be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bentuk {
    Html,
    Json,
}

/// An error on its way out.
#[derive(Debug)]
pub struct WebError {
    pub galat: AppError,
    pub bentuk: Bentuk,
    pub bahasa: Bahasa,
}

impl WebError {
    pub fn html(galat: AppError, bahasa: Bahasa) -> Self {
        WebError {
            galat,
            bentuk: Bentuk::Html,
            bahasa,
        }
    }
    pub fn json(galat: AppError) -> Self {
        WebError {
            galat,
            bentuk: Bentuk::Json,
            bahasa: Bahasa::Id,
        }
    }
}

pub fn status(g: &AppError) -> StatusCode {
    match g {
        AppError::Masukan(_) => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::GagalMasuk | AppError::BelumMasuk => StatusCode::UNAUTHORIZED,
        AppError::TerlaluBanyakPercobaan(_) => StatusCode::TOO_MANY_REQUESTS,
        AppError::TidakBerwenang => StatusCode::FORBIDDEN,
        AppError::TidakDitemukan(_) => StatusCode::NOT_FOUND,
        AppError::Konflik(_) => StatusCode::CONFLICT,
        AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
    }
}

/// A short random reference printed to the user and the log.
pub fn referensi() -> String {
    let mut b = [0u8; 4];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

#[derive(Template)]
#[template(path = "galat.html")]
pub struct HalamanGalat {
    pub t: Bahasa,
    pub judul: String,
    pub pesan: String,
    pub kode: String,
    pub referensi: String,
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let st = status(&self.galat);
        let referensi = referensi();
        let kode = self.galat.kode();
        match &self.galat {
            AppError::Internal(detail) => {
                tracing::error!(%referensi, kode, detail, "kesalahan internal")
            }
            other => tracing::info!(%referensi, kode, pesan = %other, "permintaan ditolak"),
        }
        if self.bentuk == Bentuk::Html && matches!(self.galat, AppError::BelumMasuk) {
            return Redirect::to("/masuk").into_response();
        }
        let pesan = self.galat.to_string();
        match self.bentuk {
            Bentuk::Json => (
                st,
                Json(serde_json::json!({
                    "error": { "kode": kode, "pesan": pesan, "referensi": referensi }
                })),
            )
                .into_response(),
            Bentuk::Html => {
                let t = self.bahasa;
                let page = HalamanGalat {
                    t,
                    judul: if st == StatusCode::NOT_FOUND {
                        t.x("galat.tidak_ditemukan")
                    } else {
                        t.x("galat.judul")
                    }
                    .to_string(),
                    pesan,
                    kode: kode.to_string(),
                    referensi,
                };
                match page.render() {
                    Ok(html) => (st, Html(html)).into_response(),
                    Err(e) => {
                        tracing::error!(error = %e, "halaman galat gagal dirender");
                        (st, format!("Terjadi kesalahan ({kode}).")).into_response()
                    }
                }
            }
        }
    }
}
