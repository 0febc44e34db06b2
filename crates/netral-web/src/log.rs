//! The public transparency-log endpoints (no login):
//!
//! - C2SP tlog-tiles under `/log/{kode}/`: `checkpoint` (with witness cosignatures),
//!   `tile/{L}/{N}[.p/{W}]`, `tile/entries/{N}[.p/{W}]`, and the signed-note `vkey`. Only
//!   tiles covered by the latest signed checkpoint are served; full tiles are immutable.
//! - JSON proofs under `/api/v1/log/{kode}/`: `inclusion` and `consistency`, for clients
//!   that prefer not to compute proofs from tiles.
//!
//! `{kode}` is the kode wilayah as written (`19.71`).

use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use netral_app::AppError;
use netral_ledger::tile::parse_tile_path;

use crate::AppState;
use crate::api::GalatDto;
use crate::galat::WebError;

/// `/log/{kode}/…` (merged into the root router).
pub fn rute() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/log/{kode}/checkpoint", get(checkpoint))
        .route("/log/{kode}/vkey", get(vkey))
        .route("/log/{kode}/tile/{*jalur}", get(tile))
        // Entry bundles compress well (tlog-tiles recommends gzip); hash tiles do not.
        .route(
            "/log/{kode}/tile/entries/{*jalur}",
            get(bundel).layer(tower_http::compression::CompressionLayer::new()),
        )
}

/// `/log/{kode}/inclusion` and `/consistency` (nested under `/api/v1`).
pub fn rute_api() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/log/{kode}/inclusion", get(inklusi))
        .route("/log/{kode}/consistency", get(konsistensi))
}

const TILE_PENUH: &str = "public, max-age=31536000, immutable";
const TILE_PARSIAL: &str = "public, max-age=10";

/// A plain-text answer with the headers every log resource carries (readable from any
/// origin: it is public data, verified by the client).
fn teks(
    status: StatusCode,
    jenis: &'static str,
    cache: &'static str,
    isi: impl IntoResponse,
) -> Response {
    let mut res = (status, isi).into_response();
    let h = res.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(jenis));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    h.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    res
}

/// Errors of the static-style endpoints: a short text, never an HTML page.
fn galat_teks(e: AppError) -> Response {
    match e {
        AppError::TidakDitemukan(m) => teks(
            StatusCode::NOT_FOUND,
            "text/plain; charset=utf-8",
            "no-cache",
            format!("tidak ditemukan: {m}\n"),
        ),
        AppError::Masukan(m) => teks(
            StatusCode::BAD_REQUEST,
            "text/plain; charset=utf-8",
            "no-cache",
            format!("{m}\n"),
        ),
        other => WebError::json(other).into_response(),
    }
}

async fn checkpoint(State(s): State<AppState>, Path(kode): Path<String>) -> Response {
    match s.app.checkpoint_publik(&kode).await {
        Ok(cp) => teks(
            StatusCode::OK,
            "text/plain; charset=utf-8",
            "no-cache",
            cp.teks.clone(),
        ),
        Err(e) => galat_teks(e),
    }
}

async fn vkey(State(s): State<AppState>, Path(kode): Path<String>) -> Response {
    match s.app.vkey_publik(&kode).await {
        Ok(v) => teks(
            StatusCode::OK,
            "text/plain; charset=utf-8",
            "public, max-age=3600",
            format!("{v}\n"),
        ),
        Err(e) => galat_teks(e),
    }
}

async fn tile(State(s): State<AppState>, Path((kode, jalur)): Path<(String, String)>) -> Response {
    let Ok(jalur_tile) = parse_tile_path(&format!("tile/{jalur}")) else {
        return galat_teks(AppError::TidakDitemukan(format!("tile {jalur}")));
    };
    let penuh = match jalur_tile {
        netral_ledger::tile::TilePath::Hashes(t) | netral_ledger::tile::TilePath::Entries(t) => {
            t.is_full()
        }
    };
    match s.app.tile_publik(&kode, jalur_tile).await {
        Ok(data) => teks(
            StatusCode::OK,
            "application/octet-stream",
            if penuh { TILE_PENUH } else { TILE_PARSIAL },
            axum::body::Bytes::from_owner(Berbagi(data)),
        ),
        Err(e) => galat_teks(e),
    }
}

