//! SQLite adapter of the storage port: the embedded default, one file in the data folder,
//! WAL journal, `synchronous = FULL` so an acknowledged commit survives a power cut.
//!
//! rusqlite is synchronous, so every call runs on the blocking pool. All writes go through
//! one writer connection (SQLite allows one writer at a time anyway, and this makes
//! sequencing explicit); reads use a small pool of reader connections that see the last
//! committed state thanks to WAL.

pub mod log;
mod migrasi;
mod pakta;
mod registri;
mod ttd;

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, SecondsFormat, Utc};
use netral_store::{StoreError, StoreResult};
use rusqlite::{Connection, OpenFlags};

pub use migrasi::MIGRASI;

/// The SQLite store.
#[derive(Clone)]
pub struct SqliteStore {
    inner: Arc<Inner>,
}

struct Inner {
    path: PathBuf,
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: std::sync::atomic::AtomicUsize,
}

const READERS: usize = 4;

fn buka(path: &Path, tulis: bool) -> StoreResult<Connection> {
    let flags = if tulis {
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
    } else {
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
    };
    let conn = Connection::open_with_flags(path, flags).map_err(db)?;
    conn.busy_timeout(std::time::Duration::from_secs(10))
        .map_err(db)?;
    // Room for every fixed statement of the hot paths (`prepare_cached`; default 16).
    conn.set_prepared_statement_cache_capacity(128);
    conn.execute_batch(
        "PRAGMA foreign_keys = ON;
         PRAGMA synchronous = FULL;
         PRAGMA cache_size = -65536;
         PRAGMA temp_store = MEMORY;",
    )
    .map_err(db)?;
    if tulis {
        let mode: String = conn
            .query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0))
            .map_err(db)?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(StoreError::Backend(format!(
                "journal_mode WAL ditolak: {mode}"
            )));
        }
    }
    Ok(conn)
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and applies pending migrations.
    pub fn open(path: impl AsRef<Path>) -> StoreResult<Self> {
        let path = path.as_ref().to_path_buf();
        let mut writer = buka(&path, true)?;
        migrasi::terapkan(&mut writer)?;
        let readers = (0..READERS)
            .map(|_| buka(&path, false).map(Mutex::new))
            .collect::<StoreResult<Vec<_>>>()?;
        Ok(SqliteStore {
            inner: Arc::new(Inner {
                path,
                writer: Mutex::new(writer),
                readers,
                next_reader: std::sync::atomic::AtomicUsize::new(0),
            }),
        })
    }

    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// Runs `f` on a reader connection on the blocking pool.
    pub(crate) async fn baca<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> StoreResult<T> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let n = inner
                .next_reader
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                % inner.readers.len();
            let conn = inner.readers[n]
                .lock()
                .map_err(|_| StoreError::Backend("koneksi pembaca rusak".into()))?;
            f(&conn)
        })
        .await
        .map_err(|e| StoreError::Backend(format!("tugas database gagal: {e}")))?
    }

    /// Runs `f` inside one IMMEDIATE transaction on the writer connection; commits when
    /// `f` returns `Ok`, rolls back otherwise.
    pub(crate) async fn tulis<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> StoreResult<T> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = inner
                .writer
                .lock()
                .map_err(|_| StoreError::Backend("koneksi penulis rusak".into()))?;
            let tx = conn
                .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                .map_err(db)?;
            let out = f(&tx)?;
            tx.commit().map_err(db)?;
            Ok(out)
        })
        .await
        .map_err(|e| StoreError::Backend(format!("tugas database gagal: {e}")))?
    }
}

pub(crate) fn db(e: rusqlite::Error) -> StoreError {
    if let rusqlite::Error::SqliteFailure(f, msg) = &e
        && f.code == rusqlite::ErrorCode::ConstraintViolation
    {
        return StoreError::Konflik(msg.clone().unwrap_or_else(|| e.to_string()));
    }
    StoreError::Backend(e.to_string())
}

pub(crate) fn waktu(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn parse_waktu(s: &str) -> rusqlite::Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
        })
}

/// Parses a stored code column into its domain enum.
pub(crate) fn kode<T, E>(s: String, parse: impl Fn(&str) -> Result<T, E>) -> rusqlite::Result<T>
where
    E: std::error::Error + Send + Sync + 'static,
{
    parse(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}
