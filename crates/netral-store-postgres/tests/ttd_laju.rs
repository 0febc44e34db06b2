//! Signing under load on PostgreSQL: concurrent batches and, as ignored measurements run by
//! hand, throughput: with `NETRAL_TEST_PG_URL` set,
//! `cargo test -p netral-store-postgres --release --test ttd_laju -- --ignored --nocapture`
//! prints signatures per second for batches of 500 and the roster time for 100,000.

mod common;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "measurement, run by hand"]
async fn laju_batch_500() {
    let Some(uji) = common::baru().await else {
        return;
    };
    let laju = netral_store::conformance_ttd::laju_ttd(&uji.store, 9_000, 500).await;
    println!("postgres: {laju:.0} tanda tangan/detik (batch 500)");
    uji.bersihkan().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "measurement, run by hand"]
async fn roster_100rb() {
    let Some(uji) = common::baru().await else {
        return;
    };
    let lama = netral_store::conformance_ttd::waktu_roster(&uji.store, 100_000).await;
    println!("postgres: roster 100.000 pegawai dalam {lama:?}");
    uji.bersihkan().await;
}

/// Batches from several connections at once: the head lock serialises them, so each
/// employee signs once and leaves stay dense.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_serentak() {
    use netral_store::Store;
    let Some(uji) = common::baru().await else {
        return;
    };
    let (a, batch) = netral_store::conformance_ttd::siapkan_serentak(&uji.store, 6).await;
    let tugas: Vec<_> = batch
        .into_iter()
        .map(|b| {
            let s = uji.store.clone();
            tokio::spawn(async move { s.simpan_tanda_tangan(a, &b).await.expect("batch") })
        })
        .collect();
    let mut hasil = Vec::new();
    for t in tugas {
        hasil.push(t.await.expect("task"));
    }
    netral_store::conformance_ttd::periksa_serentak(&uji.store, a, hasil).await;
    uji.bersihkan().await;
}

/// Concurrent batches of *different* employees all write: each takes the ids after the
/// rows the previous lock holder committed (an id read in the snapshot from before the
/// lock wait would collide with them).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_serentak_pegawai_berbeda() {
    use netral_store::Store;
    let Some(uji) = common::baru().await else {
        return;
    };
    let (a, batch) = netral_store::conformance_ttd::siapkan_serentak(&uji.store, 1).await;
    let tugas: Vec<_> = batch
        .into_iter()
        .flatten()
        .map(|m| {
            let s = uji.store.clone();
            tokio::spawn(async move { s.simpan_tanda_tangan(a, &[m]).await })
        })
        .collect();
    let mut hasil = Vec::new();
    for t in tugas {
        hasil.push(t.await.expect("task").expect("batch"));
    }
    netral_store::conformance_ttd::periksa_serentak(&uji.store, a, hasil).await;
    uji.bersihkan().await;
}
