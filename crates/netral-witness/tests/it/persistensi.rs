//! The witness state is saved before the answer and survives a restart: a
//! restarted witness still refuses rollbacks and forks.

use netral_ledger::cosig::CosignatureVerifier;
use netral_ledger::note;
use netral_witness::simpan::{BERKAS_KUNCI, BERKAS_STATUS};

use crate::umum::{Log, ORIGIN, SaksiUji};

#[tokio::test]
async fn a_restarted_witness_refuses_rollback_and_fork() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut log = Log::baru(ORIGIN, 1, 5);
    let lama = log.bertanda();
    log.tambah(3);

    let s = SaksiUji::mulai(dir.path(), Some("saksi.bkn.example"), &[log.vkey()]).await;
    let vkey = s.saksi.vkey().to_owned();
    assert_eq!(s.kirim(log.permintaan(0)).await.0, 200);
    s.berhenti().await;

    let teks = std::fs::read_to_string(dir.path().join(BERKAS_STATUS)).expect("state file");
    assert!(teks.contains(&format!("{ORIGIN} 8 ")), "{teks}");
    assert!(!dir.path().join("witness.state.tmp").exists());

    // Restart without --name: the key (and so the vkey) is the same.
    let s = SaksiUji::mulai(dir.path(), None, &[log.vkey()]).await;
    assert_eq!(s.saksi.vkey(), vkey);
    assert_eq!(s.saksi.status(ORIGIN).map(|st| st.size), Some(8));

    // The older checkpoint (size 5), claiming old size 5: 409, the witness is at 8.
    let req = netral_ledger::witness::AddCheckpointRequest {
        old_size: 5,
        proof: vec![],
        checkpoint: lama,
    };
    let (status, jenis, badan) = s.kirim(req.to_body()).await;
    assert_eq!(
        (status, jenis.as_str(), badan.as_str()),
        (409, "text/x.tlog.size", "8\n")
    );
    // The probe tells the truth too.
    assert_eq!(s.kirim(log.permintaan(0)).await.2, "8\n");

    // A fork at size 8 (the size the witness already cosigned): 422.
    let cabang = log.cabang(6, 8);
    assert_ne!(cabang.store.root().ok(), log.store.root().ok());
    assert_eq!(s.kirim(cabang.permintaan(8)).await.0, 422);
    // A fork that grows past 8, with a proof from its own size-8 tree: 422.
    let mut cabang = log.cabang(6, 8);
    cabang.tambah(4);
    assert_eq!(s.kirim(cabang.permintaan(8)).await.0, 422);
    assert_eq!(s.saksi.status(ORIGIN).map(|st| st.size), Some(8));

    // Honest growth is still cosigned, with the same key.
    log.tambah(4);
    let (status, _, baris) = s.kirim(log.permintaan(8)).await;
    assert_eq!(status, 200);
    let v = CosignatureVerifier::from_vkey(&vkey).expect("vkey");
    let cp = log.bertanda();
    let (badan, _) = note::split_note(&cp).expect("note");
    v.verify_line(badan, &baris)
        .expect("cosignature by the same key");
    s.berhenti().await;

    let s = SaksiUji::mulai(dir.path(), None, &[log.vkey()]).await;
    assert_eq!(s.saksi.status(ORIGIN).map(|st| st.size), Some(12));
    s.berhenti().await;
}

#[tokio::test]
async fn key_file_is_private_and_the_name_cannot_change() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = Log::baru(ORIGIN, 1, 1);
    let s = SaksiUji::mulai(dir.path(), Some("saksi.ugm.example"), &[log.vkey()]).await;
    s.berhenti().await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(dir.path().join(BERKAS_KUNCI))
            .expect("key")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
        let mode = std::fs::metadata(dir.path())
            .expect("dir")
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o700);
    }
    let jam = std::sync::Arc::new(netral_witness::JamTetap(0));
    let galat = netral_witness::Saksi::buka(dir.path(), Some("nama.lain"), &[log.vkey()], jam)
        .expect_err("another name");
    assert!(galat.to_string().contains("saksi.ugm.example"), "{galat}");
}

#[tokio::test]
async fn nothing_is_cosigned_when_the_state_cannot_be_saved() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut log = Log::baru(ORIGIN, 1, 3);
    let s = SaksiUji::mulai(dir.path(), None, &[log.vkey()]).await;
    assert_eq!(s.kirim(log.permintaan(0)).await.0, 200);
    // Make the temporary state file impossible to create.
    let tmp = dir.path().join("witness.state.tmp");
    std::fs::create_dir(&tmp).expect("block the temp file");
    log.tambah(2);
    let (status, _, badan) = s.kirim(log.permintaan(3)).await;
    assert_eq!(status, 500, "{badan}");
    assert!(!badan.contains("—"), "no cosignature in a failed answer");
    assert_eq!(s.saksi.status(ORIGIN).map(|st| st.size), Some(3));
    // The witness recovers once the disk does.
    std::fs::remove_dir(&tmp).expect("unblock");
    assert_eq!(s.kirim(log.permintaan(3)).await.0, 200);
    assert_eq!(s.saksi.status(ORIGIN).map(|st| st.size), Some(5));
    s.berhenti().await;
}

#[tokio::test]
async fn a_damaged_state_file_stops_the_witness_from_starting() {
    let dir = tempfile::tempdir().expect("tempdir");
    let log = Log::baru(ORIGIN, 1, 3);
    std::fs::write(dir.path().join(BERKAS_STATUS), "sampah\n").expect("write");
    let jam = std::sync::Arc::new(netral_witness::JamTetap(0));
    let galat =
        netral_witness::Saksi::buka(dir.path(), None, &[log.vkey()], jam).expect_err("damaged");
    assert!(galat.to_string().contains("rusak"), "{galat}");
}
