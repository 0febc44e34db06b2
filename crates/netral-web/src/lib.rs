//! HTTP for Netral: Indonesian server-rendered pages (askama + htmx), the JSON API under
//! `/api/v1` with its OpenAPI document, `/healthz` and `/metrics`.
//!
//! **Architecture invariant:** this is the only crate that knows HTTP, HTML or cookies.
//! Handlers parse the request into domain types, call one `netral_app::App` use case, and
//! render; errors become responses only in [`galat`].

pub mod api;
pub mod api_pakta;
pub mod api_penanda;
pub mod galat;
pub mod halaman;
pub mod halaman_pakta;
pub mod halaman_penanda;
pub mod i18n;
pub mod i18n_pakta;
pub mod i18n_penanda;
pub mod log;
pub mod sesi;
pub mod verifikasi;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Instant;

use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, State};
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use netral_app::App;

pub use halaman::Unggahan;

/// Shared state of the web layer.
#[derive(Clone)]
pub struct AppState {
    pub app: App,
    /// Uploaded import files waiting for confirmation, by random token.
    pub unggahan: Arc<Mutex<HashMap<String, Unggahan>>>,
    /// Mark cookies `Secure` (behind HTTPS in production).
    pub cookie_aman: bool,
    metrik: PrometheusHandle,
}

impl AppState {
    pub fn new(app: App, cookie_aman: bool) -> Self {
        AppState {
            app,
            unggahan: Arc::default(),
            cookie_aman,
            metrik: metrik(),
        }
    }
}

/// The process-wide Prometheus recorder (installed once, shared by every server in the
/// process, e.g. in tests).
fn metrik() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new().build_recorder();
            let handle = recorder.handle();
            // Another recorder may already be installed (e.g. by an embedding program);
            // then our handle renders what we recorded before, which is acceptable.
            let _ = metrics::set_global_recorder(recorder);
            handle
        })
        .clone()
}

/// The full router.
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(halaman::rute())
        .merge(halaman_pakta::rute())
        .merge(halaman_penanda::rute())
        .merge(log::rute())
        .merge(verifikasi::rute())
        .nest("/api/v1", api::rute())
        .route("/healthz", get(healthz))
        .route("/metrics", get(metrics_text))
        .route("/static/{*path}", get(aset))
        .fallback(halaman::tidak_ditemukan)
        .layer(middleware::from_fn(galat::penolakan_ekstraktor))
        .layer(middleware::from_fn(header_keamanan))
        .layer(middleware::from_fn(catat_metrik))
        .layer(tower_http::trace::TraceLayer::new_for_http())
        .with_state(state)
}

async fn healthz(State(s): State<AppState>) -> Response {
    match s.app.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => {
            tracing::error!(error = %e, "healthz: database tidak menjawab");
            (StatusCode::SERVICE_UNAVAILABLE, "database tidak menjawab").into_response()
        }
    }
}

async fn metrics_text(State(s): State<AppState>) -> Response {
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        s.metrik.render(),
    )
        .into_response()
}

async fn catat_metrik(req: Request<Body>, next: Next) -> Response {
    let mulai = Instant::now();
    let metode = req.method().to_string();
    let rute = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "lainnya".into());
    let res = next.run(req).await;
    let status = res.status().as_u16().to_string();
    metrics::counter!("netral_http_requests_total", "method" => metode.clone(), "route" => rute.clone(), "status" => status)
        .increment(1);
    metrics::histogram!("netral_http_request_duration_seconds", "method" => metode, "route" => rute)
        .record(mulai.elapsed().as_secs_f64());
    res
}

async fn header_keamanan(req: Request<Body>, next: Next) -> Response {
    let docs = req.uri().path().starts_with("/api/v1/docs");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    // Swagger UI injects inline styles; everything else is same-origin only.
    let csp = if docs {
        "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'"
    } else {
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
    };
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(csp),
    );
    res
}

/// Front-end assets compiled into the binary (no CDN).
const ASET: &[(&str, &str, &[u8])] = &[
    (
        "htmx.min.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/htmx.min.js"),
    ),
    (
        "netral.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/netral.css"),
    ),
    (
        "netral.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/netral.js"),
    ),
    (
        "swagger-ui-bundle.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/vendor/swagger-ui-bundle.js"),
    ),
    (
        "swagger-ui.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/vendor/swagger-ui.css"),
    ),
    (
        "docs.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/docs.css"),
    ),
    (
        "docs-init.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/docs-init.js"),
    ),
    (
        "penanda.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/penanda.css"),
    ),
    (
        "ttd.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/ttd.js"),
    ),
    (
        "kiosk.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/kiosk.js"),
    ),
];

async fn aset(axum::extract::Path(path): axum::extract::Path<String>) -> Response {
    match ASET.iter().find(|(nama, _, _)| *nama == path) {
        Some((_, jenis, isi)) => (
            [
                (header::CONTENT_TYPE, *jenis),
                (header::CACHE_CONTROL, "public, max-age=3600"),
            ],
            *isi,
        )
            .into_response(),
        None => (StatusCode::NOT_FOUND, "aset tidak ditemukan").into_response(),
    }
}

/// Serves until `shutdown` resolves. The listener is bound by the caller (port 0 in tests).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}
