//! The transparency log on PostgreSQL: strict sequencing across two independent pools
//! (two `netral serve` processes sharing one database), and a leaf appended inside a
//! record's transaction rolling back with it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use deadpool_postgres::{Manager, ManagerConfig, Pool, RecyclingMethod};
use netral_store::conformance::{instansi_baru, jejak};
use netral_store::*;
use netral_store_postgres::PostgresStore;
use netral_store_postgres::log::tambah_daun_dalam_tx;
use tokio_postgres::NoTls;

fn pool(url: &str) -> Pool {
    let cfg: tokio_postgres::Config = url.parse().unwrap();
    let m = Manager::from_config(
        cfg,
        NoTls,
        ManagerConfig {
            recycling_method: RecyclingMethod::Fast,
        },
    );
    Pool::builder(m).max_size(2).build().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn dua_pool_berurutan_tanpa_celah() {
    let Some(uji) = common::baru().await else {
        return;
    };
    let a = uji
        .store
        .simpan_instansi(&instansi_baru("19.71", "Kota Pangkalpinang"), &jejak(0))
        .await
        .unwrap()
        .0
        .id;
    // A second, independent pool: another server process on the same database.
    let kedua = PostgresStore::connect(&uji.skema.url).await.unwrap();
    const TUGAS: usize = 8;
    const BATCH: usize = 25;
    const PUTARAN: usize = 10;
    let mut tugas = Vec::new();
    for t in 0..TUGAS {
        let store = if t % 2 == 0 {
            uji.store.clone()
        } else {
            kedua.clone()
        };
        tugas.push(tokio::spawn(async move {
            let mut semua = Vec::new();
            for p in 0..PUTARAN {
                let daun: Vec<DaunBaru> = (0..BATCH)
                    .map(|i| DaunBaru::baru(format!("t{t} p{p} i{i}").into_bytes()))
                    .collect();
                // Each batch also repeats a leaf every task appends: dedupe under contention.
                let mut daun = daun;
                daun.push(DaunBaru::baru(b"bersama".to_vec()));
                let idx = store.tambah_daun(a, &daun).await.unwrap();
                semua.extend_from_slice(&idx[..BATCH]);
                semua.push(u64::MAX - idx[BATCH]);
            }
            semua
        }));
    }
    let mut idx = Vec::new();
    let mut bersama = std::collections::BTreeSet::new();
    for t in tugas {
        for i in t.await.unwrap() {
            if i > u64::MAX / 2 {
                bersama.insert(u64::MAX - i);
            } else {
                idx.push(i);
            }
        }
    }
    assert_eq!(bersama.len(), 1, "the shared leaf has one index");
    idx.extend(bersama);
    idx.sort_unstable();
    let n = (TUGAS * BATCH * PUTARAN + 1) as u64;
    assert_eq!(
        idx,
        (0..n).collect::<Vec<_>>(),
        "dense, no gaps, no duplicates"
    );
    let info = uji.store.info_log(a).await.unwrap().unwrap();
    assert_eq!(info.urut, n);
    let daun = kedua.daun_log(a, 0, n + 10).await.unwrap();
    assert_eq!(daun.len() as u64, n);
    assert!(daun.iter().enumerate().all(|(i, d)| d.indeks == i as u64));
    uji.bersihkan().await;
}

async fn audit(tx: &deadpool_postgres::Transaction<'_>, a: InstansiId) {
    tx.execute(
        "INSERT INTO audit_log (instansi_id, waktu, aktor, aksi, entitas)
         VALUES ($1, now(), 'uji', 'UJI_LOG', 'uji')",
        &[&a.0],
    )
    .await
    .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn daun_ikut_batal_bersama_rekamannya() {
    let Some(uji) = common::baru().await else {
        return;
    };
    let a = uji
        .store
        .simpan_instansi(&instansi_baru("19.71", "Kota Pangkalpinang"), &jejak(0))
        .await
        .unwrap()
        .0
        .id;
    let p = pool(&uji.skema.url);
    // The record's transaction fails: the leaf is gone with it.
    {
        let mut c = p.get().await.unwrap();
        let tx = c.transaction().await.unwrap();
        audit(&tx, a).await;
        let i = tambah_daun_dalam_tx(&tx, a, &DaunBaru::baru(b"batal".to_vec()))
            .await
            .unwrap();
        assert_eq!(i, 0);
        tx.rollback().await.unwrap();
    }
    let c = uji.skema.klien().await;
    let n: i64 = c
        .query_one("SELECT count(*) FROM audit_log WHERE aksi = 'UJI_LOG'", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, 0);
    assert_eq!(
        uji.store
            .indeks_daun(a, &DaunBaru::baru(b"batal".to_vec()).hash)
            .await
            .unwrap(),
        None
    );
    assert_eq!(
        uji.store.info_log(a).await.unwrap().map(|i| i.urut),
        None,
        "even the head row rolled back"
    );
    // It commits: both are there, and the index was not burnt.
    {
        let mut c = p.get().await.unwrap();
        let tx = c.transaction().await.unwrap();
        audit(&tx, a).await;
        let i = tambah_daun_dalam_tx(&tx, a, &DaunBaru::baru(b"jadi".to_vec()))
            .await
            .unwrap();
        assert_eq!(i, 0);
        tx.commit().await.unwrap();
    }
    let n: i64 = c
        .query_one("SELECT count(*) FROM audit_log WHERE aksi = 'UJI_LOG'", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(n, 1);
    assert_eq!(uji.store.info_log(a).await.unwrap().unwrap().urut, 1);
    // Leaves are append-only.
    let e = c
        .execute("UPDATE log_daun SET entri = 'x'", &[])
        .await
        .unwrap_err();
    let pesan = e
        .as_db_error()
        .map(|d| d.message().to_string())
        .unwrap_or_default();
    assert!(pesan.contains("append-only"), "{e:?}");
    uji.bersihkan().await;
}
