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

/// axum's extractors (`Json`, `Form`, `Query`, `Path`, `Multipart`, the body limit) reject
/// bad input with an English plain-text 4xx. This layer gives those the same answer as every
/// other error: an Indonesian message with code and reference, as JSON under `/api/` and as
/// the error page elsewhere, keeping the status. Netral's own responses are never plain-text
/// 4xx with these statuses, so nothing else is touched.
pub async fn penolakan_ekstraktor(
    req: axum::http::Request<axum::body::Body>,
    next: axum::middleware::Next,
) -> Response {
    use axum::extract::FromRequestParts;
    let api = req.uri().path().starts_with("/api/");
    let (mut parts, body) = req.into_parts();
    let bahasa = match Bahasa::from_request_parts(&mut parts, &()).await {
        Ok(b) => b,
        Err(never) => match never {},
    };
    let res = next.run(axum::http::Request::from_parts(parts, body)).await;
    let st = res.status();
    let teks_polos = res
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if !teks_polos || !matches!(st.as_u16(), 400 | 413 | 415 | 422) {
        return res;
    }
    let rincian = axum::body::to_bytes(res.into_body(), 16 * 1024)
        .await
        .unwrap_or_default();
    let rincian = String::from_utf8_lossy(&rincian);
    let galat = AppError::Masukan(pesan_penolakan(
        &rincian,
        if api { Bahasa::Id } else { bahasa },
    ));
    let mut r = if api {
        WebError::json(galat)
    } else {
        WebError::html(galat, bahasa)
    }
    .into_response();
    *r.status_mut() = st;
    r
}

/// The user's words for an extractor's English rejection text: what was wrong (JSON body,
/// form, query, path, upload, size), then the field-level detail where serde names it.
pub fn pesan_penolakan(rincian: &str, b: Bahasa) -> String {
    let r = rincian.trim();
    let (id, en) = if r.contains("length limit exceeded") {
        (
            "isi permintaan terlalu besar",
            "the request body is too large",
        )
    } else if r.starts_with("Expected request with `Content-Type: application/json`") {
        (
            "isi permintaan harus berjenis application/json",
            "the request body must be application/json",
        )
    } else if r.contains("JSON") {
        (
            "isi permintaan bukan JSON yang sah",
            "the request body is not valid JSON",
        )
    } else if r.contains("form") && !r.contains("multipart") {
        (
            "isian formulir tidak lengkap atau tidak sah",
            "the form is incomplete or invalid",
        )
    } else if r.contains("query string") {
        (
            "parameter pada alamat tidak sah",
            "a query parameter is invalid",
        )
    } else if r.starts_with("Invalid URL") || r.contains("path") {
        ("bagian alamat tidak sah", "part of the address is invalid")
    } else if r.contains("multipart") {
        ("unggahan berkas tidak sah", "the file upload is invalid")
    } else {
        ("permintaan tidak sah", "the request is invalid")
    };
    let apa = if b == Bahasa::Id { id } else { en };
    match rincian_serde(r, b) {
        Some(d) => format!("{apa}: {d}"),
        None => apa.to_string(),
    }
}

