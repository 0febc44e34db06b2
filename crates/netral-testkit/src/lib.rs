//! Test support: fresh stores on SQLite or PostgreSQL, and a real server on a random port.
//!
//! PostgreSQL is used when `NETRAL_TEST_PG_URL` is set (the test script sets it when the
//! server answers); each store gets its own fresh schema so tests run in parallel.

use std::net::SocketAddr;
use std::sync::Arc;

use netral_app::akun::{FormInstansi, FormUser};
use netral_app::{App, Jam, Konfigurasi, Pelaku};
use netral_store::Store;
use rand::Rng;

/// Which backend a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// The PostgreSQL URL for tests, if configured.
pub fn pg_url() -> Option<String> {
    std::env::var("NETRAL_TEST_PG_URL")
        .ok()
        .filter(|s| !s.is_empty())
}

/// A fresh, migrated, empty store. Returns `None` (after saying so) for PostgreSQL when
/// `NETRAL_TEST_PG_URL` is unset.
pub async fn store(backend: Backend) -> Option<(Arc<dyn Store>, Option<tempfile::TempDir>)> {
    match backend {
        Backend::Sqlite => {
            let dir = tempfile::tempdir().expect("tempdir");
            let s = netral_store_sqlite::SqliteStore::open(dir.path().join("netral.db"))
                .expect("sqlite");
            Some((Arc::new(s), Some(dir)))
        }
        Backend::Postgres => {
            let Some(url) = pg_url() else {
                eprintln!("SKIPPED: NETRAL_TEST_PG_URL not set; PostgreSQL variant not run");
                return None;
            };
            let schema = format!("t_{:016x}", rand::thread_rng().r#gen::<u64>());
            let (client, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
                .await
                .expect("pg connect");
            tokio::spawn(conn);
            client
                .batch_execute(&format!("CREATE SCHEMA {schema}"))
                .await
                .expect("create schema");
            let sep = if url.contains('?') { '&' } else { '?' };
            let url = format!("{url}{sep}options=-c%20search_path%3D{schema}");
            let s = netral_store_postgres::PostgresStore::connect(&url)
                .await
                .expect("pg store");
            Some((Arc::new(s), None))
        }
    }
}

/// A clock tests can read (system time; tests that need fixed time build their own).
pub struct JamUji;

impl Jam for JamUji {
    fn sekarang(&self) -> chrono::DateTime<chrono::Utc> {
        chrono::Utc::now()
    }
}

/// Password every test account gets.
pub const SANDI: &str = "sandi-uji-rahasia";

/// A running server with two Pemda and accounts in each.
pub struct Server {
    pub url: String,
    pub app: App,
    pub addr: SocketAddr,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    _dir: Option<tempfile::TempDir>,
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

/// Registers a Pemda and one account per role given; returns the instansi kode.
pub async fn pemda(app: &App, kode: &str, nama: &str, jenis: &str, akun: &[(&str, &str)]) {
    let cli = Pelaku::Cli("uji".into());
    app.tambah_instansi(
        &cli,
        FormInstansi {
            kode: kode.into(),
            nama: nama.into(),
            jenis: jenis.into(),
            kepala_daerah: None,
            status_kepala: None,
            demo: false,
        },
    )
    .await
    .expect("instansi");
    for (username, peran) in akun {
        app.tambah_user(
            &cli,
            FormUser {
                instansi_kode: kode.into(),
                username: (*username).into(),
                nama: None,
                peran: (*peran).into(),
                unit_id: None,
                sandi: Some(SANDI.into()),
            },
        )
        .await
        .expect("user");
    }
}

impl Server {
    /// Starts a server on `127.0.0.1:0` over a fresh store. `None` when the backend is
    /// PostgreSQL and no test database is configured.
    pub async fn start(backend: Backend) -> Option<Server> {
        let (store, dir) = store(backend).await?;
        let app = App::new(
            store,
            Arc::new(JamUji),
            Konfigurasi {
                argon2_ringan: true,
                ..Konfigurasi::default()
            },
        );
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let state = netral_web::AppState::new(app.clone(), false);
        tokio::spawn(async move {
            let _ = netral_web::serve(listener, state, async {
                let _ = rx.await;
            })
            .await;
        });
        Some(Server {
            url: format!("http://{addr}"),
            app,
            addr,
            stop: Some(tx),
            _dir: dir,
        })
    }
}
