//! The shared conformance suite on SQLite, each case on a fresh database file.

use netral_store_sqlite::SqliteStore;

async fn baru() -> SqliteStore {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.keep().join("netral.db");
    SqliteStore::open(path).expect("open")
}

netral_store::uji_kesesuaian!(baru);
