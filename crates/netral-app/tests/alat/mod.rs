//! Shared by the integration tests: a fresh store on SQLite (a file in a temporary folder) or
//! on PostgreSQL (a fresh `t_*` schema of `NETRAL_TEST_PG_URL`; `None` when it is not set, so
//! the PostgreSQL variant is skipped and says so).
#![allow(dead_code, clippy::unwrap_used)]

use std::path::Path;
use std::sync::Arc;

use netral_store::Store;

#[derive(Clone, Copy, Debug)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A fresh store whose SQLite file (if any) lives in `dir`.
pub async fn store_di(b: Backend, dir: &Path) -> Option<Arc<dyn Store>> {
    match b {
        Backend::Sqlite => Some(Arc::new(
            netral_store_sqlite::SqliteStore::open(dir.join("netral.db")).unwrap(),
        )),
        Backend::Postgres => {
            let Some(url) = std::env::var("NETRAL_TEST_PG_URL")
                .ok()
                .filter(|s| !s.is_empty())
            else {
                eprintln!("SKIPPED: NETRAL_TEST_PG_URL not set; PostgreSQL variant not run");
                return None;
            };
            let schema = format!("t_{:016x}", rand::random::<u64>());
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .unwrap();
            tokio::spawn(conn);
            client
                .batch_execute(&format!("CREATE SCHEMA {schema}"))
                .await
                .unwrap();
            let sep = if url.contains('?') { '&' } else { '?' };
            let url = format!("{url}{sep}options=-c%20search_path%3D{schema}");
            Some(Arc::new(
                netral_store_postgres::PostgresStore::connect(&url)
                    .await
                    .unwrap(),
            ))
        }
    }
}

/// A fresh store and the temporary folder that holds its file and keys.
pub async fn store(b: Backend) -> Option<(Arc<dyn Store>, tempfile::TempDir)> {
    let dir = tempfile::tempdir().unwrap();
    let s = store_di(b, dir.path()).await?;
    Some((s, dir))
}
