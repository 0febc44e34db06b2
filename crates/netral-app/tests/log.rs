//! The log service over a real SQLite store: keys, the sequencer (signs only when the log
//! grew, at most once per interval, integrates what is pending on shutdown), witness hooks
//! and cosignatures, and the refusal to start on a tampered tree, which `verifikasi_log`
//! then names.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use netral_app::akun::FormInstansi;
use netral_app::log::{CheckpointDitandatangani, KaitCheckpoint, KonfigurasiLog};
use netral_app::{App, JamSistem, Konfigurasi, Pelaku};
use netral_domain::entri::{Entri, JenisEntri, Pengenal};
use netral_domain::organisasi::Instansi;
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::note::Verifier;
use netral_ledger::proof::{verify_consistency, verify_inclusion};
use netral_store::DaunBaru;
use netral_store_sqlite::SqliteStore;

struct Uji {
    dir: tempfile::TempDir,
    app: App,
    instansi: Instansi,
}

fn app_di(dir: &std::path::Path, interval: Duration) -> App {
    let store = SqliteStore::open(dir.join("netral.db")).unwrap();
    App::new(
        Arc::new(store),
        Arc::new(JamSistem),
        Konfigurasi {
            argon2_ringan: true,
            log: KonfigurasiLog {
                host_publik: "pakta.localhost".into(),
                folder_kunci: Some(dir.join("kunci")),
                interval,
                batch_integrasi: 7,
                url_publik: None,
            },
            ..Konfigurasi::default()
        },
    )
}

async fn siapkan(interval: Duration) -> Uji {
    let dir = tempfile::tempdir().unwrap();
    let app = app_di(dir.path(), interval);
    let (instansi, _) = app
        .tambah_instansi(
            &Pelaku::Cli("uji".into()),
            FormInstansi {
                kode: "19.71".into(),
                nama: "Kota Pangkalpinang".into(),
                jenis: "KOTA".into(),
                kepala_daerah: None,
                status_kepala: None,
                demo: false,
            },
        )
        .await
        .unwrap();
    Uji { dir, app, instansi }
}

fn entri(i: u64) -> DaunBaru {
    let e = Entri {
        jenis: JenisEntri::TandaTangan,
        instansi: "19.71".into(),
        pengenal: vec![Pengenal::Angka(1), Pengenal::Angka(i)],
        waktu_ms: 1_750_000_000_000 + i,
        hash_isi: [i as u8; 32],
        komitmen: Some([7; 32]),
    };
    DaunBaru::baru(e.encode().unwrap())
}

