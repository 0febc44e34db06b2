//! Every answer of `POST /add-checkpoint` (C2SP tlog-witness v1.0.0) over
//! real HTTP, plus `GET /` and `GET /vkey`.

use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::cosig::CosignatureVerifier;
use netral_ledger::empty_root;
use netral_ledger::note::{self, Signer};
use netral_ledger::witness::AddCheckpointRequest;

use crate::umum::{Log, ORIGIN, SEKARANG, SaksiUji};

async fn saksi_untuk(log: &Log) -> (tempfile::TempDir, SaksiUji) {
    let dir = tempfile::tempdir().expect("tempdir");
    let s = SaksiUji::mulai(dir.path(), Some("saksi.uji.example"), &[log.vkey()]).await;
    (dir, s)
}

#[tokio::test]
async fn first_checkpoint_is_cosigned_200_and_the_cosignature_verifies() {
    let log = Log::baru(ORIGIN, 1, 5);
    let (_dir, s) = saksi_untuk(&log).await;
    let (status, jenis, badan) = s.kirim(log.permintaan(0)).await;
    assert_eq!(status, 200, "{badan}");
    assert!(jenis.starts_with("text/plain"), "{jenis}");
    let v = CosignatureVerifier::from_vkey(s.saksi.vkey()).expect("vkey");
    let cp = log.bertanda();
    let (body, _) = note::split_note(&cp).expect("note");
    assert_eq!(v.verify_line(body, &badan), Ok(SEKARANG));
    assert_eq!(s.saksi.status(ORIGIN).map(|st| st.size), Some(5));

    // Honest growth with a consistency proof.
    let mut log = log;
    log.tambah(7);
    let (status, _, badan) = s.kirim(log.permintaan(5)).await;
    assert_eq!(status, 200, "{badan}");
    // The same checkpoint again (old = new, empty proof) is cosigned again.
    let (status, _, _) = s.kirim(log.permintaan(12)).await;
    assert_eq!(status, 200);
    s.berhenti().await;
}

#[tokio::test]
async fn malformed_bodies_are_400() {
    let log = Log::baru(ORIGIN, 1, 5);
    let (_dir, s) = saksi_untuk(&log).await;
    let cp = log.bertanda();
    for badan in [
        String::new(),
        "bukan permintaan".to_owned(),
        format!("old x\n\n{cp}"),
        format!("old 0\n{cp}"),
        format!("old 0\nbukan-base64!\n\n{cp}"),
        "old 0\n\nbukan checkpoint\n".to_owned(),
        format!("old 0\n\n{}", cp.replace("\n5\n", "\nlima\n")),
        format!(
            "old 0\n{}\n{cp}",
            "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n".repeat(64)
        ),
    ] {
        let (status, _, teks) = s.kirim(badan.clone()).await;
        assert_eq!(status, 400, "{badan:?} → {teks}");
    }
    s.berhenti().await;
}

#[tokio::test]
async fn old_size_larger_than_checkpoint_is_400() {
    let log = Log::baru(ORIGIN, 1, 5);
    let (_dir, s) = saksi_untuk(&log).await;
    let badan = AddCheckpointRequest {
        old_size: 6,
        proof: vec![[0; 32]],
        checkpoint: log.bertanda(),
    }
    .to_body();
    let (status, _, _) = s.kirim(badan).await;
    assert_eq!(status, 400);
    s.berhenti().await;
}

#[tokio::test]
async fn unknown_origin_is_404() {
    let log = Log::baru(ORIGIN, 1, 5);
    let (_dir, s) = saksi_untuk(&log).await;
    let lain = Log::baru("pakta.example.go.id/19.72/pilkada2029", 2, 5);
    let (status, _, _) = s.kirim(lain.permintaan(0)).await;
    assert_eq!(status, 404);
    s.berhenti().await;
}

#[tokio::test]
async fn untrusted_or_bad_signature_is_403() {
    let log = Log::baru(ORIGIN, 1, 5);
    let (_dir, s) = saksi_untuk(&log).await;
    // Same origin, another key: no signature by a trusted key.
    let penipu = Log::baru(ORIGIN, 9, 5);
    let (status, _, _) = s.kirim(penipu.permintaan(0)).await;
    assert_eq!(status, 403);
    // The trusted key's signature, on a different body.
    let asli = log.bertanda();
    let (badan, sig) = note::split_note(&asli).expect("note");
    let palsu = Checkpoint::new(ORIGIN, 6, log.store.root().expect("root")).body();
    let mut teks = format!("{palsu}\n");
    for t in &sig {
        teks.push_str(&t.to_line());
    }
    assert_ne!(badan, palsu);
    let req = AddCheckpointRequest {
        old_size: 0,
        proof: vec![],
        checkpoint: teks,
    };
    let (status, _, _) = s.kirim(req.to_body()).await;
    assert_eq!(status, 403);
    assert_eq!(s.saksi.status(ORIGIN), None, "nothing recorded");
    s.berhenti().await;
}

#[tokio::test]
async fn wrong_old_size_is_409_with_the_recorded_size() {
    let mut log = Log::baru(ORIGIN, 1, 5);
    let (_dir, s) = saksi_untuk(&log).await;
    assert_eq!(s.kirim(log.permintaan(0)).await.0, 200);
    log.tambah(3);
    for lama in [0, 3, 7] {
        let (status, jenis, badan) = s.kirim(log.permintaan(lama)).await;
        assert_eq!(status, 409, "old {lama}");
        assert_eq!(jenis, "text/x.tlog.size");
        assert_eq!(badan, "5\n");
    }
    s.berhenti().await;
}