/// A cached tile shared with the response body without copying.
struct Berbagi(std::sync::Arc<Vec<u8>>);

impl AsRef<[u8]> for Berbagi {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

async fn bundel(
    State(s): State<AppState>,
    Path((kode, jalur)): Path<(String, String)>,
) -> Response {
    tile(State(s), Path((kode, format!("entries/{jalur}")))).await
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParamInklusi {
    /// Hex SHA-256 RFC 6962 leaf hash (`SHA-256(0x00 ‖ entry)`).
    pub leaf_hash: String,
    /// Tree size of a signed checkpoint; default the latest.
    pub size: Option<u64>,
}

/// An inclusion proof and the signed checkpoint it verifies against.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct InklusiDto {
    pub leaf_index: u64,
    pub tree_size: u64,
    /// Audit path, hex, from the leaf's sibling up to the root's child (RFC 6962 §2.1.1).
    pub inclusion_proof: Vec<String>,
    /// The signed checkpoint note of `tree_size`, with witness cosignatures.
    pub checkpoint: String,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParamKonsistensi {
    /// The older tree size (at least 1).
    pub old: u64,
    /// The newer tree size (at most the latest checkpoint).
    pub new: u64,
}

/// A consistency proof (RFC 6962 §2.1.2).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct KonsistensiDto {
    /// Proof hashes, hex.
    pub proof: Vec<String>,
}

/// Inclusion proof of a leaf in the instansi's transparency log. Public.
#[utoipa::path(get, path = "/api/v1/log/{kode}/inclusion", operation_id = "getLogInclusion",
    tag = "log", security(()),
    params(("kode" = String, Path, description = "Kode wilayah, e.g. 19.71"), ParamInklusi),
    responses((status = 200, body = InklusiDto), (status = 404, body = GalatDto),
        (status = 422, body = GalatDto)))]
pub async fn inklusi(
    State(s): State<AppState>,
    Path(kode): Path<String>,
    Query(q): Query<ParamInklusi>,
) -> Result<Json<InklusiDto>, WebError> {
    let hash: [u8; 32] = hex::decode(q.leaf_hash.trim())
        .ok()
        .and_then(|h| h.try_into().ok())
        .ok_or_else(|| {
            WebError::json(AppError::Masukan(
                "leaf_hash harus 64 digit heksadesimal".into(),
            ))
        })?;
    let b = s
        .app
        .bukti_inklusi(&kode, &hash, q.size)
        .await
        .map_err(WebError::json)?;
    Ok(Json(InklusiDto {
        leaf_index: b.indeks,
        tree_size: b.ukuran,
        inclusion_proof: b.bukti.iter().map(hex::encode).collect(),
        checkpoint: b.checkpoint,
    }))
}

/// Consistency proof between two sizes of the instansi's transparency log. Public.
#[utoipa::path(get, path = "/api/v1/log/{kode}/consistency", operation_id = "getLogConsistency",
    tag = "log", security(()),
    params(("kode" = String, Path, description = "Kode wilayah, e.g. 19.71"), ParamKonsistensi),
    responses((status = 200, body = KonsistensiDto), (status = 404, body = GalatDto),
        (status = 422, body = GalatDto)))]
pub async fn konsistensi(
    State(s): State<AppState>,
    Path(kode): Path<String>,
    Query(q): Query<ParamKonsistensi>,
) -> Result<Json<KonsistensiDto>, WebError> {
    let bukti = s
        .app
        .bukti_konsistensi(&kode, q.old, q.new)
        .await
        .map_err(WebError::json)?;
    Ok(Json(KonsistensiDto {
        proof: bukti.iter().map(hex::encode).collect(),
    }))
}
