//! The conformance suite: one set of behaviours every adapter must show. Each adapter's
//! `tests/conformance.rs` calls [`crate::uji_kesesuaian!`] with a function that returns a
//! fresh, migrated, empty store, so every case runs on its own database.
//!
//! Panics here are test failures (this module is only compiled into tests' callers).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{TimeZone, Utc};

use netral_domain::ident::{JenisPemda, KodeWilayah, Nik, Nip, TingkatWilayah};
use netral_domain::impor::{BarisImpor, rencanakan};
use netral_domain::organisasi::StatusKepalaDaerah;
use netral_domain::pegawai::DataPegawai;

use crate::*;

pub use crate::conformance_log::*;
pub use crate::conformance_pakta::*;
pub use crate::conformance_ttd::*;

/// Generates one `#[tokio::test]` per conformance case. `$buat` is an async fn returning
/// a fresh store (`impl Store`).
#[macro_export]
macro_rules! uji_kesesuaian {
    ($buat:path) => {
        $crate::uji_kesesuaian!(@kasus $buat,
            instansi_idempoten,
            pengguna_dan_sesi,
            impor_menulis_dan_idempoten,
            impor_sinkron_menonaktifkan,
            impor_versi_basi_ditolak,
            cari_dan_filter,
            isolasi_instansi,
            atasan_tertaut,
            log_urutan_dan_dedupe,
            log_tambah_atomik,
            log_pohon_cas,
            log_checkpoint_cas,
            pakta_pemilihan_simpan,
            pakta_templat_idempoten,
            pakta_templat_disahkan_beku,
            pakta_kampanye_simpan,
            pakta_isolasi_instansi,
            pakta_audit_tercatat,
            ttd_batch_campuran,
            ttd_daun_sudah_ada,
            ttd_satu_aktif_dan_batal,
            ttd_kunci_idempoten,
            ttd_perubahan_watermark,
            ttd_roster_leluhur,
            ttd_otp_dan_tautan,
            ttd_outbox,
            ttd_ikrar_kehadiran,
            ttd_isolasi_instansi,
        );
    };
    (@kasus $buat:path, $($nama:ident),+ $(,)?) => {
        $(
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn $nama() {
                let store = $buat().await;
                $crate::conformance::$nama(&store).await;
            }
        )+
    };
}

pub fn jejak(detik: i64) -> Jejak {
    Jejak {
        aktor: "uji".into(),
        waktu: Utc.timestamp_opt(1_750_000_000 + detik, 0).unwrap(),
    }
}

pub fn instansi_baru(kode: &str, nama: &str) -> InstansiBaru {
    let kode = KodeWilayah::parse(kode).unwrap();
    InstansiBaru {
        jenis: match kode.tingkat() {
            TingkatWilayah::Kota => JenisPemda::Kota,
            TingkatWilayah::Prov => JenisPemda::Prov,
            _ => JenisPemda::Kab,
        },
        kode,
        nama: nama.into(),
        kepala_daerah: Some("Budi".into()),
        status_kepala: StatusKepalaDaerah::Pj,
        demo: false,
    }
}

/// A PNS with a valid NIP built from a sequence number.
pub fn pns(seq: u32, nama: &str, unit: &[&str]) -> DataPegawai {
    let nip = Nip::parse(&format!(
        "19860926201505{}{:03}",
        1 + seq % 2,
        seq % 999 + 1
    ))
    .unwrap();
    DataPegawai {
        jenis: JenisPegawai::Pns,
        nip: Some(nip),
        ni_pppk: None,
        nik: None,
        nama: nama.into(),
        gelar_depan: None,
        gelar_belakang: Some("S.E.".into()),
        tempat_lahir: Some("Pangkalpinang".into()),
        tanggal_lahir: chrono::NaiveDate::from_ymd_opt(1986, 9, 26),
        jenis_kelamin: None,
        golongan: None,
        jabatan_nama: Some("Analis Kebijakan".into()),
        jabatan_jenis: Some(JenisJabatan::Fungsional),
        eselon: None,
        unit_path: unit.iter().map(|s| s.to_string()).collect(),
        atasan_identitas: None,
        no_hp: None,
        email: None,
        status: StatusPegawai::Aktif,
    }
}

