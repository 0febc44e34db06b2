//! The witness client: the `old 0` probe, one retry on 409, and its errors.

use std::cell::Cell;

use axum::http::StatusCode;
use netral_ledger::tree::prove_tree;
use netral_witness::KlienError;
use netral_witness::klien::{KlienSaksi, TujuanSaksi};

use crate::umum::{Log, ORIGIN, SaksiUji};

#[tokio::test]
async fn probe_then_retry_with_a_proof_from_the_recorded_size() {
    let mut log = Log::baru(ORIGIN, 3, 4);
    let d = tempfile::tempdir().expect("tempdir");
    let s = SaksiUji::mulai(d.path(), None, &[log.vkey()]).await;
    let klien = KlienSaksi::new();
    assert_eq!(s.kirim(log.permintaan(0)).await.0, 200);

    log.tambah(5);
    let dipanggil = Cell::new(Vec::new());
    let ukuran = log.ukuran();
    let baris = klien
        .kirim_checkpoint(&s.url, 0, &[], &log.bertanda(), |n| {
            let mut v = dipanggil.take();
            v.push(n);
            dipanggil.set(v);
            std::future::ready(prove_tree(ukuran, n, &log.store))
        })
        .await
        .expect("cosigned after the retry");
    assert_eq!(baris.len(), 1);
    assert_eq!(
        dipanggil.take(),
        vec![4],
        "proof asked once, from the recorded size"
    );
    assert_eq!(s.saksi.status(ORIGIN).map(|st| st.size), Some(9));

    // A wrong (stale) old size also recovers.
    log.tambah(1);
    let ukuran = log.ukuran();
    let bukti = log.bukti(4);
    klien
        .kirim_checkpoint(&s.url, 4, &bukti, &log.bertanda(), |n| {
            std::future::ready(prove_tree(ukuran, n, &log.store))
        })
        .await
        .expect("recovers from a stale size");

    // Already at this size: the retry needs no proof.
    let tidak_dipanggil =
        |_: u64| std::future::ready(Err::<Vec<[u8; 32]>, String>("tidak boleh dipanggil".into()));
    klien
        .kirim_checkpoint(&s.url, 0, &[], &log.bertanda(), tidak_dipanggil)
        .await
        .expect("same size, empty proof");
    s.berhenti().await;
}

#[tokio::test]
async fn errors_say_what_went_wrong() {
    let mut log = Log::baru(ORIGIN, 3, 6);
    let d = tempfile::tempdir().expect("tempdir");
    let s = SaksiUji::mulai(d.path(), None, &[log.vkey()]).await;
    let klien = KlienSaksi::new();
    assert_eq!(s.kirim(log.permintaan(0)).await.0, 200);
    let tanpa = |_: u64| std::future::ready(Ok::<Vec<[u8; 32]>, String>(Vec::new()));

    // The witness is ahead of this (older) checkpoint.
    let lama = Log::baru(ORIGIN, 3, 4);
    let e = klien
        .kirim_checkpoint(&s.url, 0, &[], &lama.bertanda(), tanpa)
        .await
        .expect_err("witness ahead");
    assert!(
        matches!(
            e,
            KlienError::SaksiLebihMaju {
                tercatat: 6,
                ukuran: 4,
                ..
            }
        ),
        "{e}"
    );

    // The caller cannot build the proof.
    log.tambah(1);
    let e = klien
        .kirim_checkpoint(&s.url, 0, &[], &log.bertanda(), |_| async move {
            Err::<Vec<[u8; 32]>, _>("penyimpanan tidak tersedia")
        })
        .await
        .expect_err("no proof");
    assert!(matches!(e, KlienError::Bukti { dari: 6, .. }), "{e}");
    assert!(e.to_string().contains("penyimpanan tidak tersedia"));

    // Unknown log: 404.
    let lain = Log::baru("pakta.example.go.id/19.04/pilkada2029", 4, 1);
    let e = klien
        .kirim_checkpoint(&s.url, 0, &[], &lain.bertanda(), tanpa)
        .await
        .expect_err("unknown log");
    assert_eq!(e.status(), Some(404), "{e}");
    assert!(!e.bercabang());

    // Not a checkpoint at all: refused before sending.
    let e = klien
        .kirim_checkpoint(&s.url, 0, &[], "bukan checkpoint", tanpa)
        .await
        .expect_err("bad input");
    assert!(matches!(e, KlienError::CheckpointTidakValid(_)), "{e}");

    // The returned line must be by the expected witness key.
    let lain_saksi = netral_ledger::cosig::CosignerKey::from_seed("palsu", [5; 32]).expect("key");
    let tujuan = TujuanSaksi::baru(&s.url, &lain_saksi.vkey()).expect("vkey");
    let e = klien
        .kosignasi(&tujuan, 6, &log.bukti(6), &log.bertanda(), tanpa)
        .await
        .expect_err("wrong key");
    assert!(matches!(e, KlienError::JawabanTidakValid { .. }), "{e}");
    let url = s.url.clone();
    s.berhenti().await;

    // Nobody listening.
    let e = klien
        .kirim_checkpoint(&url, 0, &[], &log.bertanda(), tanpa)
        .await
        .expect_err("server stopped");
    assert!(matches!(e, KlienError::Jaringan { .. }), "{e}");
}

