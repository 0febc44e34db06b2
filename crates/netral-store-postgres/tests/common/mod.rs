//! Test databases: every test gets its own schema in the database named by
//! `NETRAL_TEST_PG_URL`, so tests run in parallel without seeing each other.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use netral_store_postgres::PostgresStore;
use tokio_postgres::NoTls;

pub const ENV: &str = "NETRAL_TEST_PG_URL";

/// A fresh, migrated store in its own schema.
pub struct Uji {
    pub store: PostgresStore,
    pub skema: Skema,
}

/// An empty schema and a URL whose connections use it.
pub struct Skema {
    pub nama: String,
    pub url: String,
    dasar: String,
}

/// The base URL, or `None` after a loud skip notice.
pub fn url_dasar() -> Option<String> {
    match std::env::var(ENV) {
        Ok(u) if !u.trim().is_empty() => Some(u),
        _ => {
            eprintln!("SKIPPED: {ENV} not set");
            None
        }
    }
}

/// A client on the base database (no schema set).
pub async fn klien(url: &str) -> tokio_postgres::Client {
    let (c, conn) = tokio_postgres::connect(url, NoTls)
        .await
        .expect("connect to test database");
    tokio::spawn(async move {
        let _ = conn.await;
    });
    c
}

/// Creates an empty schema `t_<random>`.
pub async fn skema_baru() -> Option<Skema> {
    let dasar = url_dasar()?;
    let nama = format!("t_{:016x}", rand::random::<u64>());
    klien(&dasar)
        .await
        .batch_execute(&format!("CREATE SCHEMA {nama}"))
        .await
        .expect("create schema");
    let pemisah = if dasar.contains('?') { '&' } else { '?' };
    let url = format!("{dasar}{pemisah}options=-c%20search_path%3D{nama}");
    Some(Skema { nama, url, dasar })
}

/// A fresh schema with a connected, migrated store.
pub async fn baru() -> Option<Uji> {
    let skema = skema_baru().await?;
    let store = PostgresStore::connect(&skema.url)
        .await
        .expect("connect store");
    Some(Uji { store, skema })
}

impl Skema {
    /// A plain client whose search_path is this schema.
    pub async fn klien(&self) -> tokio_postgres::Client {
        klien(&self.url).await
    }

    /// Drops the schema (called at the end of a passing test; a failing test leaves its
    /// schema behind for inspection).
    pub async fn hapus(&self) {
        klien(&self.dasar)
            .await
            .batch_execute(&format!("DROP SCHEMA {} CASCADE", self.nama))
            .await
            .expect("drop schema");
    }
}

impl Uji {
    pub async fn bersihkan(self) {
        self.skema.hapus().await;
    }
}