/// A non-ASN employee identified by NIK.
pub fn non_asn(seq: u32, nama: &str, unit: &[&str]) -> DataPegawai {
    let mut d = pns(seq, nama, unit);
    d.jenis = JenisPegawai::NonAsn;
    d.nip = None;
    d.nik = Some(Nik::parse(&format!("197101260986{:04}", seq % 9999 + 1)).unwrap());
    d
}

pub fn baris(data: DataPegawai) -> BarisImpor {
    let identitas = data.identitas().unwrap();
    // Tests need only a stable fingerprint that changes with the data.
    let sidik = format!("{:?}", data);
    BarisImpor {
        baris: 2,
        identitas,
        data,
        sidik,
    }
}

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

/// Plans and writes an import the way the application does.
pub async fn impor(
    store: &dyn Store,
    instansi: InstansiId,
    rows: Vec<DataPegawai>,
    sync: bool,
) -> RencanaImpor {
    let tersimpan = store.pegawai_tersimpan(instansi).await.unwrap();
    let versi = store.versi_registri(instansi).await.unwrap();
    let rencana = rencanakan(&tersimpan, rows.into_iter().map(baris).collect(), sync);
    if !rencana.kosong() {
        store
            .tulis_impor(
                instansi,
                versi,
                std::sync::Arc::new(rencana.clone()),
                &ringkasan(instansi),
                &jejak(10),
            )
            .await
            .unwrap();
    }
    rencana
}

async fn pemda(store: &dyn Store) -> Instansi {
    store
        .simpan_instansi(&instansi_baru("19.71", "Kota Pangkalpinang"), &jejak(0))
        .await
        .unwrap()
        .0
}

pub async fn instansi_idempoten(store: &dyn Store) {
    let baru = instansi_baru("19.71", "Kota Pangkalpinang");
    let (a, p) = store.simpan_instansi(&baru, &jejak(0)).await.unwrap();
    assert_eq!(p, Perubahan::Dibuat);
    assert_eq!(a.nama, "Kota Pangkalpinang");
    let (b, p) = store.simpan_instansi(&baru, &jejak(1)).await.unwrap();
    assert_eq!(p, Perubahan::Tetap);
    assert_eq!(a, b);
    let mut ubah = baru.clone();
    ubah.nama = "Pemerintah Kota Pangkalpinang".into();
    let (c, p) = store.simpan_instansi(&ubah, &jejak(2)).await.unwrap();
    assert_eq!(p, Perubahan::Diubah);
    assert_eq!(c.id, a.id);
    assert_eq!(
        store.instansi_by_kode("19.71").await.unwrap(),
        Some(c.clone())
    );
    assert_eq!(store.instansi(c.id).await.unwrap(), Some(c.clone()));
    assert_eq!(store.instansi_by_kode("19.72").await.unwrap(), None);
    assert_eq!(store.daftar_instansi().await.unwrap().len(), 1);
    let audit = store.daftar_audit(c.id, 10, None).await.unwrap();
    assert_eq!(
        audit.len(),
        2,
        "create + rename are audited, the no-op is not"
    );
    assert_eq!(audit[0].aksi, "UBAH_INSTANSI");
    assert!(
        audit[0]
            .sebelum
            .as_deref()
            .unwrap()
            .contains("Kota Pangkalpinang")
    );
    assert!(
        audit[0]
            .sesudah
            .as_deref()
            .unwrap()
            .contains("Pemerintah Kota Pangkalpinang")
    );
    assert_eq!(audit[0].waktu, jejak(2).waktu);
}

