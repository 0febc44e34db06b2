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

/// The pact text of a record is kept once per template (migration 0006): four signatures
/// of one template share one `rekaman_templat` row, their rows hold only the rest, and
/// every record reads back byte for byte.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teks_pakta_disimpan_sekali() {
    use netral_store::Store;
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("netral.db");
    let store = netral_store_sqlite::SqliteStore::open(&path).expect("open");
    let (a, batch) = netral_store::conformance_ttd::siapkan_serentak(&store, 1).await;
    let batch = batch.into_iter().next().expect("batch");
    let hasil = store.simpan_tanda_tangan(a, &batch).await.expect("simpan");
    assert_eq!(hasil.len(), batch.len());
    for (h, m) in hasil.iter().zip(&batch) {
        let netral_store::ttd::HasilTtd::Baru(t) = h else {
            panic!("expected Baru, got {h:?}");
        };
        let dibaca = store
            .tanda_tangan(a, t.ttd.id)
            .await
            .expect("baca")
            .expect("ada");
        assert_eq!(dibaca.rekaman, m.rekaman);
    }
    let c = rusqlite::Connection::open(&path).expect("open raw");
    let (baris, dipotong, terpendek): (i64, i64, i64) = c
        .query_row(
            "SELECT COUNT(*), COUNT(rekaman_sisip), MIN(length(rekaman)) FROM tanda_tangan",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .expect("hitung");
    assert_eq!((baris, dipotong), (batch.len() as i64, batch.len() as i64));
    let teks: i64 = c
        .query_row("SELECT COUNT(*) FROM rekaman_templat", [], |r| r.get(0))
        .expect("hitung teks");
    assert_eq!(teks, 1);
    assert!((terpendek as usize) < batch[0].rekaman.len());
}
