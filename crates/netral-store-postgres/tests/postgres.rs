//! PostgreSQL-specific behaviour: the append-only audit log, migrations (idempotent,
//! concurrent, tamper-evident), concurrent imports from two processes, error wording and
//! bulk import speed.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use std::time::Instant;

use netral_domain::ident::Nip;
use netral_domain::impor::{BarisImpor, rencanakan};
use netral_domain::pegawai::Identitas;
use netral_store::conformance::{baris, instansi_baru, jejak, pns};
use netral_store::*;
use netral_store_postgres::{MIGRASI, PostgresStore};
use tokio_postgres::error::SqlState;

fn ringkasan(instansi: InstansiId) -> AuditBaru {
    AuditBaru {
        instansi_id: instansi,
        aksi: "IMPOR_PEGAWAI".into(),
        entitas: "pegawai".into(),
        entitas_id: None,
        sebelum: None,
        sesudah: Some("{}".into()),
    }
}

async fn pemda(store: &PostgresStore) -> Instansi {
    store
        .simpan_instansi(&instansi_baru("19.71", "Kota Pangkalpinang"), &jejak(0))
        .await
        .unwrap()
        .0
}

async fn hitung(c: &tokio_postgres::Client, sql: &str) -> i64 {
    c.query_one(sql, &[]).await.unwrap().get(0)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_log_hanya_tambah() {
    let Some(uji) = common::baru().await else {
        return;
    };
    let a = pemda(&uji.store).await;
    uji.store
        .catat_audit(
            &AuditBaru {
                instansi_id: a.id,
                aksi: "UJI".into(),
                entitas: "uji".into(),
                entitas_id: None,
                sebelum: None,
                sesudah: None,
            },
            &jejak(1),
        )
        .await
        .unwrap();
    let c = uji.skema.klien().await;
    let sebelum = hitung(&c, "SELECT COUNT(*) FROM audit_log").await;
    assert_eq!(sebelum, 2);
    for sql in [
        "UPDATE audit_log SET aksi = 'PALSU'",
        "UPDATE audit_log SET aksi = 'PALSU' WHERE FALSE",
        "DELETE FROM audit_log",
        "DELETE FROM audit_log WHERE aksi = 'UJI'",
        "TRUNCATE audit_log",
    ] {
        let err = c.batch_execute(sql).await.expect_err(sql);
        assert_eq!(
            err.code(),
            Some(&SqlState::RESTRICT_VIOLATION),
            "{sql}: {err}"
        );
    }
    assert_eq!(hitung(&c, "SELECT COUNT(*) FROM audit_log").await, sebelum);
    let aksi: String = c
        .query_one("SELECT aksi FROM audit_log ORDER BY id DESC LIMIT 1", &[])
        .await
        .unwrap()
        .get(0);
    assert_eq!(aksi, "UJI");
    uji.bersihkan().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrasi_idempoten() {
    let Some(uji) = common::baru().await else {
        return;
    };
    let a = pemda(&uji.store).await;
    for _ in 0..2 {
        let lagi = PostgresStore::connect(&uji.skema.url)
            .await
            .expect("reconnect");
        assert_eq!(
            lagi.instansi(a.id).await.unwrap(),
            Some(a.clone()),
            "data kept"
        );
    }
    let c = uji.skema.klien().await;
    assert_eq!(
        hitung(&c, "SELECT COUNT(*) FROM skema_migrasi").await,
        MIGRASI.len() as i64
    );
    uji.bersihkan().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrasi_bersamaan() {
    let Some(skema) = common::skema_baru().await else {
        return;
    };
    // Several servers starting at once on an empty schema: each migration applied once.
    let hasil = tokio::join!(
        PostgresStore::connect(&skema.url),
        PostgresStore::connect(&skema.url),
        PostgresStore::connect(&skema.url),
        PostgresStore::connect(&skema.url),
    );
    for r in [hasil.0, hasil.1, hasil.2, hasil.3] {
        r.expect("concurrent connect");
    }
    let c = skema.klien().await;
    assert_eq!(
        hitung(&c, "SELECT COUNT(*) FROM skema_migrasi").await,
        MIGRASI.len() as i64
    );
    skema.hapus().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrasi_diubah_ditolak() {
    let Some(uji) = common::baru().await else {
        return;
    };
    // The recorded hash no longer matches the embedded file: as if the file was edited.
    let c = uji.skema.klien().await;
    c.batch_execute("UPDATE skema_migrasi SET sha256 = repeat('0', 64) WHERE versi = 1")
        .await
        .unwrap();
    match PostgresStore::connect(&uji.skema.url).await {
        Err(StoreError::Migrasi(m)) => {
            assert_eq!(
                m,
                "migrasi 1 (registri) sudah diterapkan tetapi isinya berubah; migrasi tidak boleh diubah"
            );
        }
        other => panic!("expected Migrasi, got {other:?}"),
    }
    uji.bersihkan().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn impor_bersamaan_satu_menang() {
    let Some(uji) = common::baru().await else {
        return;
    };
    // Two server processes: two pools on one database.
    let lain = PostgresStore::connect(&uji.skema.url).await.unwrap();
    let a = pemda(&uji.store).await;
    for putaran in 0..5u32 {
        let versi = uji.store.versi_registri(a.id).await.unwrap();
        let tersimpan = uji.store.pegawai_tersimpan(a.id).await.unwrap();
        let dinas_a = format!("Dinas A{putaran}");
        let dinas_b = format!("Dinas B{putaran}");
        let ra = rencanakan(
            &tersimpan,
            vec![baris(pns(2 * putaran + 1, "Andi", &[&dinas_a]))],
            false,
        );
        let rb = rencanakan(
            &tersimpan,
            vec![baris(pns(2 * putaran + 2, "Bunga", &[&dinas_b]))],
            false,
        );
        let (ringkas, ja, jb) = (ringkasan(a.id), jejak(10), jejak(11));
        let (x, y) = tokio::join!(
            uji.store
                .tulis_impor(a.id, versi, std::sync::Arc::new(ra.clone()), &ringkas, &ja),
            lain.tulis_impor(a.id, versi, std::sync::Arc::new(rb.clone()), &ringkas, &jb),
        );
        let (menang, kalah) = match (&x, &y) {
            (Ok(_), Err(StoreError::Konflik(_))) => (&dinas_a, &dinas_b),
            (Err(StoreError::Konflik(_)), Ok(_)) => (&dinas_b, &dinas_a),
            other => panic!("exactly one import must win, got {other:?}"),
        };
        assert_eq!(uji.store.versi_registri(a.id).await.unwrap(), versi + 1);
        let units = uji.store.daftar_unit(a.id).await.unwrap();
        assert!(units.iter().any(|u| &u.nama == menang));
        assert!(
            !units.iter().any(|u| &u.nama == kalah),
            "loser wrote its unit"
        );
        assert_eq!(units.len() as u32, putaran + 1);
        assert_eq!(
            uji.store.pegawai_tersimpan(a.id).await.unwrap().len() as u32,
            putaran + 1
        );
        let impor = uji
            .store
            .daftar_audit(a.id, 1000, None)
            .await
            .unwrap()
            .iter()
            .filter(|e| e.aksi == "IMPOR_PEGAWAI")
            .count();
        assert_eq!(impor as u32, putaran + 1, "loser wrote its audit entry");
    }
    uji.bersihkan().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn simpan_bersamaan_idempoten() {
    let Some(uji) = common::baru().await else {
        return;
    };
    let lain = PostgresStore::connect(&uji.skema.url).await.unwrap();
    // Two servers registering the same Pemda and account at once: one creates, the other
    // finds it (no Konflik, no duplicate).
    let baru = instansi_baru("19.71", "Kota Pangkalpinang");
    let (j0, j1) = (jejak(0), jejak(1));
    let (x, y) = tokio::join!(
        uji.store.simpan_instansi(&baru, &j0),
        lain.simpan_instansi(&baru, &j1)
    );
    let (x, y) = (x.unwrap(), y.unwrap());
    assert_eq!(x.0, y.0);
    let mut p = [x.1, y.1];
    p.sort_by_key(|p| format!("{p:?}"));
    assert_eq!(p, [Perubahan::Dibuat, Perubahan::Tetap]);
    let user = UserBaru {
        instansi_id: x.0.id,
        username: Username::parse("admin").unwrap(),
        nama: "Admin".into(),
        peran: Peran::Bkpsdm,
        unit_id: None,
        hash_sandi: Some("h".into()),
    };
    let (x, y) = tokio::join!(
        uji.store.simpan_user(&user, &j0),
        lain.simpan_user(&user, &j1)
    );
    let (x, y) = (x.unwrap(), y.unwrap());
    assert_eq!(x.0, y.0);
    assert_eq!(
        uji.store.daftar_user(user.instansi_id).await.unwrap().len(),
        1
    );
    uji.bersihkan().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn konflik_tanpa_teks_postgres() {
    let Some(uji) = common::baru().await else {
        return;
    };
    let a = pemda(&uji.store).await;
    let versi = uji.store.versi_registri(a.id).await.unwrap();
    let dobel = RencanaImpor {
        baru: vec![
            baris(pns(5, "Eko", &["Dinas X"])),
            baris(pns(5, "Eko", &["Dinas X"])),
        ],
        ..Default::default()
    };
    match uji
        .store
        .tulis_impor(
            a.id,
            versi,
            std::sync::Arc::new(dobel.clone()),
            &ringkasan(a.id),
            &jejak(3),
        )
        .await
    {
        Err(StoreError::Konflik(m)) => {
            assert!(m.contains("identitas pegawai ganda"), "{m}");
            assert!(
                !m.contains("duplicate") && !m.contains("ERROR"),
                "PostgreSQL text leaked: {m}"
            );
        }
        other => panic!("expected Konflik, got {other:?}"),
    }
    // The same employee twice among the changes is refused too, and nothing is written.
    let rows = [pns(1, "Andi", &["Dinas X"])];
    let r = rencanakan(&[], rows.iter().cloned().map(baris).collect(), false);
    uji.store
        .tulis_impor(
            a.id,
            versi,
            std::sync::Arc::new(r.clone()),
            &ringkasan(a.id),
            &jejak(4),
        )
        .await
        .unwrap();
    let tersimpan = uji.store.pegawai_tersimpan(a.id).await.unwrap();
    let mut ubah = rows[0].clone();
    ubah.nama = "Andi Baru".into();
    let mut r = rencanakan(&tersimpan, vec![baris(ubah.clone())], false);
    r.ubah.push(r.ubah[0].clone());
    let versi = uji.store.versi_registri(a.id).await.unwrap();
    assert!(matches!(
        uji.store
            .tulis_impor(
                a.id,
                versi,
                std::sync::Arc::new(r.clone()),
                &ringkasan(a.id),
                &jejak(5)
            )
            .await,
        Err(StoreError::Konflik(_))
    ));
    assert_eq!(uji.store.versi_registri(a.id).await.unwrap(), versi);
    uji.bersihkan().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cari_parameter_terikat() {
    let Some(uji) = common::baru().await else {
        return;
    };
    let a = pemda(&uji.store).await;
    let versi = uji.store.versi_registri(a.id).await.unwrap();
    let r = rencanakan(&[], vec![baris(pns(1, "O'Brien", &["Dinas X"]))], false);
    uji.store
        .tulis_impor(
            a.id,
            versi,
            std::sync::Arc::new(r.clone()),
            &ringkasan(a.id),
            &jejak(1),
        )
        .await
        .unwrap();
    let h = Halaman {
        nomor: 1,
        ukuran: 10,
    };
    for (q, n) in [
        ("o'brien", 1),
        ("'; DROP TABLE pegawai; --", 0),
        ("%", 0),
        ("_", 0),
        ("\\", 0),
    ] {
        let f = FilterPegawai {
            q: Some(q.into()),
            ..Default::default()
        };
        assert_eq!(
            uji.store.cari_pegawai(a.id, &f, h).await.unwrap().1,
            n,
            "{q}"
        );
    }
    assert_eq!(uji.store.pegawai_tersimpan(a.id).await.unwrap().len(), 1);
    uji.bersihkan().await;
}

/// The application's fingerprint: SHA-256 of the row's JSON.
fn sidik(d: &netral_domain::pegawai::DataPegawai) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(serde_json::to_vec(d).unwrap()))
}

/// A valid, unique NIP for every `i` below a few million.
fn nip_ke(i: u32) -> String {
    let urut = i % 999 + 1;
    let j = i / 999;
    let kelamin = 1 + j % 2;
    let j = j / 2;
    let tmt = j % 12 + 1;
    let j = j / 12;
    let hari = j % 28 + 1;
    let j = j / 28;
    let bulan = j % 12 + 1;
    let tahun = 1965 + j / 12;
    format!("{tahun:04}{bulan:02}{hari:02}2010{tmt:02}{kelamin}{urut:03}")
}

/// `n` employees in 40 OPDs × 5 sub-units, 6 posts per sub-unit; every 20th is the
/// superior of the next 19 (listed before them or after, alternately).
fn pegawai_besar(n: u32) -> Vec<BarisImpor> {
    (0..n)
        .map(|i| {
            let opd = format!("Dinas {:02}", i % 40);
            let sub = format!("Bidang {}", (i / 40) % 5);
            let mut d = pns(0, &format!("Pegawai {i:07}"), &[&opd, &sub]);
            d.nip = Some(Nip::parse(&nip_ke(i)).unwrap());
            d.jabatan_nama = Some(format!("Jabatan {}", (i / 200) % 6));
            let kepala = i - i % 20;
            if kepala != i {
                d.atasan_identitas = Some(nip_ke(kepala));
            }
            BarisImpor {
                baris: i + 2,
                identitas: Identitas::from_stored(nip_ke(i)),
                sidik: sidik(&d),
                data: d,
            }
        })
        .collect()
}

async fn impor_besar(n: u32) {
    let Some(uji) = common::baru().await else {
        return;
    };
    let a = pemda(&uji.store).await;
    let rows = pegawai_besar(n);
    let r = rencanakan(&[], rows, false);
    let mulai = Instant::now();
    let hasil = uji
        .store
        .tulis_impor(
            a.id,
            0,
            std::sync::Arc::new(r.clone()),
            &ringkasan(a.id),
            &jejak(1),
        )
        .await
        .unwrap();
    let baru = mulai.elapsed();
    assert_eq!(hasil.unit_baru, 40 + 200);
    assert_eq!(hasil.jabatan_baru, 200 * 6);
    let c = uji.skema.klien().await;
    assert_eq!(
        hitung(&c, "SELECT COUNT(*) FROM pegawai").await,
        i64::from(n)
    );
    assert_eq!(
        hitung(
            &c,
            "SELECT COUNT(*) FROM pegawai WHERE atasan_id IS NOT NULL"
        )
        .await,
        i64::from(n - n.div_ceil(20)),
        "every superior linked"
    );
    assert_eq!(
        hitung(
            &c,
            "SELECT COUNT(*) FROM pegawai p JOIN pegawai a ON a.instansi_id = p.instansi_id AND a.id = p.atasan_id
             WHERE a.identitas <> p.atasan_identitas"
        )
        .await,
        0,
        "linked to the right superior"
    );

    // Change a tenth of them and deactivate another tenth (sync).
    let tersimpan = uji.store.pegawai_tersimpan(a.id).await.unwrap();
    let mut rows = pegawai_besar(n);
    let sisa = n - n / 10;
    rows.truncate(sisa as usize);
    for b in rows.iter_mut().step_by(10) {
        b.data.nama.push_str(" Baru");
        b.sidik = sidik(&b.data);
    }
    let r = rencanakan(&tersimpan, rows, true);
    assert_eq!(
        (r.ubah.len() as u32, r.nonaktif.len() as u32),
        (sisa.div_ceil(10), n / 10)
    );
    let mulai = Instant::now();
    uji.store
        .tulis_impor(
            a.id,
            1,
            std::sync::Arc::new(r.clone()),
            &ringkasan(a.id),
            &jejak(2),
        )
        .await
        .unwrap();
    let ubah = mulai.elapsed();
    assert_eq!(
        hitung(
            &c,
            "SELECT COUNT(*) FROM audit_log WHERE aksi = 'UBAH_PEGAWAI'"
        )
        .await,
        r.ubah.len() as i64
    );
    assert_eq!(
        hitung(
            &c,
            "SELECT COUNT(*) FROM pegawai WHERE status = 'TIDAK_AKTIF'"
        )
        .await,
        i64::from(n / 10)
    );
    eprintln!(
        "tulis_impor {n} baru: {:.2?}; {} ubah + {} nonaktif: {:.2?}",
        baru,
        r.ubah.len(),
        r.nonaktif.len(),
        ubah
    );
    uji.bersihkan().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn impor_100rb() {
    impor_besar(100_000).await;
}

/// The 1,000,000-row target; run with `--ignored` (best on a release build).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn impor_1jt() {
    impor_besar(1_000_000).await;
}