/// The field-level part of a serde / axum message, in the user's language where it is one
/// of the common shapes.
fn rincian_serde(r: &str, b: Bahasa) -> Option<String> {
    let id = b == Bahasa::Id;
    let pilih = |i: String, e: String| if id { i } else { e };
    let antara = |awal: &str| -> Option<&str> {
        let i = r.find(awal)? + awal.len();
        let j = r[i..].find('`')?;
        Some(&r[i..i + j])
    };
    // serde ends with " at line L column C"; an extractor without a position has none.
    let posisi = r.rfind(" at line ").and_then(|i| {
        let (baris, kolom) = r[i + 9..].split_once(" column ")?;
        Some((baris.trim(), kolom.trim()))
    });
    let di = |s: String| match posisi {
        Some((l, c)) => pilih(
            format!("{s} (baris {l}, kolom {c})"),
            format!("{s} (line {l}, column {c})"),
        ),
        None => s,
    };
    let teks = if let Some(f) = antara("missing field `") {
        di(pilih(
            format!("kolom `{f}` wajib diisi"),
            format!("field `{f}` is required"),
        ))
    } else if let Some(f) = antara("unknown field `") {
        di(pilih(
            format!("kolom `{f}` tidak dikenal"),
            format!("unknown field `{f}`"),
        ))
    } else if let Some(f) = antara("unknown variant `") {
        di(pilih(
            format!("nilai `{f}` tidak dikenal"),
            format!("unknown value `{f}`"),
        ))
    } else if r.contains("invalid type")
        || r.contains("invalid value")
        || r.contains("invalid digit")
    {
        // axum names the field's path before serde's message: "…target type: kampanye: invalid type…".
        let kolom = r
            .split_once("target type: ")
            .and_then(|(_, t)| t.split_once(": invalid"))
            .map(|(k, _)| k.trim())
            .filter(|k| !k.is_empty() && !k.contains(' '));
        di(match kolom {
            Some(k) => pilih(
                format!("kolom `{k}`: jenis atau nilai salah"),
                format!("field `{k}`: wrong type or value"),
            ),
            None => pilih(
                "jenis atau nilai isian salah".into(),
                "wrong type or value".into(),
            ),
        })
    } else if let Some(f) = antara("Cannot parse `") {
        pilih(
            format!("`{f}` bukan nilai yang sah"),
            format!("`{f}` is not a valid value"),
        )
    } else if r.contains("EOF while parsing") {
        di(pilih(
            "isi terpotong".into(),
            "the body ends too early".into(),
        ))
    } else if r.contains("expected") || r.contains("key must be a string") || r.contains("trailing")
    {
        di(pilih(
            "penulisan JSON salah".into(),
            "malformed JSON".into(),
        ))
    } else {
        return None;
    };
    Some(teks)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penolakan_axum_menjadi_pesan_indonesia() {
        let kasus = [
            (
                "Failed to deserialize the JSON body into the target type: missing field `metode` at line 1 column 7",
                "isi permintaan bukan JSON yang sah: kolom `metode` wajib diisi (baris 1, kolom 7)",
            ),
            (
                "Failed to deserialize the JSON body into the target type: kampanye: invalid type: string \"satu\", expected i64 at line 1 column 50",
                "isi permintaan bukan JSON yang sah: kolom `kampanye`: jenis atau nilai salah (baris 1, kolom 50)",
            ),
            (
                "Failed to parse the request body as JSON: EOF while parsing an object at line 1 column 1",
                "isi permintaan bukan JSON yang sah: isi terpotong (baris 1, kolom 1)",
            ),
            (
                "Expected request with `Content-Type: application/json`",
                "isi permintaan harus berjenis application/json",
            ),
            (
                "Failed to deserialize form body: missing field `username`",
                "isian formulir tidak lengkap atau tidak sah: kolom `username` wajib diisi",
            ),
            (
                "Failed to deserialize query string: halaman: invalid digit found in string",
                "parameter pada alamat tidak sah: jenis atau nilai isian salah",
            ),
            (
                "Invalid URL: Cannot parse `abc` to a `i64`",
                "bagian alamat tidak sah: `abc` bukan nilai yang sah",
            ),
            (
                "Failed to buffer the request body: length limit exceeded",
                "isi permintaan terlalu besar",
            ),
            ("something new", "permintaan tidak sah"),
        ];
        for (inggris, indonesia) in kasus {
            assert_eq!(pesan_penolakan(inggris, Bahasa::Id), indonesia, "{inggris}");
        }
        assert_eq!(
            pesan_penolakan(
                "Failed to deserialize form body: missing field `username`",
                Bahasa::En
            ),
            "the form is incomplete or invalid: field `username` is required"
        );
    }
}
