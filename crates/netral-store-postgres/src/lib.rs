//! PostgreSQL adapter of the storage port: the scale-out backend.
//!
//! A pool of connections (deadpool-postgres, no TLS: PostgreSQL is expected on the same
//! host or a private network). Every [`netral_store::Store`] method is one transaction at
//! READ COMMITTED; optimistic checks (`versi_registri`) are single atomic `UPDATE … WHERE`
//! statements, so several server processes may share one database. Migrations are applied
//! at connect under an advisory lock, so two servers starting at once do not race.
//!
//! Error texts from PostgreSQL only ever end up in [`StoreError::Backend`] (logged, never
//! shown); constraint violations become [`StoreError::Konflik`] with our own wording.

mod impor;
pub mod log;
mod migrasi;
mod pakta;
mod registri;
mod ttd;

use std::fmt::Display;
use std::time::Duration;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod, Runtime};
use netral_store::{StoreError, StoreResult};
use tokio_postgres::NoTls;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::FromSql;

pub use migrasi::MIGRASI;

/// Connections in the pool.
const UKURAN_POOL: usize = 16;

/// The PostgreSQL store. Cheap to clone (the pool is shared).
#[derive(Clone)]
pub struct PostgresStore {
    pool: Pool,
}

impl std::fmt::Debug for PostgresStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let s = self.pool.status();
        f.debug_struct("PostgresStore")
            .field("ukuran", &s.size)
            .field("tersedia", &s.available)
            .finish()
    }
}

impl PostgresStore {
    /// Connects to `url` (`postgres://user@host:port/db?options=…`), builds the pool and
    /// applies pending migrations.
    pub async fn connect(url: &str) -> StoreResult<PostgresStore> {
        // The parser's messages never echo the URL (which may hold a password).
        let mut pg: tokio_postgres::Config = url
            .parse()
            .map_err(|e| StoreError::Backend(format!("URL PostgreSQL tidak valid: {e}")))?;
        if pg.get_application_name().is_none() {
            pg.application_name("netral");
        }
        if pg.get_connect_timeout().is_none() {
            pg.connect_timeout(Duration::from_secs(10));
        }
        let manager = Manager::from_config(
            pg,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = Pool::builder(manager)
            .max_size(UKURAN_POOL)
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(Duration::from_secs(30)))
            .create_timeout(Some(Duration::from_secs(15)))
            .recycle_timeout(Some(Duration::from_secs(5)))
            .build()
            .map_err(|e| StoreError::Backend(format!("pool PostgreSQL: {e}")))?;
        let store = PostgresStore { pool };
        let mut c = store.klien().await?;
        migrasi::terapkan(&mut c).await?;
        Ok(store)
    }

    /// A pooled connection.
    pub(crate) async fn klien(&self) -> StoreResult<deadpool_postgres::Object> {
        self.pool
            .get()
            .await
            .map_err(|e| StoreError::Backend(format!("koneksi PostgreSQL: {e}")))
    }
}

/// Prepares `sql` (cached per connection) and executes it once: the common shape of a
/// write on the hot paths.
pub(crate) async fn jalankan<C: deadpool_postgres::GenericClient>(
    c: &C,
    sql: &str,
    p: &[&(dyn tokio_postgres::types::ToSql + Sync)],
) -> StoreResult<u64> {
    let st = c.prepare_cached(sql).await.map_err(db)?;
    c.execute(&st, p).await.map_err(db)
}

/// Maps a driver error: integrity violations (SQLSTATE class 23) are conflicts the caller
/// handles, as are serialization failures and deadlocks (retrying helps); anything else is
/// an internal failure. Conflict messages are ours, never PostgreSQL's text.
pub(crate) fn db(e: tokio_postgres::Error) -> StoreError {
    if let Some(d) = e.as_db_error() {
        let kode = d.code();
        if kode.code().starts_with("23") {
            return StoreError::Konflik(pesan_konflik(d.constraint(), kode));
        }
        if *kode == SqlState::T_R_SERIALIZATION_FAILURE || *kode == SqlState::T_R_DEADLOCK_DETECTED
        {
            return StoreError::Konflik(
                "perubahan bersamaan dengan proses lain; silakan ulangi".into(),
            );
        }
    }
    StoreError::Backend(e.to_string())
}

fn pesan_konflik(constraint: Option<&str>, kode: &SqlState) -> String {
    match constraint {
        Some("instansi_kode_unik") => "kode wilayah instansi sudah terdaftar".into(),
        Some("pengguna_username_unik") => "nama pengguna sudah dipakai".into(),
        Some("pegawai_identitas") => {
            "identitas pegawai ganda (NIP/NI PPPK/NIK sudah terdaftar)".into()
        }
        Some("unit_kerja_nama") => "unit kerja dengan nama itu sudah ada di induk yang sama".into(),
        Some("jabatan_nama") => "jabatan dengan nama itu sudah ada di unit yang sama".into(),
        Some("sesi_pkey") | Some("token_api_pkey") => "token sudah ada".into(),
        Some("audit_log_append_only") => "log audit tidak dapat diubah atau dihapus".into(),
        Some(c) => format!("data melanggar aturan penyimpanan ({c})"),
        None if *kode == SqlState::NOT_NULL_VIOLATION => "data wajib tidak diisi".into(),
        None => "data melanggar aturan penyimpanan".into(),
    }
}

/// Reads column `i`, turning a type mismatch into a `Backend` error instead of a panic.
pub(crate) fn kolom<'a, T: FromSql<'a>>(r: &'a tokio_postgres::Row, i: usize) -> StoreResult<T> {
    r.try_get(i)
        .map_err(|e| StoreError::Backend(format!("kolom {i}: {e}")))
}

/// Parses a stored code column into its domain enum.
pub(crate) fn kode<T, E: Display>(s: &str, parse: impl Fn(&str) -> Result<T, E>) -> StoreResult<T> {
    parse(s).map_err(|e| StoreError::Backend(format!("kode tersimpan tidak dikenal {s:?}: {e}")))
}

/// Parses an optional stored code column.
pub(crate) fn kode_opsi<T, E: Display>(
    s: Option<String>,
    parse: impl Fn(&str) -> Result<T, E>,
) -> StoreResult<Option<T>> {
    s.map(|s| kode(&s, parse)).transpose()
}
