//! Shared by the benchmark binaries: open the store and the application the way
//! `netral serve --data-dir D [--database-url U]` does (keys in `D/kunci`, host `localhost`),
//! so cards made here are accepted by the server.

use std::path::Path;
use std::sync::Arc;

use netral_app::log::KonfigurasiLog;
use netral_app::{App, JamSistem, Konfigurasi};
use netral_store::Store;

/// The store: PostgreSQL when `url` is given, else SQLite `netral.db` in `dir`.
pub async fn buka_store(dir: &Path, url: Option<&str>) -> anyhow::Result<Arc<dyn Store>> {
    if let Some(url) = url {
        return Ok(Arc::new(
            netral_store_postgres::PostgresStore::connect(url).await?,
        ));
    }
    std::fs::create_dir_all(dir)?;
    let path = dir.join("netral.db");
    let s =
        tokio::task::spawn_blocking(move || netral_store_sqlite::SqliteStore::open(path)).await??;
    Ok(Arc::new(s))
}

/// The application with the CLI's default log settings for data folder `dir`.
pub fn app(store: Arc<dyn Store>, dir: &Path) -> App {
    App::new(
        store,
        Arc::new(JamSistem),
        Konfigurasi {
            log: KonfigurasiLog {
                host_publik: "localhost".into(),
                folder_kunci: Some(dir.join("kunci")),
                ..KonfigurasiLog::default()
            },
            ..Konfigurasi::default()
        },
    )
}

/// p-th percentile (0–100) of sorted values.
pub fn persentil(urut: &[f64], p: f64) -> f64 {
    if urut.is_empty() {
        return f64::NAN;
    }
    let i = ((p / 100.0) * (urut.len() - 1) as f64).round() as usize;
    urut[i.min(urut.len() - 1)]
}
