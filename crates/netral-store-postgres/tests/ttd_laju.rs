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

/// One batch of signatures of the concurrency fixture, stored: the instansi, the batch and
/// the store's answer.
async fn satu_batch_tersimpan(
    uji: &common::Uji,
) -> (
    netral_domain::organisasi::InstansiId,
    Vec<netral_store::ttd::TandaTanganMasuk>,
    Vec<netral_store::ttd::HasilTtd>,
) {
    use netral_store::Store;
    let (a, batch) = netral_store::conformance_ttd::siapkan_serentak(&uji.store, 1).await;
    let batch = batch.into_iter().next().expect("batch");
    let hasil = uji
        .store
        .simpan_tanda_tangan(a, &batch)
        .await
        .expect("simpan");
    (a, batch, hasil)
}

/// The pact text of a record is kept once per template (migration 0007): four signatures
/// of one template share one `rekaman_templat` row, their rows hold only the rest, and
/// every record reads back byte for byte (by id and through the list).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teks_pakta_disimpan_sekali() {
    use netral_store::Store;
    let Some(uji) = common::baru().await else {
        return;
    };
    let (a, batch, hasil) = satu_batch_tersimpan(&uji).await;
    assert_eq!(hasil.len(), batch.len());
    for (h, m) in hasil.iter().zip(&batch) {
        let netral_store::ttd::HasilTtd::Baru(t) = h else {
            panic!("expected Baru, got {h:?}");
        };
        let dibaca = uji
            .store
            .tanda_tangan(a, t.ttd.id)
            .await
            .expect("baca")
            .expect("ada");
        assert_eq!(dibaca.rekaman, m.rekaman);
    }
    let c = uji.skema.klien().await;
    let r = c
        .query_one(
            "SELECT COUNT(*), COUNT(rekaman_sisip), MIN(length(rekaman)) FROM tanda_tangan",
            &[],
        )
        .await
        .expect("hitung");
    let (baris, dipotong, terpendek): (i64, i64, i32) = (r.get(0), r.get(1), r.get(2));
    assert_eq!((baris, dipotong), (batch.len() as i64, batch.len() as i64));
    let teks: i64 = c
        .query_one("SELECT COUNT(*) FROM rekaman_templat", &[])
        .await
        .expect("hitung teks")
        .get(0);
    assert_eq!(teks, 1);
    assert!((terpendek as usize) < batch[0].rekaman.len());
    uji.bersihkan().await;
}

/// Employees are never deleted and never re-keyed (migration 0008, which replaced the
/// signature's key to `pegawai`): DELETE, TRUNCATE and a key change are refused, other
/// updates pass, and the signatures keep their employees.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pegawai_tidak_pernah_dihapus() {
    use tokio_postgres::error::SqlState;
    let Some(uji) = common::baru().await else {
        return;
    };
    satu_batch_tersimpan(&uji).await;
    let c = uji.skema.klien().await;
    let hitung = |sql: &'static str| {
        let c = &c;
        async move { c.query_one(sql, &[]).await.expect(sql).get::<_, i64>(0) }
    };
    let pegawai = hitung("SELECT COUNT(*) FROM pegawai").await;
    for sql in [
        "DELETE FROM pegawai",
        "DELETE FROM pegawai WHERE id = (SELECT MIN(pegawai_id) FROM tanda_tangan)",
        "TRUNCATE pegawai CASCADE",
        "UPDATE pegawai SET id = id + 1000000",
        "UPDATE pegawai SET instansi_id = instansi_id",
    ] {
        let err = c.batch_execute(sql).await.err();
        if sql.ends_with("instansi_id = instansi_id") {
            // Same key: allowed.
            assert!(err.is_none(), "{sql}: {err:?}");
            continue;
        }
        let err = err.unwrap_or_else(|| panic!("{sql} diterima"));
        assert_eq!(
            err.code(),
            Some(&SqlState::RESTRICT_VIOLATION),
            "{sql}: {err}"
        );
    }
    c.batch_execute(
        "UPDATE pegawai SET status = 'TIDAK_AKTIF' WHERE id = (SELECT MIN(id) FROM pegawai)",
    )
    .await
    .expect("status boleh berubah");
    assert_eq!(hitung("SELECT COUNT(*) FROM pegawai").await, pegawai);
    assert_eq!(
        hitung(
            "SELECT COUNT(*) FROM tanda_tangan t WHERE NOT EXISTS
             (SELECT 1 FROM pegawai p WHERE p.instansi_id = t.instansi_id AND p.id = t.pegawai_id)"
        )
        .await,
        0
    );
    uji.bersihkan().await;
}
