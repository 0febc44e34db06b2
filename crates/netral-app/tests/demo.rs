//! The demo's pacts (issue #4 §9) over a real store (SQLite; PostgreSQL too when
//! `NETRAL_TEST_PG_URL` is set), with a reduced Pemda of 600 employees: signatures by every
//! method, witness statements, revocations, attendance, progress strictly between 0 and
//! 100 %, times rising with log order, a checkpoint covering everything, PDFs that render,
//! and a second run that adds nothing.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod alat;

use std::sync::Arc;

use netral_app::log::KonfigurasiLog;
use netral_app::{App, JamSistem, Konfigurasi, Pelaku};
use netral_domain::pakta::MetodeTandaTangan;
use netral_store::ttd::FilterTtd;
use netral_store::{Halaman, Store};

async fn store(postgres: bool, dir: &std::path::Path) -> Option<Arc<dyn Store>> {
    let b = if postgres {
        alat::Backend::Postgres
    } else {
        alat::Backend::Sqlite
    };
    alat::store_di(b, dir).await
}

fn app(store: Arc<dyn Store>, dir: &std::path::Path) -> App {
    App::new(
        store,
        Arc::new(JamSistem),
        Konfigurasi {
            argon2_ringan: true,
            log: KonfigurasiLog {
                host_publik: "pakta.localhost".into(),
                folder_kunci: Some(dir.join("kunci")),
                ..KonfigurasiLog::default()
            },
            ..Konfigurasi::default()
        },
    )
}

async fn uji_demo(postgres: bool) {
    let dir = tempfile::tempdir().unwrap();
    let Some(store) = store(postgres, dir.path()).await else {
        return;
    };
    let app = app(store.clone(), dir.path());
    let (hasil, r) = app.siapkan_demo_lengkap(600).await.unwrap();
    let inst = hasil.instansi;
    assert!(r.dibuat);
    assert_eq!((r.pemilihan, r.templat, r.kampanye), (2, 3, 3), "{r:?}");
    let cli = Pelaku::Cli("uji".into());
    for p in app.daftar_pemilihan(&cli, inst.id).await.unwrap() {
        assert_eq!(p.tahapan.len(), 7, "{}", p.nama);
    }
    for m in ["DARING_OTP", "KIOSK", "KERTAS_PINDAI"] {
        assert!(r.per_metode.get(m).copied().unwrap_or(0) > 0, "{m}: {r:?}");
    }
    assert!(r.perwakilan == 1 && r.diwakili >= 1, "{r:?}");
    // Pj: Dandim, Kapolresta, Kajari; Sekda: the Pj and the same three.
    assert_eq!(r.saksi, 7, "{r:?}");
    assert_eq!(r.dibatalkan, 2, "{r:?}");
    assert!(r.hadir_deklarasi > 100, "{r:?}");
    assert!(r.ttd_2024 > 0, "{r:?}");
    assert!(0 < r.sudah && r.sudah < r.wajib, "{r:?}");
    assert!(
        !r.unit_tertinggal.is_empty() && !r.tahap_terlambat.is_empty(),
        "{r:?}"
    );

    // Every signature, in log order, with times that never go back.
    let mut semua = Vec::new();
    for nomor in 1.. {
        let (v, total) = store
            .daftar_tanda_tangan(
                inst.id,
                &FilterTtd::default(),
                Halaman { nomor, ukuran: 500 },
            )
            .await
            .unwrap();
        semua.extend(v);
        if semua.len() as u64 >= total {
            break;
        }
    }
    semua.sort_by_key(|t| t.indeks_daun);
    assert!(semua.len() > 500);
    for w in semua.windows(2) {
        assert!(w[0].ttd.data.waktu <= w[1].ttd.data.waktu, "waktu mundur");
    }
    let batal: Vec<_> = semua
        .iter()
        .filter(|t| t.ttd.pembatalan.is_some())
        .collect();
    assert_eq!(batal.len(), 2);
    assert!(
        batal
            .iter()
            .all(|t| t.ttd.pembatalan.as_ref().unwrap().alasan.len() > 20)
    );
    // Kiosk by staff card and by one-time code, each recorded as KIOSK.
    let kios: Vec<_> = semua
        .iter()
        .filter(|t| t.ttd.data.metode == MetodeTandaTangan::Kiosk)
        .collect();
    assert!(kios.iter().all(|t| {
        t.ttd
            .data
            .lokasi
            .as_deref()
            .unwrap_or("")
            .starts_with("kios ")
    }));
    // Paper signatures keep their scan's hash.
    assert!(
        semua
            .iter()
            .filter(|t| t.ttd.data.metode == MetodeTandaTangan::KertasPindai)
            .all(|t| t.ttd.data.bukti_hash.is_some())
    );

    // A new campaign reuses the registry: people who signed the 2024 pact hold a second,
    // separate active signature on the 2025 one.
    let mut per_pegawai = std::collections::HashMap::new();
    for t in semua.iter().filter(|t| t.ttd.pembatalan.is_none()) {
        per_pegawai
            .entry(t.ttd.data.pegawai_id)
            .or_insert_with(std::collections::BTreeSet::new)
            .insert(t.ttd.data.template_id);
    }
    assert!(per_pegawai.values().filter(|v| v.len() >= 2).count() as u64 >= r.ttd_2024 / 2);
    // Signatures spread over several mornings: the per-hour chart has a shape.
    let k25 = app
        .daftar_kampanye(&cli, inst.id)
        .await
        .unwrap()
        .into_iter()
        .find(|k| k.nama == netral_app::demo::pakta::KAMPANYE_2025)
        .unwrap();
    let snap = app.keadaan_kampanye(inst.id, k25.id).await.unwrap();
    let jam: Vec<u64> = snap.per_jam().iter().map(|(_, n)| *n).collect();
    assert!(jam.len() >= 10, "{jam:?}");
    assert!(jam.iter().max() > jam.iter().min(), "{jam:?}");

    // The sequencer step at the end covers every leaf: PDFs download at once.
    let log = store
        .daftar_log()
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.instansi_id == inst.id)
        .unwrap();
    assert_eq!(log.checkpoint, Some(log.urut));
    assert_eq!(log.pohon, log.urut);
    for m in [
        MetodeTandaTangan::DaringOtp,
        MetodeTandaTangan::KertasPindai,
        MetodeTandaTangan::Perwakilan,
    ] {
        let t = semua.iter().find(|t| t.ttd.data.metode == m).unwrap();
        let pdf = app.pdf_tanda_tangan(&cli, &inst, t.ttd.id).await.unwrap();
        assert!(pdf.starts_with(b"%PDF-"), "{m:?}");
    }

    // A second run (a new process: a fresh App on the same store) adds nothing.
    let app2 = app_baru(store.clone(), dir.path());
    let (_, r2) = app2.siapkan_demo_lengkap(600).await.unwrap();
    assert!(!r2.dibuat);
    assert_eq!(r2.per_metode, r.per_metode);
    assert_eq!((r2.sudah, r2.wajib, r2.saksi), (r.sudah, r.wajib, r.saksi));
    let log2 = store
        .daftar_log()
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.instansi_id == inst.id)
        .unwrap();
    assert_eq!(log2.urut, log.urut, "run kedua menambah daun log");
}

fn app_baru(store: Arc<dyn Store>, dir: &std::path::Path) -> App {
    app(store, dir)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_sqlite() {
    uji_demo(false).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_postgres() {
    uji_demo(true).await;
}