async fn tambah(u: &Uji, dari: u64, sampai: u64) {
    let daun: Vec<DaunBaru> = (dari..sampai).map(entri).collect();
    u.app.store.tambah_daun(u.instansi.id, &daun).await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn menandatangani_hanya_jika_tumbuh() {
    let u = siapkan(Duration::from_secs(1)).await;
    // First step: the log gets its key and an empty checkpoint.
    let cps = u.app.langkah_log().await.unwrap();
    assert_eq!(cps.len(), 1);
    assert_eq!(cps[0].ukuran, 0);
    assert_eq!(cps[0].origin, "pakta.localhost/19.71/kota-pangkalpinang");
    assert!(u.app.langkah_log().await.unwrap().is_empty());

    let kunci = u.dir.path().join("kunci/19.71.key");
    let teks = std::fs::read_to_string(&kunci).unwrap();
    assert!(teks.starts_with("PRIVATE+KEY+pakta.localhost/19.71/kota-pangkalpinang+"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&kunci).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
        let mode = std::fs::metadata(u.dir.path().join("kunci/19.71.garam"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    tambah(&u, 0, 20).await;
    let cps = u.app.langkah_log().await.unwrap();
    assert_eq!(cps.len(), 1);
    assert_eq!(cps[0].ukuran, 20);
    assert!(u.app.langkah_log().await.unwrap().is_empty(), "not grown");
    // Re-appending known leaves does not grow the log either.
    tambah(&u, 5, 10).await;
    assert!(u.app.langkah_log().await.unwrap().is_empty());

    let vkey = u.app.vkey_publik("19.71").await.unwrap();
    let v = Verifier::from_vkey(&vkey).unwrap();
    let cp = u.app.checkpoint_publik("19.71").await.unwrap();
    let (isi, _) = Checkpoint::open(&cp.teks, &[&v]).unwrap();
    assert_eq!(isi.size, 20);
    let b = u
        .app
        .bukti_inklusi("19.71", &entri(13).hash, None)
        .await
        .unwrap();
    assert_eq!((b.indeks, b.ukuran), (13, 20));
    verify_inclusion(13, 20, &entri(13).hash, &b.bukti, &isi.root).unwrap();

    tambah(&u, 20, 45).await;
    u.app.langkah_log().await.unwrap();
    let cp2 = u.app.checkpoint_publik("19.71").await.unwrap();
    let (isi2, _) = Checkpoint::open(&cp2.teks, &[&v]).unwrap();
    let bukti = u.app.bukti_konsistensi("19.71", 20, 45).await.unwrap();
    verify_consistency(20, 45, &bukti, &isi.root, &isi2.root).unwrap();
    // An older size still has its own checkpoint and proof.
    let b = u
        .app
        .bukti_inklusi("19.71", &entri(3).hash, Some(20))
        .await
        .unwrap();
    assert_eq!(b.checkpoint, cp.teks);
    assert!(
        u.app
            .bukti_inklusi("19.71", &entri(3).hash, Some(21))
            .await
            .is_err()
    );

    let lap = u.app.verifikasi_log(&u.instansi).await.unwrap();
    assert!(lap.konsisten(), "{:?}", lap.masalah);
    assert_eq!((lap.daun, lap.pohon, lap.checkpoint), (45, 45, 3));
    assert_eq!(lap.akar, Some(isi2.root));
    assert!(lap.peringatan.is_empty(), "{:?}", lap.peringatan);

    // The commitment is salted: stable per log, not the bare hash of the NIP.
    let k1 = u
        .app
        .komitmen_nip(&u.instansi, "198609262015051001")
        .await
        .unwrap();
    let k2 = u
        .app
        .komitmen_nip(&u.instansi, "198609262015051001")
        .await
        .unwrap();
    assert_eq!(k1, k2);
    use sha2::Digest;
    let polos: [u8; 32] = sha2::Sha256::digest(b"198609262015051001").into();
    assert_ne!(k1, polos);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn laju_dan_integrasi_saat_berhenti() {
    let u = siapkan(Duration::from_millis(200)).await;
    let seq = u.app.mulai_sequencer().await.unwrap();
    let mulai = Instant::now();
    let mut n = 0;
    while mulai.elapsed() < Duration::from_millis(1100) {
        tambah(&u, n, n + 3).await;
        n += 3;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    tambah(&u, n, n + 5).await;
    n += 5;
    let akhir = seq.berhenti().await.unwrap();
    let lama = mulai.elapsed();
    let semua = u.app.store.daftar_checkpoint(u.instansi.id).await.unwrap();
    assert_eq!(
        semua.last().unwrap().ukuran,
        n,
        "shutdown integrates what is pending"
    );
    assert!(akhir.iter().any(|c| c.ukuran == n) || semua.len() > 1);
    // At most one checkpoint per interval (plus the empty one at start and the final one).
    let batas = (lama.as_millis() / 200) as usize + 3;
    assert!(
        semua.len() <= batas,
        "{} checkpoints in {lama:?}",
        semua.len()
    );
    assert!(semua.len() >= 4, "{} checkpoints in {lama:?}", semua.len());
    let lap = u.app.verifikasi_log(&u.instansi).await.unwrap();
    assert!(lap.konsisten(), "{:?}", lap.masalah);
}

fn baris_saksi(ukuran: u64) -> String {
    use base64::Engine;
    let sig = base64::engine::general_purpose::STANDARD.encode([0, 0, 0, 1, ukuran as u8]);
    format!("— saksi.example/a {sig}")
}

#[derive(Default)]
struct Saksi(Mutex<Vec<CheckpointDitandatangani>>);

#[async_trait::async_trait]
impl KaitCheckpoint for Saksi {
    async fn checkpoint_baru(&self, app: &App, cp: &CheckpointDitandatangani) {
        let i = app.store.instansi(cp.instansi_id).await.unwrap().unwrap();
        app.terima_kosignatur(&i, cp.ukuran, &[baris_saksi(cp.ukuran)])
            .await
            .unwrap();
        self.0.lock().unwrap().push(cp.clone());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kait_saksi_dan_kosignatur() {
    let u = siapkan(Duration::from_secs(1)).await;
    let saksi = Arc::new(Saksi::default());
    u.app.tambah_kait_checkpoint(saksi.clone());
    u.app.langkah_log().await.unwrap();
    tambah(&u, 0, 4).await;
    u.app.langkah_log().await.unwrap();
    for _ in 0..100 {
        if saksi.0.lock().unwrap().len() == 2 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let dilihat: Vec<u64> = saksi.0.lock().unwrap().iter().map(|c| c.ukuran).collect();
    assert_eq!(dilihat, vec![0, 4]);
    let cp = u.app.checkpoint_publik("19.71").await.unwrap();
    assert!(
        cp.teks.ends_with(&format!("\n{}\n", baris_saksi(4))),
        "{}",
        cp.teks
    );
    // The log's own signature still verifies with cosignatures appended.
    let v = Verifier::from_vkey(&u.app.vkey_publik("19.71").await.unwrap()).unwrap();
    Checkpoint::open(&cp.teks, &[&v]).unwrap();
    assert!(
        u.app
            .terima_kosignatur(&u.instansi, 4, &["bukan tanda tangan".into()])
            .await
            .is_err()
    );
}

fn sql(u: &Uji, perintah: &str) {
    let c = rusqlite::Connection::open(u.dir.path().join("netral.db")).unwrap();
    c.execute_batch(perintah).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn menolak_mulai_jika_hash_pohon_diubah() {
    let u = siapkan(Duration::from_secs(1)).await;
    tambah(&u, 0, 30).await;
    u.app.langkah_log().await.unwrap();
    drop(u.app.mulai_sequencer().await.unwrap());
    // Overwrite the stored hash of subtree [16, 24), which the root at 30 is built from.
    let idx = netral_ledger::tree::stored_hash_index(3, 2);
    sql(
        &u,
        &format!(
            "DROP TRIGGER log_hash_no_update;
             UPDATE log_hash SET hash = zeroblob(32) WHERE idx = {idx};"
        ),
    );
    // A fresh process with the same key refuses to start …
    let app = app_di(u.dir.path(), Duration::from_secs(1));
    let e = app.mulai_sequencer().await.err().expect("start refused");
    assert!(
        format!("{e:?}").contains("tidak memperluas checkpoint"),
        "{e:?}"
    );
    // … and the rebuild names the first divergence: leaf 23 completed that subtree.
    let lap = app.verifikasi_log(&u.instansi).await.unwrap();
    assert!(!lap.konsisten());
    let m = lap.divergensi_pertama().unwrap();
    assert_eq!(m.daun, 23, "{:?}", lap.masalah);
    assert!(m.pesan.contains(&format!("#{idx}")), "{}", m.pesan);
    // An interior hash off the root's path (leaf 9's) does not change the root, so only
    // the full rebuild sees it; it is now the first divergence.
    sql(
        &u,
        "UPDATE log_hash SET hash = zeroblob(32) WHERE idx = 16;",
    );
    let lap = app.verifikasi_log(&u.instansi).await.unwrap();
    let m = lap.divergensi_pertama().unwrap();
    assert_eq!(m.daun, 9, "{:?}", lap.masalah);
    assert!(m.pesan.contains("#16"), "{}", m.pesan);
    // A proof through the bad hash is refused rather than served.
    assert!(
        app.bukti_inklusi("19.71", &entri(8).hash, None)
            .await
            .is_err()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verifikasi_menemukan_daun_diubah() {
    let u = siapkan(Duration::from_secs(1)).await;
    tambah(&u, 0, 30).await;
    u.app.langkah_log().await.unwrap();
    // Rewrite leaf 21's entry and hash consistently, and the stored leaf hash too: only
    // the rebuilt interior hashes and the checkpoint root give it away.
    let palsu = entri(1000);
    sql(
        &u,
        &format!(
            "DROP TRIGGER log_daun_no_update; DROP TRIGGER log_hash_no_update;
             UPDATE log_daun SET entri = x'{}', hash = x'{}' WHERE idx = 21;
             UPDATE log_hash SET hash = x'{}' WHERE idx = {};",
            hex::encode(&palsu.entri),
            hex::encode(palsu.hash),
            hex::encode(palsu.hash),
            netral_ledger::tree::stored_hash_index(0, 21)
        ),
    );
    let app = app_di(u.dir.path(), Duration::from_secs(1));
    let lap = app.verifikasi_log(&u.instansi).await.unwrap();
    let m = lap.divergensi_pertama().unwrap();
    assert_eq!(m.daun, 21, "{:?}", lap.masalah);
    assert!(m.pesan.contains("hash pohon tersimpan"), "{}", m.pesan);
    assert!(
        lap.masalah
            .iter()
            .any(|m| m.pesan.contains("checkpoint ukuran 30: akar")),
        "{:?}",
        lap.masalah
    );

    // An entry changed without its hash is caught at the leaf itself.
    let u = siapkan(Duration::from_secs(1)).await;
    tambah(&u, 0, 10).await;
    u.app.langkah_log().await.unwrap();
    sql(
        &u,
        "DROP TRIGGER log_daun_no_update; UPDATE log_daun SET entri = x'00' WHERE idx = 4;",
    );
    let lap = u.app.verifikasi_log(&u.instansi).await.unwrap();
    let m = lap.divergensi_pertama().unwrap();
    assert_eq!(m.daun, 4);
    assert!(m.pesan.contains("SHA-256(0x00"), "{}", m.pesan);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn kunci_hilang_tidak_diganti() {
    let u = siapkan(Duration::from_secs(1)).await;
    u.app.langkah_log().await.unwrap();
    std::fs::remove_file(u.dir.path().join("kunci/19.71.key")).unwrap();
    let app = app_di(u.dir.path(), Duration::from_secs(1));
    let e = app.kunci_log(&u.instansi).await.unwrap_err();
    assert!(
        format!("{e:?}").contains("jangan membuat kunci baru"),
        "{e:?}"
    );
    assert!(app.mulai_sequencer().await.is_err());
}

/// The same refusal on PostgreSQL (skipped without `NETRAL_TEST_PG_URL`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn menolak_mulai_jika_pohon_diubah_postgres() {
    let Some(url) = std::env::var("NETRAL_TEST_PG_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        eprintln!("SKIPPED: NETRAL_TEST_PG_URL not set");
        return;
    };
    let skema = format!("t_{:016x}", rand::random::<u64>());
    let (c, conn) = tokio_postgres::connect(&url, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    c.batch_execute(&format!("CREATE SCHEMA {skema}"))
        .await
        .unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    let url_skema = format!("{url}{sep}options=-c%20search_path%3D{skema}");
    let dir = tempfile::tempdir().unwrap();
    let buat = || async {
        let store = netral_store_postgres::PostgresStore::connect(&url_skema)
            .await
            .unwrap();
        App::new(
            Arc::new(store),
            Arc::new(JamSistem),
            Konfigurasi {
                log: KonfigurasiLog {
                    folder_kunci: Some(dir.path().join("kunci")),
                    ..KonfigurasiLog::default()
                },
                ..Konfigurasi::default()
            },
        )
    };
    let app = buat().await;
    let (instansi, _) = app
        .tambah_instansi(
            &Pelaku::Cli("uji".into()),
            FormInstansi {
                kode: "19.71".into(),
                nama: "Kota Pangkalpinang".into(),
                jenis: "KOTA".into(),
                kepala_daerah: None,
                status_kepala: None,
                demo: false,
            },
        )
        .await
        .unwrap();
    let daun: Vec<DaunBaru> = (0..30).map(entri).collect();
    app.store.tambah_daun(instansi.id, &daun).await.unwrap();
    app.langkah_log().await.unwrap();
    assert!(app.verifikasi_log(&instansi).await.unwrap().konsisten());
    let idx = netral_ledger::tree::stored_hash_index(3, 2) as i64;
    let k = tokio_postgres::connect(&url_skema, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(k.1);
    k.0.batch_execute(&format!(
        "ALTER TABLE log_hash DISABLE TRIGGER log_hash_no_update;
         UPDATE log_hash SET hash = decode(repeat('00', 32), 'hex') WHERE idx = {idx};"
    ))
    .await
    .unwrap();
    let app2 = buat().await;
    let e = app2.mulai_sequencer().await.err().expect("start refused");
    assert!(
        format!("{e:?}").contains("tidak memperluas checkpoint"),
        "{e:?}"
    );
    let lap = app2.verifikasi_log(&instansi).await.unwrap();
    assert_eq!(
        lap.divergensi_pertama().unwrap().daun,
        23,
        "{:?}",
        lap.masalah
    );
    c.batch_execute(&format!("DROP SCHEMA {skema} CASCADE"))
        .await
        .unwrap();
}