/// A misbehaving "witness" that always answers 409 with a growing size, or
/// garbage.
#[tokio::test]
async fn a_second_409_or_a_garbage_answer_is_an_error() {
    use axum::Router;
    use axum::routing::post;
    let app = Router::new()
        .route(
            "/selalu-409/add-checkpoint",
            post(|| async { (StatusCode::CONFLICT, "1\n") }),
        )
        .route(
            "/409-sampah/add-checkpoint",
            post(|| async { (StatusCode::CONFLICT, "banyak\n") }),
        )
        .route(
            "/200-sampah/add-checkpoint",
            post(|| async { (StatusCode::OK, "bukan tanda tangan\n") }),
        )
        .route(
            "/200-kosong/add-checkpoint",
            post(|| async { (StatusCode::OK, "") }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let log = Log::baru(ORIGIN, 3, 3);
    let klien = KlienSaksi::new();
    let bukti = |n: u64| std::future::ready(prove_tree(3, n, &log.store));
    let e = klien
        .kirim_checkpoint(
            &format!("{url}/selalu-409/"),
            0,
            &[],
            &log.bertanda(),
            bukti,
        )
        .await
        .expect_err("two 409s");
    assert!(
        matches!(e, KlienError::KonflikBerulang { tercatat: 1, .. }),
        "{e}"
    );
    for jalur in ["409-sampah", "200-sampah", "200-kosong"] {
        let e = klien
            .kirim_checkpoint(&format!("{url}/{jalur}"), 0, &[], &log.bertanda(), bukti)
            .await
            .expect_err(jalur);
        assert!(
            matches!(e, KlienError::JawabanTidakValid { .. }),
            "{jalur}: {e}"
        );
    }
    server.abort();
}

/// The sequencer pushes from a spawned task, with a proof closure that
/// awaits its storage: the client's future must be `Send + 'static`-friendly.
#[tokio::test]
async fn pushes_from_a_spawned_task_with_an_async_proof_closure() {
    let mut log = Log::baru(ORIGIN, 3, 4);
    let d = tempfile::tempdir().expect("tempdir");
    let s = SaksiUji::mulai(d.path(), None, &[log.vkey()]).await;
    assert_eq!(s.kirim(log.permintaan(0)).await.0, 200);
    log.tambah(4);
    let cp = log.bertanda();
    let store = std::sync::Arc::new(std::mem::take(&mut log.store));
    let url = s.url.clone();
    let tugas = tokio::spawn(async move {
        let klien = KlienSaksi::new();
        klien
            .kirim_checkpoint(&url, 0, &[], &cp, move |n| {
                let store = store.clone();
                async move {
                    tokio::task::yield_now().await;
                    prove_tree(8, n, &*store)
                }
            })
            .await
    });
    let baris = tugas.await.expect("task").expect("cosigned");
    assert_eq!(baris.len(), 1);
    assert_eq!(s.saksi.status(ORIGIN).map(|st| st.size), Some(8));
    s.berhenti().await;
}