pub async fn pengguna_dan_sesi(store: &dyn Store) {
    let a = pemda(store).await;
    let (b, _) = store
        .simpan_instansi(&instansi_baru("19.01", "Kabupaten Bangka"), &jejak(0))
        .await
        .unwrap();
    let baru = UserBaru {
        instansi_id: a.id,
        username: Username::parse("admin.bkpsdm").unwrap(),
        nama: "Admin BKPSDM".into(),
        peran: Peran::Bkpsdm,
        unit_id: None,
        hash_sandi: Some("hash-1".into()),
    };
    let (u, p) = store.simpan_user(&baru, &jejak(1)).await.unwrap();
    assert_eq!(p, Perubahan::Dibuat);
    assert_eq!(
        store.simpan_user(&baru, &jejak(2)).await.unwrap().1,
        Perubahan::Tetap
    );
    let mut tanpa_sandi = baru.clone();
    tanpa_sandi.hash_sandi = None;
    assert_eq!(
        store.simpan_user(&tanpa_sandi, &jejak(2)).await.unwrap().1,
        Perubahan::Tetap,
        "omitting the password keeps it"
    );
    let mut lain = baru.clone();
    lain.instansi_id = b.id;
    assert!(matches!(
        store.simpan_user(&lain, &jejak(3)).await,
        Err(StoreError::Konflik(_))
    ));
    let (got, hash) = store
        .user_by_username("ADMIN.bkpsdm")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(got, u);
    assert_eq!(hash.as_deref(), Some("hash-1"));

    let sesi = Sesi {
        token_hash: "h1".into(),
        user_id: u.id,
        csrf: "c1".into(),
        dibuat: jejak(10).waktu,
        kedaluwarsa: jejak(100).waktu,
    };
    store.buat_sesi(&sesi).await.unwrap();
    let (s, su) = store.sesi("h1", jejak(50).waktu).await.unwrap().unwrap();
    assert_eq!(s, sesi);
    assert_eq!(su.id, u.id);
    assert!(
        store.sesi("h1", jejak(101).waktu).await.unwrap().is_none(),
        "expired"
    );
    assert!(store.sesi("nope", jejak(50).waktu).await.unwrap().is_none());
    store.hapus_sesi("h1").await.unwrap();
    assert!(store.sesi("h1", jejak(50).waktu).await.unwrap().is_none());

    let token = TokenBaru {
        token_hash: "t1".into(),
        user_id: u.id,
        nama: "skrip".into(),
        kedaluwarsa: Some(jejak(1000).waktu),
    };
    store.buat_token(&token, &jejak(20), a.id).await.unwrap();
    assert_eq!(
        store.user_by_token("t1", jejak(30).waktu).await.unwrap(),
        Some(u.clone())
    );
    assert_eq!(
        store.user_by_token("t1", jejak(2000).waktu).await.unwrap(),
        None
    );
    assert_eq!(store.daftar_user(a.id).await.unwrap(), vec![u]);
    assert!(store.daftar_user(b.id).await.unwrap().is_empty());
}

