//! Signing under load on SQLite: concurrent batches and, as ignored measurements run by
//! hand, throughput: `cargo test -p
//! netral-store-sqlite --release --test ttd_laju -- --ignored --nocapture` prints
//! signatures per second for batches of 500 and the roster time for 100,000.

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "measurement, run by hand"]
async fn laju_batch_500() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = netral_store_sqlite::SqliteStore::open(dir.path().join("netral.db")).expect("open");
    let laju = netral_store::conformance_ttd::laju_ttd(&store, 9_000, 500).await;
    println!("sqlite: {laju:.0} tanda tangan/detik (batch 500)");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "measurement, run by hand"]
async fn roster_100rb() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = netral_store_sqlite::SqliteStore::open(dir.path().join("netral.db")).expect("open");
    let lama = netral_store::conformance_ttd::waktu_roster(&store, 100_000).await;
    println!("sqlite: roster 100.000 pegawai dalam {lama:?}");
}

/// Batches from several tasks at once: one signature per employee, dense leaves.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_serentak() {
    use netral_store::Store;
    let dir = tempfile::tempdir().expect("tempdir");
    let store = netral_store_sqlite::SqliteStore::open(dir.path().join("netral.db")).expect("open");
    let (a, batch) = netral_store::conformance_ttd::siapkan_serentak(&store, 6).await;
    let tugas: Vec<_> = batch
        .into_iter()
        .map(|b| {
            let s = store.clone();
            tokio::spawn(async move { s.simpan_tanda_tangan(a, &b).await.expect("batch") })
        })
        .collect();
    let mut hasil = Vec::new();
    for t in tugas {
        hasil.push(t.await.expect("task"));
    }
    netral_store::conformance_ttd::periksa_serentak(&store, a, hasil).await;
}
