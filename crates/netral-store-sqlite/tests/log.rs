//! The transparency log on SQLite: a leaf appended inside a record's transaction rolls back
//! with it, two stores on one file stay strictly sequenced, and leaves are append-only.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use netral_store::conformance::{instansi_baru, jejak};
use netral_store::*;
use netral_store_sqlite::SqliteStore;
use netral_store_sqlite::log::tambah_daun_dalam_tx;
use rusqlite::Connection;

fn audit(tx: &rusqlite::Transaction<'_>, a: InstansiId) {
    tx.execute(
        "INSERT INTO audit_log (instansi_id, id, waktu, aktor, aksi, entitas)
         VALUES (?1, 1000, '2026-01-01T00:00:00Z', 'uji', 'UJI_LOG', 'uji')",
        [a.0],
    )
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn daun_ikut_batal_bersama_rekamannya() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("netral.db");
    let store = SqliteStore::open(&path).unwrap();
    let a = store
        .simpan_instansi(&instansi_baru("19.71", "Kota Pangkalpinang"), &jejak(0))
        .await
        .unwrap()
        .0
        .id;
    let mut c = Connection::open(&path).unwrap();
    {
        let tx = c.transaction().unwrap();
        audit(&tx, a);
        let i = tambah_daun_dalam_tx(&tx, a, &DaunBaru::baru(b"batal".to_vec())).unwrap();
        assert_eq!(i, 0);
        // Dropped without commit: rolled back.
    }
    let n: i64 = c
        .query_row(
            "SELECT count(*) FROM audit_log WHERE aksi = 'UJI_LOG'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
    assert_eq!(store.info_log(a).await.unwrap(), None);
    {
        let tx = c.transaction().unwrap();
        audit(&tx, a);
        let i = tambah_daun_dalam_tx(&tx, a, &DaunBaru::baru(b"jadi".to_vec())).unwrap();
        assert_eq!(i, 0);
        tx.commit().unwrap();
    }
    assert_eq!(store.info_log(a).await.unwrap().unwrap().urut, 1);
    assert_eq!(
        store
            .indeks_daun(a, &DaunBaru::baru(b"jadi".to_vec()).hash)
            .await
            .unwrap(),
        Some(0)
    );
    let e = c
        .execute("UPDATE log_daun SET entri = x'00'", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = c.execute("DELETE FROM log_daun", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dua_store_satu_berkas_berurutan() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("netral.db");
    let s1 = SqliteStore::open(&path).unwrap();
    let s2 = SqliteStore::open(&path).unwrap();
    let a = s1
        .simpan_instansi(&instansi_baru("19.71", "Kota Pangkalpinang"), &jejak(0))
        .await
        .unwrap()
        .0
        .id;
    let mut tugas = Vec::new();
    for t in 0..4 {
        let s = if t % 2 == 0 { s1.clone() } else { s2.clone() };
        tugas.push(tokio::spawn(async move {
            let mut out = Vec::new();
            for p in 0..20 {
                let daun: Vec<DaunBaru> = (0..10)
                    .map(|i| DaunBaru::baru(format!("{t}/{p}/{i}").into_bytes()))
                    .collect();
                out.extend(s.tambah_daun(a, &daun).await.unwrap());
            }
            out
        }));
    }
    let mut idx = Vec::new();
    for t in tugas {
        idx.extend(t.await.unwrap());
    }
    idx.sort_unstable();
    assert_eq!(idx, (0..800).collect::<Vec<u64>>());
}