#[tokio::test]
async fn bad_proofs_and_roots_are_422() {
    let mut log = Log::baru(ORIGIN, 1, 5);
    let (_dir, s) = saksi_untuk(&log).await;

    // A proof with old size 0.
    let req = AddCheckpointRequest {
        old_size: 0,
        proof: vec![[1; 32]],
        checkpoint: log.bertanda(),
    };
    assert_eq!(s.kirim(req.to_body()).await.0, 422);

    // A size-0 checkpoint without the empty-tree root.
    let kosong = Checkpoint::new(ORIGIN, 0, [3; 32])
        .sign(&[&log.signer])
        .expect("sign");
    let req = AddCheckpointRequest {
        old_size: 0,
        proof: vec![],
        checkpoint: kosong,
    };
    assert_eq!(s.kirim(req.to_body()).await.0, 422);
    // ... and with it, it is cosigned.
    let kosong = Checkpoint::new(ORIGIN, 0, empty_root())
        .sign(&[&log.signer])
        .expect("sign");
    let req = AddCheckpointRequest {
        old_size: 0,
        proof: vec![],
        checkpoint: kosong,
    };
    assert_eq!(s.kirim(req.to_body()).await.0, 200);
    assert_eq!(s.kirim(log.permintaan(0)).await.0, 200);

    // A corrupted consistency proof.
    log.tambah(6);
    let mut req = AddCheckpointRequest::parse(log.permintaan(5).as_bytes()).expect("parse");
    req.proof[0][0] ^= 1;
    let (status, jenis, _) = s.kirim(req.to_body()).await;
    assert_eq!(status, 422);
    assert!(jenis.starts_with("text/plain"));
    // A truncated one.
    let mut req = AddCheckpointRequest::parse(log.permintaan(5).as_bytes()).expect("parse");
    req.proof.pop();
    assert_eq!(s.kirim(req.to_body()).await.0, 422);

    // Another root at the recorded size.
    let cabang = log.cabang(3, 5);
    let (status, _, _) = s.kirim(cabang.permintaan(5)).await;
    assert_eq!(status, 422);
    assert_eq!(s.saksi.status(ORIGIN).map(|st| st.size), Some(5));
    s.berhenti().await;
}

#[tokio::test]
async fn home_page_and_vkey() {
    let log = Log::baru(ORIGIN, 1, 5);
    let (_dir, s) = saksi_untuk(&log).await;
    let (status, vkey) = s.get("/vkey").await;
    assert_eq!(status, 200);
    assert_eq!(vkey.trim(), s.saksi.vkey());
    assert!(vkey.starts_with("saksi.uji.example+"));
    CosignatureVerifier::from_vkey(vkey.trim()).expect("a cosigner vkey");

    let (_, beranda) = s.get("/").await;
    assert!(beranda.contains(s.saksi.vkey()), "{beranda}");
    assert!(beranda.contains(&log.vkey()), "{beranda}");
    assert!(beranda.contains("belum ada checkpoint"), "{beranda}");
    assert_eq!(s.kirim(log.permintaan(0)).await.0, 200);
    let (_, beranda) = s.get("/").await;
    assert!(
        beranda.contains(&format!("{ORIGIN} — ukuran 5")),
        "{beranda}"
    );

    assert_eq!(s.get("/add-checkpoint").await.0, 405);
    assert_eq!(s.get("/tidak-ada").await.0, 404);
    s.berhenti().await;
}

#[tokio::test]
async fn concurrent_requests_with_the_same_old_size_cosign_once() {
    let log = Log::baru(ORIGIN, 1, 4);
    let (_dir, s) = saksi_untuk(&log).await;
    assert_eq!(s.kirim(log.permintaan(0)).await.0, 200);
    // Eight different extensions of size 4, all claiming old size 4.
    let mut tugas = Vec::new();
    for i in 0..8u64 {
        let mut l = Log::baru(ORIGIN, 1, 4);
        l.tambah(i + 1);
        let badan = l.permintaan(4);
        let url = format!("{}/add-checkpoint", s.url);
        tugas.push(tokio::spawn(async move {
            reqwest::Client::new()
                .post(url)
                .body(badan)
                .send()
                .await
                .expect("request")
                .status()
                .as_u16()
        }));
    }
    let mut status = Vec::new();
    for t in tugas {
        status.push(t.await.expect("task"));
    }
    assert_eq!(
        status.iter().filter(|&&c| c == 200).count(),
        1,
        "{status:?}"
    );
    assert!(status.iter().all(|&c| c == 200 || c == 409), "{status:?}");
    s.berhenti().await;
}

#[test]
fn a_witness_needs_at_least_one_valid_log_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let jam = std::sync::Arc::new(netral_witness::JamTetap(SEKARANG));
    assert!(netral_witness::Saksi::buka(dir.path(), None, &[], jam.clone()).is_err());
    assert!(
        netral_witness::Saksi::buka(dir.path(), None, &["bukan vkey".into()], jam.clone()).is_err()
    );
    // A cosigner vkey is not a log vkey.
    let k = netral_ledger::cosig::CosignerKey::from_seed("w", [1; 32]).expect("key");
    assert!(netral_witness::Saksi::buka(dir.path(), None, &[k.vkey()], jam.clone()).is_err());
    let log = Signer::from_seed(ORIGIN, [1; 32]).expect("signer");
    let s = netral_witness::Saksi::buka(dir.path(), None, &[log.vkey()], jam).expect("opens");
    assert!(s.vkey().starts_with("witness.localhost+"));
}
