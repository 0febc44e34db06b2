//! A log and two independent witnesses on loopback: honest growth is
//! cosigned by both and the cosignatures verify; a forked log (another tree
//! at a size already witnessed) is refused by both.

use std::convert::Infallible;

use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::cosig::CosignatureVerifier;
use netral_ledger::note::{self, NoteVerifier};
use netral_ledger::tree::prove_tree;
use netral_witness::klien::{KlienSaksi, Kosignatur, TujuanSaksi, tempel_kosignatur};

use crate::umum::{Log, ORIGIN, SEKARANG, SaksiUji};

/// Pushes the log's current checkpoint to every witness, like the sequencer
/// does: old size = what that witness last cosigned (0 when unknown).
async fn dorong(
    klien: &KlienSaksi,
    log: &Log,
    saksi: &[TujuanSaksi],
    lama: &mut [u64],
) -> Vec<Result<Kosignatur, netral_witness::KlienError>> {
    let cp = log.bertanda();
    let ukuran = log.ukuran();
    let mut hasil = Vec::new();
    for (s, lama) in saksi.iter().zip(lama.iter_mut()) {
        let bukti = log.bukti(*lama);
        let r = klien
            .kosignasi(s, *lama, &bukti, &cp, |n| async move {
                prove_tree(ukuran, n, &log.store)
            })
            .await;
        if r.is_ok() {
            *lama = ukuran;
        }
        hasil.push(r);
    }
    hasil
}

#[tokio::test]
async fn a_forked_log_is_refused_by_both_witnesses() {
    let mut log = Log::baru(ORIGIN, 7, 3);
    let d1 = tempfile::tempdir().expect("tempdir");
    let d2 = tempfile::tempdir().expect("tempdir");
    let bkn = SaksiUji::mulai(d1.path(), Some("saksi.bkn.example"), &[log.vkey()]).await;
    let bawaslu = SaksiUji::mulai(d2.path(), Some("saksi.bawaslu.example"), &[log.vkey()]).await;
    let tujuan = [
        TujuanSaksi::baru(&bkn.url, bkn.saksi.vkey()).expect("bkn"),
        TujuanSaksi::baru(&bawaslu.url, bawaslu.saksi.vkey()).expect("bawaslu"),
    ];
    let klien = KlienSaksi::new();
    let mut lama = [0u64, 0];

    // Honest growth: 3, 5, 9 entries, each checkpoint cosigned by both.
    for tambah in [0, 2, 4] {
        log.tambah(tambah);
        let hasil = dorong(&klien, &log, &tujuan, &mut lama).await;
        let kosig: Vec<Kosignatur> = hasil
            .into_iter()
            .map(|r| r.expect("honest checkpoint cosigned"))
            .collect();
        assert!(kosig.iter().all(|k| k.waktu == SEKARANG));
        // The cosigned checkpoint opens with the log key plus both witness keys.
        let lengkap = tempel_kosignatur(&log.bertanda(), &kosig).expect("append");
        let pemeriksa: Vec<CosignatureVerifier> =
            tujuan.iter().map(|t| t.verifier.clone()).collect();
        let log_v = log.signer.verifier();
        let mut semua: Vec<&dyn NoteVerifier> = vec![&log_v];
        semua.extend(pemeriksa.iter().map(|v| v as &dyn NoteVerifier));
        let (cp, catatan) = Checkpoint::open(&lengkap, &semua).expect("opens");
        assert_eq!(cp.size, log.ukuran());
        assert_eq!(catatan.verified.len(), 3);
    }
    assert_eq!(lama, [9, 9]);

    // The Pemda now shows someone else another history: same key, same
    // first 6 entries, different entries 6..9.
    let cabang = log.cabang(6, 9);
    assert_ne!(cabang.store.root().ok(), log.store.root().ok());
    let mut lama_cabang = lama;
    for r in dorong(&klien, &cabang, &tujuan, &mut lama_cabang).await {
        let e = r.expect_err("fork refused");
        assert!(e.bercabang(), "{e}");
    }
    // Even when the fork pretends not to know the witnesses (probe with old 0,
    // retry after 409 with its own proof), it is refused.
    let mut nol = [0u64, 0];
    for r in dorong(&klien, &cabang, &tujuan, &mut nol).await {
        let e = r.expect_err("fork refused after the probe");
        assert!(e.bercabang(), "{e}");
    }
    // A fork grown past the witnessed size fails the consistency proof.
    let mut cabang = cabang;
    cabang.tambah(5);
    for r in dorong(&klien, &cabang, &tujuan, &mut [9, 9]).await {
        assert!(r.expect_err("grown fork refused").bercabang());
    }
    for s in [&bkn, &bawaslu] {
        assert_eq!(s.saksi.status(ORIGIN).map(|st| st.size), Some(9));
        assert_eq!(
            s.saksi.status(ORIGIN).map(|st| st.root),
            log.store.root().ok()
        );
    }

    // The honest log keeps growing, cosigned by both.
    log.tambah(3);
    for r in dorong(&klien, &log, &tujuan, &mut lama).await {
        r.expect("honest growth after the fork attempt");
    }
    assert_eq!(lama, [12, 12]);
    bkn.berhenti().await;
    bawaslu.berhenti().await;
}

#[tokio::test]
async fn cosignature_lines_verify_with_note_open() {
    let log = Log::baru(ORIGIN, 7, 2);
    let d = tempfile::tempdir().expect("tempdir");
    let s = SaksiUji::mulai(d.path(), None, &[log.vkey()]).await;
    let baris = netral_witness::kirim_checkpoint(&s.url, 0, &[], &log.bertanda(), |_| async move {
        Ok::<_, Infallible>(Vec::new())
    })
    .await
    .expect("cosigned");
    assert_eq!(baris.len(), 1);
    assert!(baris[0].starts_with("— witness.localhost ") && !baris[0].ends_with('\n'));
    let v = CosignatureVerifier::from_vkey(s.saksi.vkey()).expect("vkey");
    let cp = log.bertanda();
    let (badan, _) = note::split_note(&cp).expect("note");
    assert_eq!(v.verify_line(badan, &baris[0]), Ok(SEKARANG));
    s.berhenti().await;
}