pub async fn impor_menulis_dan_idempoten(store: &dyn Store) {
    let a = pemda(store).await;
    let rows = vec![
        pns(1, "Andi", &["Kecamatan Gabek", "Kelurahan Gabek Satu"]),
        pns(2, "Bunga", &["Kecamatan Gabek"]),
        non_asn(3, "Citra", &["Dinas Sosial"]),
    ];
    let r = impor(store, a.id, rows.clone(), false).await;
    assert_eq!((r.baru.len(), r.ubah.len(), r.tetap), (3, 0, 0));
    let units = store.daftar_unit(a.id).await.unwrap();
    assert_eq!(units.len(), 3);
    let gabek = units.iter().find(|u| u.nama == "Kecamatan Gabek").unwrap();
    let kel = units
        .iter()
        .find(|u| u.nama == "Kelurahan Gabek Satu")
        .unwrap();
    assert_eq!(kel.induk_id, Some(gabek.id));
    assert_eq!(
        store.daftar_jabatan(a.id).await.unwrap().len(),
        3,
        "one post per unit"
    );
    let jumlah = store.jumlah_per_unit(a.id).await.unwrap();
    assert_eq!(jumlah.get(&gabek.id), Some(&1));

    let r = impor(store, a.id, rows.clone(), false).await;
    assert_eq!(
        (r.baru.len(), r.ubah.len(), r.tetap),
        (0, 0, 3),
        "same file changes nothing"
    );
    let versi = store.versi_registri(a.id).await.unwrap();
    assert_eq!(versi, 1, "a no-op import does not bump the version");

    let mut ubah = rows.clone();
    ubah[1].nama = "Bunga Lestari".into();
    let r = impor(store, a.id, ubah, false).await;
    assert_eq!((r.baru.len(), r.ubah.len(), r.tetap), (0, 1, 2));
    let (list, total) = store
        .cari_pegawai(
            a.id,
            &FilterPegawai {
                q: Some("lestari".into()),
                ..Default::default()
            },
            Halaman {
                nomor: 1,
                ukuran: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(total, 1);
    let detail = store.pegawai(a.id, list[0].id).await.unwrap().unwrap();
    assert_eq!(detail.ringkas.nama, "Bunga Lestari");
    assert_eq!(detail.ringkas.unit.as_deref(), Some("Kecamatan Gabek"));
    assert_eq!(detail.ringkas.jabatan.as_deref(), Some("Analis Kebijakan"));
    assert_eq!(
        detail.tanggal_lahir,
        chrono::NaiveDate::from_ymd_opt(1986, 9, 26)
    );
    assert_eq!(detail.diubah_pada, jejak(10).waktu);
    let audit = store.daftar_audit(a.id, 50, None).await.unwrap();
    let ubah_audit = audit.iter().find(|e| e.aksi == "UBAH_PEGAWAI").unwrap();
    assert!(ubah_audit.sebelum.as_deref().unwrap().contains("Bunga"));
    assert!(
        ubah_audit
            .sesudah
            .as_deref()
            .unwrap()
            .contains("Bunga Lestari")
    );
    assert_eq!(
        audit.iter().filter(|e| e.aksi == "IMPOR_PEGAWAI").count(),
        2
    );
}

pub async fn impor_sinkron_menonaktifkan(store: &dyn Store) {
    let a = pemda(store).await;
    let rows = vec![
        pns(1, "Andi", &["Dinas Sosial"]),
        pns(2, "Bunga", &["Dinas Sosial"]),
    ];
    impor(store, a.id, rows.clone(), false).await;
    let r = impor(store, a.id, vec![rows[0].clone()], true).await;
    assert_eq!(r.nonaktif.len(), 1);
    let (list, total) = store
        .cari_pegawai(
            a.id,
            &FilterPegawai {
                status: Some(StatusPegawai::TidakAktif),
                ..Default::default()
            },
            Halaman {
                nomor: 1,
                ukuran: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(total, 1);
    assert_eq!(list[0].nama, "Bunga");
    let r = impor(store, a.id, vec![rows[0].clone()], true).await;
    assert!(r.kosong(), "sync twice changes nothing");
    let (_, total) = store
        .cari_pegawai(
            a.id,
            &FilterPegawai::default(),
            Halaman {
                nomor: 1,
                ukuran: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(total, 2, "never deleted");
    let r = impor(store, a.id, rows, true).await;
    assert_eq!(r.ubah.len(), 1, "coming back re-activates");
}

pub async fn impor_versi_basi_ditolak(store: &dyn Store) {
    let a = pemda(store).await;
    let versi = store.versi_registri(a.id).await.unwrap();
    let rencana = rencanakan(&[], vec![baris(pns(1, "Andi", &["Dinas Sosial"]))], false);
    store
        .tulis_impor(
            a.id,
            versi,
            std::sync::Arc::new(rencana.clone()),
            &ringkasan(a.id),
            &jejak(1),
        )
        .await
        .unwrap();
    let rencana2 = rencanakan(&[], vec![baris(pns(2, "Bunga", &["Dinas Baru"]))], false);
    let err = store
        .tulis_impor(
            a.id,
            versi,
            std::sync::Arc::new(rencana2.clone()),
            &ringkasan(a.id),
            &jejak(2),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, StoreError::Konflik(_)), "{err:?}");
    assert_eq!(
        store.daftar_unit(a.id).await.unwrap().len(),
        1,
        "nothing of the stale plan written"
    );
    assert_eq!(store.pegawai_tersimpan(a.id).await.unwrap().len(), 1);

    // A plan whose rows collide on identity inside the batch must fail whole.
    let versi = store.versi_registri(a.id).await.unwrap();
    let dobel = RencanaImpor {
        baru: vec![
            baris(pns(5, "Eko", &["Dinas X"])),
            baris(pns(5, "Eko", &["Dinas X"])),
        ],
        ..Default::default()
    };
    assert!(
        store
            .tulis_impor(
                a.id,
                versi,
                std::sync::Arc::new(dobel.clone()),
                &ringkasan(a.id),
                &jejak(3)
            )
            .await
            .is_err()
    );
    assert_eq!(
        store.pegawai_tersimpan(a.id).await.unwrap().len(),
        1,
        "no partial write"
    );
    assert_eq!(
        store.daftar_unit(a.id).await.unwrap().len(),
        1,
        "no partial write of units"
    );
    assert_eq!(store.versi_registri(a.id).await.unwrap(), versi);
}

pub async fn cari_dan_filter(store: &dyn Store) {
    let a = pemda(store).await;
    let mut rows = Vec::new();
    for i in 0..30 {
        let unit: &[&str] = if i % 3 == 0 {
            &["Dinas Kesehatan", "Puskesmas Gerunggang"]
        } else {
            &["Dinas Sosial"]
        };
        rows.push(if i % 5 == 0 {
            non_asn(i, &format!("Honorer {i:02}"), unit)
        } else {
            pns(i, &format!("Pegawai {i:02}"), unit)
        });
    }
    impor(store, a.id, rows, false).await;
    let semua = FilterPegawai::default();
    let (p1, total) = store
        .cari_pegawai(
            a.id,
            &semua,
            Halaman {
                nomor: 1,
                ukuran: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(total, 30);
    assert_eq!(p1.len(), 10);
    assert_eq!(p1[0].nama, "Honorer 00", "ordered by name");
    let (p3, _) = store
        .cari_pegawai(
            a.id,
            &semua,
            Halaman {
                nomor: 3,
                ukuran: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!(p3.len(), 10);
    let (p4, _) = store
        .cari_pegawai(
            a.id,
            &semua,
            Halaman {
                nomor: 4,
                ukuran: 10,
            },
        )
        .await
        .unwrap();
    assert!(p4.is_empty());

    let jenis = FilterPegawai {
        jenis: Some(JenisPegawai::NonAsn),
        ..Default::default()
    };
    assert_eq!(
        store
            .cari_pegawai(
                a.id,
                &jenis,
                Halaman {
                    nomor: 1,
                    ukuran: 50
                }
            )
            .await
            .unwrap()
            .1,
        6
    );
    let q = FilterPegawai {
        q: Some("  PEGAWAI   1".into()),
        ..Default::default()
    };
    let (l, n) = store
        .cari_pegawai(
            a.id,
            &q,
            Halaman {
                nomor: 1,
                ukuran: 50,
            },
        )
        .await
        .unwrap();
    assert_eq!(n, 8, "Pegawai 11..19 except the honorer 15");
    assert!(l.iter().all(|p| p.nama.contains("Pegawai 1")));
    let nip = FilterPegawai {
        q: Some("198609262015051".into()),
        ..Default::default()
    };
    assert!(
        store
            .cari_pegawai(
                a.id,
                &nip,
                Halaman {
                    nomor: 1,
                    ukuran: 50
                }
            )
            .await
            .unwrap()
            .1
            > 0
    );

    let units = store.daftar_unit(a.id).await.unwrap();
    let dinkes = units.iter().find(|u| u.nama == "Dinas Kesehatan").unwrap();
    let pohon = FilterPegawai {
        unit_ids: Some(subtree(&units, dinkes.id)),
        ..Default::default()
    };
    assert_eq!(
        store
            .cari_pegawai(
                a.id,
                &pohon,
                Halaman {
                    nomor: 1,
                    ukuran: 50
                }
            )
            .await
            .unwrap()
            .1,
        10
    );
    let stat = store.statistik_pegawai(a.id, None).await.unwrap();
    let n = |j: JenisPegawai| {
        stat.iter()
            .filter(|(jj, _, _)| *jj == j)
            .map(|(_, _, n)| n)
            .sum::<u64>()
    };
    assert_eq!((n(JenisPegawai::Pns), n(JenisPegawai::NonAsn)), (24, 6));
    assert!(stat.iter().all(|(_, s, _)| *s == StatusPegawai::Aktif));
    let dalam = subtree(&units, dinkes.id);
    let stat = store.statistik_pegawai(a.id, Some(&dalam)).await.unwrap();
    assert_eq!(stat.iter().map(|(_, _, n)| n).sum::<u64>(), 10);
    assert!(
        store
            .statistik_pegawai(a.id, Some(&[]))
            .await
            .unwrap()
            .is_empty()
    );
    let kosong = FilterPegawai {
        unit_ids: Some(vec![]),
        ..Default::default()
    };
    assert_eq!(
        store
            .cari_pegawai(
                a.id,
                &kosong,
                Halaman {
                    nomor: 1,
                    ukuran: 50
                }
            )
            .await
            .unwrap()
            .1,
        0
    );
}

pub async fn isolasi_instansi(store: &dyn Store) {
    let a = pemda(store).await;
    let (b, _) = store
        .simpan_instansi(&instansi_baru("19.01", "Kabupaten Bangka"), &jejak(0))
        .await
        .unwrap();
    impor(store, a.id, vec![pns(1, "Andi", &["Dinas Sosial"])], false).await;
    // The same person (same NIP) may exist in two instansi independently.
    impor(
        store,
        b.id,
        vec![
            pns(1, "Andi", &["Dinas Sosial"]),
            pns(2, "Bunga", &["Dinas Sosial"]),
        ],
        false,
    )
    .await;
    let (la, na) = store
        .cari_pegawai(
            a.id,
            &FilterPegawai::default(),
            Halaman {
                nomor: 1,
                ukuran: 10,
            },
        )
        .await
        .unwrap();
    let (_, nb) = store
        .cari_pegawai(
            b.id,
            &FilterPegawai::default(),
            Halaman {
                nomor: 1,
                ukuran: 10,
            },
        )
        .await
        .unwrap();
    assert_eq!((na, nb), (1, 2));
    let ids_b: Vec<_> = store
        .pegawai_tersimpan(b.id)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.id)
        .collect();
    for id in ids_b {
        if id != la[0].id {
            assert!(
                store.pegawai(a.id, id).await.unwrap().is_none(),
                "b's employee visible through a"
            );
        }
    }
    assert_eq!(store.daftar_unit(a.id).await.unwrap().len(), 1);
    assert!(
        store
            .daftar_audit(a.id, 100, None)
            .await
            .unwrap()
            .iter()
            .all(|e| e.instansi_id == a.id)
    );
}

pub async fn atasan_tertaut(store: &dyn Store) {
    let a = pemda(store).await;
    let kepala = pns(1, "Kepala Dinas", &["Dinas Sosial"]);
    let mut staf = pns(2, "Staf", &["Dinas Sosial"]);
    staf.atasan_identitas = Some(kepala.nip.as_ref().unwrap().as_str().to_string());
    // The subordinate comes first in the file: linking happens after all rows are written.
    impor(store, a.id, vec![staf, kepala], false).await;
    let (list, _) = store
        .cari_pegawai(
            a.id,
            &FilterPegawai {
                q: Some("staf".into()),
                ..Default::default()
            },
            Halaman {
                nomor: 1,
                ukuran: 5,
            },
        )
        .await
        .unwrap();
    let d = store.pegawai(a.id, list[0].id).await.unwrap().unwrap();
    assert_eq!(d.atasan_nama.as_deref(), Some("Kepala Dinas"));
}
