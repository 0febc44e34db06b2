//! SQLite adapter of the storage port: the embedded default, one file in the data folder,
//! WAL journal; an acknowledged commit survives a power cut.
//!
//! Durability with group commit: the writer connection commits with `synchronous = NORMAL`
//! (the commit writes the WAL but does not wait for the disk) and [`SqliteStore::tulis`]
//! then calls `fdatasync` on the WAL file *after releasing the writer*, and only then
//! returns. So no caller is answered before its commit is on disk (the WAL is one file
//! written in order, so that flush also covers every earlier commit), while the next
//! transaction already runs during the flush. What this trades: another connection may read
//! a commit during the millisecond or two before its flush; a power cut then would lose it,
//! but nobody was told it was stored. A checkpoint (its own connection, `synchronous =
//! FULL`) syncs the WAL before copying it, so the database file never gets a frame that is
//! not durable in the WAL.
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
    /// `<path>-wal`, the file SQLite keeps beside the database in WAL mode.
    wal: PathBuf,
    writer: Mutex<Connection>,
    readers: Vec<Mutex<Connection>>,
    next_reader: std::sync::atomic::AtomicUsize,
    /// Dropping it (with the store) ends the checkpoint thread.
    _checkpoint: std::sync::mpsc::SyncSender<()>,
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

/// How often the checkpoint thread copies committed WAL frames into the database.
const JEDA_CHECKPOINT: std::time::Duration = std::time::Duration::from_millis(100);
/// WAL size (in frames of 4 KiB pages) above which the checkpoint thread finishes a
/// checkpoint while holding the writer, so that the next write starts the WAL over.
const WAL_MAKS_FRAME: i64 = 8_192;

/// Checkpoints the WAL off the writer's path, on the thread's own connection, every
/// [`JEDA_CHECKPOINT`]:
/// - a PASSIVE checkpoint copies what is committed into the database without waiting for
///   the writer or readers;
/// - under steady writes that never catches up (new frames arrive while it copies), and
///   SQLite only starts the WAL from its beginning again once every frame is in the
///   database; so when the WAL is longer than [`WAL_MAKS_FRAME`] a second PASSIVE
///   checkpoint runs while holding the writer's lock: it copies only the frames added
///   since the first (a few milliseconds), and the next write transaction restarts the WAL.
///
/// The thread ends with the store (it holds only a weak reference).
fn mulai_checkpoint(
    path: &Path,
    inner: std::sync::Weak<Inner>,
    rx: std::sync::mpsc::Receiver<()>,
) -> StoreResult<()> {
    use std::sync::mpsc::RecvTimeoutError;
    let conn = buka(path, true)?;
    let berkas_db = std::fs::File::open(path)
        .map_err(|e| StoreError::Backend(format!("berkas database tidak terbuka: {e}")))?;
    conn.execute_batch("PRAGMA wal_autocheckpoint = 0;")
        .map_err(db)?;
    let pasif = move |conn: &Connection| -> rusqlite::Result<(i64, i64)> {
        conn.query_row("PRAGMA wal_checkpoint(PASSIVE)", [], |r| {
            Ok((r.get(1)?, r.get(2)?))
        })
    };
    std::thread::Builder::new()
        .name("netral-checkpoint".into())
        .spawn(move || {
            loop {
                if let Err(RecvTimeoutError::Disconnected) = rx.recv_timeout(JEDA_CHECKPOINT) {
                    break;
                }
                let Some(inner) = inner.upgrade() else { break };
                // Copy without the lock until little is left (the copy is faster than the
                // writer fills the WAL), flushing what was copied each time (fsync is per
                // file, not per descriptor) so the disk gets small steady writes rather
                // than one burst that would hold up the writer's own flushes; then finish
                // under the lock, where only the last few frames remain.
                let mut sisa = i64::MAX;
                let mut wal = 0;
                for _ in 0..4 {
                    match pasif(&conn) {
                        Ok((frame, tersalin)) => {
                            wal = frame;
                            sisa = frame - tersalin;
                        }
                        Err(e) => tracing::warn!(error = %e, "checkpoint WAL SQLite gagal"),
                    }
                    if let Err(e) = berkas_db.sync_data() {
                        tracing::warn!(error = %e, "fsync berkas database gagal");
                    }
                    if sisa < 512 {
                        break;
                    }
                }
                if wal > WAL_MAKS_FRAME {
                    let Ok(_penulis) = inner.writer.lock() else {
                        break;
                    };
                    if let Err(e) = pasif(&conn) {
                        tracing::warn!(error = %e, "checkpoint WAL SQLite gagal");
                    }
                }
            }
        })
        .map_err(|e| StoreError::Backend(format!("utas checkpoint tidak dapat dimulai: {e}")))?;
    Ok(())
}

impl SqliteStore {
    /// Opens (creating if needed) the database file and applies pending migrations.
    pub fn open(path: impl AsRef<Path>) -> StoreResult<Self> {
        let path = path.as_ref().to_path_buf();
        let mut writer = buka(&path, true)?;
        migrasi::terapkan(&mut writer)?;
        // Commits never checkpoint: copying the WAL back into the database (and its fsync)
        // is the checkpoint thread's work, off the writer's path. `journal_size_limit`
        // shrinks the WAL file again after a burst.
        writer
            .execute_batch(
                "PRAGMA wal_autocheckpoint = 0;
                 PRAGMA journal_size_limit = 67108864;
                 PRAGMA synchronous = NORMAL;",
            )
            .map_err(db)?;
        let (checkpoint, rx) = std::sync::mpsc::sync_channel::<()>(1);
        let readers = (0..READERS)
            .map(|_| buka(&path, false).map(Mutex::new))
            .collect::<StoreResult<Vec<_>>>()?;
        let store = SqliteStore {
            inner: Arc::new(Inner {
                wal: {
                    let mut wal = path.clone().into_os_string();
                    wal.push("-wal");
                    PathBuf::from(wal)
                },
                path,
                writer: Mutex::new(writer),
                readers,
                next_reader: std::sync::atomic::AtomicUsize::new(0),
                _checkpoint: checkpoint,
            }),
        };
        mulai_checkpoint(&store.inner.path, Arc::downgrade(&store.inner), rx)?;
        Ok(store)
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
    /// `f` returns `Ok`, rolls back otherwise; returns once the commit is on disk.
    pub(crate) async fn tulis<T, F>(&self, f: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&rusqlite::Transaction<'_>) -> StoreResult<T> + Send + 'static,
    {
        let inner = self.inner.clone();
        tokio::task::spawn_blocking(move || {
            let out = {
                let mut conn = inner
                    .writer
                    .lock()
                    .map_err(|_| StoreError::Backend("koneksi penulis rusak".into()))?;
                let tx = conn
                    .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
                    .map_err(db)?;
                let out = f(&tx)?;
                tx.commit().map_err(db)?;
                out
            };
            // The writer is free again: the next transaction runs while this one's commit
            // reaches the disk (see the module documentation).
            inner.sinkron_wal()?;
            Ok(out)
        })
        .await
        .map_err(|e| StoreError::Backend(format!("tugas database gagal: {e}")))?
    }
}

impl Inner {
    /// `fdatasync` of the WAL file: every commit written before this call is then on disk.
    /// (An fsync flushes the file, whichever descriptor asks; SQLite keeps the WAL file
    /// while any connection is open, so the path names the live WAL.)
    fn sinkron_wal(&self) -> StoreResult<()> {
        std::fs::File::open(&self.wal)
            .and_then(|f| f.sync_data())
            .map_err(|e| StoreError::Backend(format!("WAL tidak dapat disinkronkan ke disk: {e}")))
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
