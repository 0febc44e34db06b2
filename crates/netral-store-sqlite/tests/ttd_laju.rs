//! Signing throughput on SQLite: `cargo test -p netral-store-sqlite --release --test ttd_laju
//! -- --ignored --nocapture` prints signatures per second for batches of 500.

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
