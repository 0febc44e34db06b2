//! Signing throughput on PostgreSQL: with `NETRAL_TEST_PG_URL` set, `cargo test -p
//! netral-store-postgres --release --test ttd_laju -- --ignored --nocapture` prints
//! signatures per second for batches of 500.

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
