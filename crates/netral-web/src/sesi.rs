//! Who is asking: the session cookie for pages, the bearer token for the API, the language
//! cookie, and CSRF checks.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use netral_app::{AppError, Pelaku};
use netral_domain::akun::User;

use crate::AppState;
use crate::galat::WebError;
use crate::i18n::Bahasa;

pub const COOKIE_SESI: &str = "netral_sesi";
pub const COOKIE_CSRF_MASUK: &str = "netral_csrf";
pub const COOKIE_BAHASA: &str = "bahasa";

/// A cookie's value from the request headers.
pub fn cookie(headers: &HeaderMap, nama: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == nama)
        .map(|(_, v)| v.to_string())
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, path /, Secure when configured.
pub fn set_cookie(nama: &str, nilai: &str, umur_detik: Option<i64>, aman: bool) -> String {
    let mut s = format!("{nama}={nilai}; Path=/; HttpOnly; SameSite=Lax");
    if let Some(u) = umur_detik {
        s.push_str(&format!("; Max-Age={u}"));
    }
    if aman {
        s.push_str("; Secure");
    }
    s
}

/// Compares secrets in constant time.
pub fn sama(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

impl<S: Send + Sync> FromRequestParts<S> for Bahasa {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(cookie(&parts.headers, COOKIE_BAHASA)
            .and_then(|b| Bahasa::dari_kode(&b))
            .unwrap_or_default())
    }
}

/// A logged-in page visitor.
pub struct Masuk {
    pub user: User,
    pub csrf: String,
    pub bahasa: Bahasa,
}

impl Masuk {
    pub fn pelaku(&self) -> Pelaku {
        Pelaku::Pengguna(self.user.clone())
    }

    pub fn galat(&self, e: AppError) -> WebError {
        WebError::html(e, self.bahasa)
    }

    /// Checks the CSRF token of a state-changing request.
    pub fn periksa_csrf(&self, token: &str) -> Result<(), WebError> {
        if sama(token, &self.csrf) {
            Ok(())
        } else {
            Err(self.galat(AppError::Masukan(
                "formulir kedaluwarsa atau tidak sah (token CSRF); muat ulang halaman dan coba lagi".into(),
            )))
        }
    }
}

impl FromRequestParts<AppState> for Masuk {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let bahasa = cookie(&parts.headers, COOKIE_BAHASA)
            .and_then(|b| Bahasa::dari_kode(&b))
            .unwrap_or_default();
        let token = cookie(&parts.headers, COOKIE_SESI)
            .ok_or(WebError::html(AppError::BelumMasuk, bahasa))?;
        let (user, csrf) = state
            .app
            .sesi(&token)
            .await
            .map_err(|e| WebError::html(e, bahasa))?
            .ok_or(WebError::html(AppError::BelumMasuk, bahasa))?;
        Ok(Masuk { user, csrf, bahasa })
    }
}

/// An API caller authenticated by `Authorization: Bearer <token>`.
pub struct ApiUser(pub User);

impl ApiUser {
    pub fn pelaku(&self) -> Pelaku {
        Pelaku::Pengguna(self.0.clone())
    }
}

impl FromRequestParts<AppState> for ApiUser {
    type Rejection = WebError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .ok_or(WebError::json(AppError::BelumMasuk))?;
        let user = state
            .app
            .user_dari_token(token)
            .await
            .map_err(WebError::json)?
            .ok_or(WebError::json(AppError::BelumMasuk))?;
        Ok(ApiUser(user))
    }
}

/// The client's address, for login throttling ("tidak-diketahui" when the server was not
/// started with connection info, e.g. in in-process tests).
pub struct Alamat(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Alamat {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Alamat(
            parts
                .extensions
                .get::<ConnectInfo<std::net::SocketAddr>>()
                .map(|c| c.0.ip().to_string())
                .unwrap_or_else(|| "tidak-diketahui".into()),
        ))
    }
}
