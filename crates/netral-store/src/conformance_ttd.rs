//! Conformance cases of signing storage (issue #4 §3–5): batches with their log leaves,
//! the one-active rule, idempotency, revocation, witness statements, the progress feed,
//! the campaign roster, one-time codes, links, the outbox and ikrar attendance. Listed in
//! [`crate::uji_kesesuaian!`] and re-exported from [`crate::conformance`].
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};

use netral_domain::pakta::{ModePakta, Saksi};

use crate::conformance::{impor, instansi_baru, jejak, non_asn, pns};
use crate::pakta::{IsiPakta, PaktaTemplate, PaktaTemplateBaru};
use crate::ttd::*;
use crate::*;

/// An instansi with units and employees and an approved template.
struct Fixture {
    a: InstansiId,
    b: InstansiId,
    t: PaktaTemplate,
    /// Active employees, in import order (Andi, Budi, Citra, Dedi).
    p: Vec<PegawaiId>,
    /// An employee on leave.
    cuti: PegawaiId,
}

fn isi() -> IsiPakta {
    IsiPakta {
        judul: "Pakta Integritas Netralitas ASN".into(),
        pembuka: "Saya yang bertanda tangan di bawah ini menyatakan:".into(),
        butir: vec!["Menjaga netralitas pegawai ASN.".into()],
        penutup: "Demikian pakta ini saya buat.".into(),
        dasar_hukum: vec![],
        berlaku_untuk: [JenisPegawai::Pns, JenisPegawai::NonAsn].into(),
        mode: ModePakta::Perwakilan,
        nomor_se: None,
    }
}

async fn templat(store: &dyn Store, instansi: InstansiId, versi: u32, sah: bool) -> PaktaTemplate {
    let mut i = isi();
    i.butir.push(format!("Berlaku untuk pakta versi {versi}."));
    let baru = PaktaTemplateBaru {
        instansi_id: instansi,
        pemilihan_id: None,
        versi,
        isi: i,
    }
    .periksa()
    .unwrap();
    let (t, _) = store.simpan_templat(&baru, &jejak(1)).await.unwrap();
    if !sah {
        return t;
    }
    store
        .sahkan_templat(
            instansi,
            t.id,
            "Sekretaris Daerah",
            NaiveDate::from_ymd_opt(2024, 9, 1).unwrap(),
            &jejak(2),
        )
        .await
        .unwrap()
}

async fn pemda(store: &dyn Store) -> InstansiId {
    store
        .simpan_instansi(&instansi_baru("19.71", "Kota Pangkalpinang"), &jejak(0))
        .await
        .unwrap()
        .0
        .id
}

async fn fixture(store: &dyn Store) -> Fixture {
    let a = pemda(store).await;
    let b = store
        .simpan_instansi(&instansi_baru("19.01", "Kabupaten Bangka"), &jejak(0))
        .await
        .unwrap()
        .0
        .id;
    let mut cuti = pns(5, "Eka", &["Dinas Pendidikan"]);
    cuti.status = StatusPegawai::Cuti;
    impor(
        store,
        a,
        vec![
            pns(1, "Andi", &["Dinas Pendidikan"]),
            pns(
                2,
                "Budi",
                &["Dinas Pendidikan", "Bidang SD", "Seksi Kurikulum"],
            ),
            non_asn(3, "Citra", &["Kecamatan Gabek"]),
            pns(4, "Dedi", &[]),
            cuti,
        ],
        false,
    )
    .await;
    impor(store, b, vec![pns(9, "Fajar", &["Dinas Kesehatan"])], false).await;
    let mut semua = store.pegawai_tersimpan(a).await.unwrap();
    semua.sort_by_key(|p| p.id);
    let detail = |nama: &'static str| {
        let semua = semua.clone();
        async move {
            for p in semua {
                let d = store.pegawai(a, p.id).await.unwrap().unwrap();
                if d.ringkas.nama == nama {
                    return p.id;
                }
            }
            panic!("pegawai {nama} tidak ada");
        }
    };
    let p = vec![
        detail("Andi").await,
        detail("Budi").await,
        detail("Citra").await,
        detail("Dedi").await,
    ];
    let cuti = detail("Eka").await;
    let t = templat(store, a, 1, true).await;
    Fixture { a, b, t, p, cuti }
}

fn waktu(menit: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 9, 2, 8, 0, 0).unwrap() + Duration::minutes(menit)
}

fn data(t: &PaktaTemplate, pegawai: PegawaiId) -> TandaTanganBaru {
    TandaTanganBaru {
        template_id: t.id,
        template_versi: t.versi,
        hash_isi: t.hash_isi.clone(),
        pegawai_id: pegawai,
        kampanye_id: None,
        waktu: waktu(0),
        metode: MetodeTandaTangan::DaringOtp,
        lokasi: None,
        bukti_hash: None,
        mewakili_unit_id: None,
        mewakili: vec![],
        mandat_hash: None,
    }
}

/// A signature with a leaf unique to `tag`.
fn masuk(t: &PaktaTemplate, pegawai: PegawaiId, tag: &str) -> TandaTanganMasuk {
    let entri = format!("NETRAL-TTD/1 uji {tag} {pegawai}").into_bytes();
    TandaTanganMasuk {
        data: data(t, pegawai),
        // Shaped like a real record: an adapter may keep the `templat` object apart and
        // splice it back (`ttd::rentang_templat`); braces, brackets, quotes and escapes
        // inside its strings must not confuse that.
        rekaman: format!(
            "{{\"format\":\"NETRAL-TTD/1\",\"pemda\":\"templat\\\":{{\",\"templat\":\
             {{\"judul\":\"Pakta {{uji}} \\\"kutip\\\" \\\\\",\"butir\":[\"a}}]\",\"b\"]}},\
             \"uji\":\"{tag}\"}}"
        )
        .into_bytes(),
        daun: DaunBaru::baru(entri),
        kunci_idempoten: None,
        berkas: vec![],
    }
}

fn daun(tag: &str) -> DaunBaru {
    DaunBaru::baru(format!("uji {tag}").into_bytes())
}

fn baru(h: &HasilTtd) -> &TandaTanganTersimpan {
    match h {
        HasilTtd::Baru(t) => t,
        other => panic!("expected Baru, got {other:?}"),
    }
}

fn batal(menit: i64) -> Pembatalan {
    Pembatalan {
        waktu: waktu(menit),
        alasan: "Ditandatangani oleh orang lain".into(),
        oleh: "admin.bkpsdm".into(),
    }
}

/// The first page (10) of signatures matching `filter`, with the total.
async fn daftar(
    store: &dyn Store,
    a: InstansiId,
    filter: &FilterTtd,
) -> (Vec<TandaTanganTersimpan>, u64) {
    store
        .daftar_tanda_tangan(
            a,
            filter,
            Halaman {
                nomor: 1,
                ukuran: 10,
            },
        )
        .await
        .unwrap()
}

async fn ukuran_log(store: &dyn Store, a: InstansiId) -> u64 {
    store.info_log(a).await.unwrap().map_or(0, |i| i.urut)
}

/// A batch with mixed outcomes: accepted items get dense leaves in input order, refused
/// ones leave nothing behind (no row, no leaf, no roster, no file).
pub async fn ttd_batch_campuran(store: &dyn Store) {
    let f = fixture(store).await;
    let (a, t) = (f.a, &f.t);
    let belum_sah = templat(store, a, 2, false).await;
    let berkas_isi = b"%PDF-1.7 pindaian".to_vec();
    let mut scan = masuk(t, f.p[1], "scan");
    scan.data.metode = MetodeTandaTangan::KertasPindai;
    scan.data.bukti_hash = Some(HashSha256::dari_bytes(&berkas_isi));
    scan.berkas = vec![Berkas {
        hash: HashSha256::dari_bytes(&berkas_isi),
        mime: "application/pdf".into(),
        nama: "pindaian.pdf".into(),
        isi: berkas_isi.clone(),
    }];
    let mut salah_berkas = masuk(t, f.p[2], "salah-berkas");
    salah_berkas.berkas = vec![Berkas {
        hash: HashSha256::dari_bytes(b"lain"),
        mime: "application/pdf".into(),
        nama: "palsu.pdf".into(),
        isi: b"isi sebenarnya".to_vec(),
    }];
    let mut wakil = masuk(t, f.p[3], "wakil");
    wakil.data.metode = MetodeTandaTangan::Perwakilan;
    wakil.data.mewakili = vec![f.p[2], f.cuti];
    let mut wakil_asing = masuk(t, f.p[2], "wakil-asing");
    wakil_asing.data.metode = MetodeTandaTangan::Perwakilan;
    wakil_asing.data.mewakili = vec![PegawaiId(999_999)];
    let mut versi_salah = masuk(t, f.p[2], "versi");
    versi_salah.data.template_versi = 7;
    let mut tidak_sah = masuk(&belum_sah, f.p[2], "belum-sah");
    tidak_sah.data.template_id = belum_sah.id;

    let batch = vec![
        masuk(t, f.p[0], "andi"),              // 0 Baru
        masuk(t, PegawaiId(999_999), "asing"), // 1 unknown
        masuk(t, f.cuti, "cuti"),              // 2 not active
        tidak_sah,                             // 3 template not approved
        versi_salah,                           // 4 wrong version
        salah_berkas,                          // 5 file hash mismatch
        scan,                                  // 6 Baru with file
        masuk(t, f.p[0], "andi-lagi"),         // 7 same employee again in batch
        wakil_asing,                           // 8 roster member unknown
        wakil,                                 // 9 Baru, representative
    ];
    let hasil = store.simpan_tanda_tangan(a, &batch).await.unwrap();
    assert_eq!(hasil.len(), batch.len());
    let andi = baru(&hasil[0]).clone();
    assert_eq!(
        hasil[1],
        HasilTtd::Ditolak(TolakTtd::PegawaiTidakDikenal(PegawaiId(999_999)))
    );
    assert_eq!(
        hasil[2],
        HasilTtd::Ditolak(TolakTtd::PegawaiTidakAktif(f.cuti))
    );
    assert_eq!(hasil[3], HasilTtd::Ditolak(TolakTtd::TemplatTidakSah));
    assert_eq!(hasil[4], HasilTtd::Ditolak(TolakTtd::TemplatTidakSah));
    assert_eq!(hasil[5], HasilTtd::Ditolak(TolakTtd::BerkasTidakCocok));
    let scan = baru(&hasil[6]).clone();
    assert_eq!(hasil[7], HasilTtd::Ditolak(TolakTtd::SudahAda(andi.ttd.id)));
    assert_eq!(
        hasil[8],
        HasilTtd::Ditolak(TolakTtd::PegawaiTidakDikenal(PegawaiId(999_999)))
    );
    let wakil = baru(&hasil[9]).clone();

    // Leaves: dense, in input order of the accepted items, and nothing else appended.
    assert_eq!(
        [andi.indeks_daun, scan.indeks_daun, wakil.indeks_daun],
        [0, 1, 2]
    );
    assert_eq!(ukuran_log(store, a).await, 3);
    for (s, m) in [(&andi, &batch[0]), (&scan, &batch[6]), (&wakil, &batch[9])] {
        assert_eq!(s.ttd.hash_daun, Some(hash_hex(&m.daun.hash)));
        assert_eq!(
            store.indeks_daun(a, &m.daun.hash).await.unwrap(),
            Some(s.indeks_daun)
        );
        assert_eq!(s.rekaman, m.rekaman);
        assert_eq!(s.ttd.data, m.data);
        // What was returned is what is stored.
        assert_eq!(
            store.tanda_tangan(a, s.ttd.id).await.unwrap().as_ref(),
            Some(s)
        );
        assert_eq!(
            store
                .tanda_tangan_by_daun(a, &m.daun.hash)
                .await
                .unwrap()
                .as_ref(),
            Some(s)
        );
    }
    let daun_log = store.daun_log(a, 0, 3).await.unwrap();
    assert_eq!(daun_log[1].entri, batch[6].daun.entri);
    for (i, ditolak) in batch.iter().enumerate() {
        if [0, 6, 9].contains(&i) {
            continue;
        }
        assert_eq!(
            store.indeks_daun(a, &ditolak.daun.hash).await.unwrap(),
            None,
            "refused item {i} left a leaf"
        );
        assert_eq!(
            store
                .tanda_tangan_by_daun(a, &ditolak.daun.hash)
                .await
                .unwrap(),
            None
        );
    }
    assert_eq!(
        store.daftar_mewakili(a, wakil.ttd.id).await.unwrap(),
        vec![f.p[2], f.cuti]
    );
    assert_eq!(wakil.ttd.data.mewakili, vec![f.p[2], f.cuti]);
    assert_eq!(
        store
            .berkas(a, &HashSha256::dari_bytes(&berkas_isi))
            .await
            .unwrap()
            .map(|b| b.isi),
        Some(berkas_isi.clone())
    );
    assert_eq!(
        store
            .berkas(a, &HashSha256::dari_bytes(b"lain"))
            .await
            .unwrap(),
        None
    );
    let (semua, total) = daftar(store, a, &FilterTtd::default()).await;
    assert_eq!(total, 3);
    assert_eq!(
        semua.iter().map(|s| s.ttd.id).collect::<Vec<_>>(),
        vec![wakil.ttd.id, scan.ttd.id, andi.ttd.id],
        "newest first"
    );
    let (hanya, total) = daftar(
        store,
        a,
        &FilterTtd {
            metode: Some(MetodeTandaTangan::KertasPindai),
            ..FilterTtd::default()
        },
    )
    .await;
    assert_eq!((total, hanya.len()), (1, 1));
    // By unit: the unit and every unit under it.
    let units = store.daftar_unit(a).await.unwrap();
    let dinas = units
        .iter()
        .find(|u| u.nama == "Dinas Pendidikan")
        .unwrap()
        .id;
    let (di_unit, total) = daftar(
        store,
        a,
        &FilterTtd {
            unit: Some(dinas),
            ..FilterTtd::default()
        },
    )
    .await;
    assert_eq!(total, 2);
    assert_eq!(
        di_unit.iter().map(|s| s.ttd.id).collect::<Vec<_>>(),
        vec![scan.ttd.id, andi.ttd.id]
    );
    let (hal2, total) = store
        .daftar_tanda_tangan(
            a,
            &FilterTtd::default(),
            Halaman {
                nomor: 2,
                ukuran: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!((total, hal2.len(), hal2[0].ttd.id), (3, 1, andi.ttd.id));
    // An empty batch writes nothing.
    assert!(store.simpan_tanda_tangan(a, &[]).await.unwrap().is_empty());
    assert_eq!(ukuran_log(store, a).await, 3);
}

/// An item whose leaf is already in the log is refused and only it: the items around it
/// are stored, their leaves stay dense, and the existing leaf is untouched. (On SQLite this
/// is the path where the batch's fast write meets the unique index and is run again with a
/// savepoint per item.)
pub async fn ttd_daun_sudah_ada(store: &dyn Store) {
    let f = fixture(store).await;
    let (a, t) = (f.a, &f.t);
    let ulang = masuk(t, f.p[1], "daun-lama");
    assert_eq!(
        store
            .tambah_daun(a, std::slice::from_ref(&ulang.daun))
            .await
            .unwrap(),
        vec![0]
    );
    let batch = vec![
        masuk(t, f.p[0], "sebelum"),
        ulang.clone(),
        masuk(t, f.p[2], "sesudah"),
    ];
    let hasil = store.simpan_tanda_tangan(a, &batch).await.unwrap();
    let sebelum = baru(&hasil[0]).clone();
    assert!(
        matches!(&hasil[1], HasilTtd::Ditolak(TolakTtd::Lain(_))),
        "got {:?}",
        hasil[1]
    );
    let sesudah = baru(&hasil[2]).clone();
    assert_eq!([sebelum.indeks_daun, sesudah.indeks_daun], [1, 2]);
    assert_eq!(ukuran_log(store, a).await, 3);
    assert_eq!(
        store.indeks_daun(a, &ulang.daun.hash).await.unwrap(),
        Some(0)
    );
    assert_eq!(
        store
            .tanda_tangan_by_daun(a, &ulang.daun.hash)
            .await
            .unwrap(),
        None
    );
    let (semua, total) = daftar(store, a, &FilterTtd::default()).await;
    assert_eq!(total, 2);
    assert_eq!(
        semua.iter().map(|s| s.ttd.id).collect::<Vec<_>>(),
        vec![sesudah.ttd.id, sebelum.ttd.id]
    );
    // The refused employee can still sign with a fresh record.
    let lagi = store
        .simpan_tanda_tangan(a, &[masuk(t, f.p[1], "daun-baru")])
        .await
        .unwrap();
    assert_eq!(baru(&lagi[0]).indeks_daun, 3);
}

/// One active signature per employee and version; after a revocation the employee may
/// sign again; revoking twice is a conflict; the revocation leaf is appended with it.
pub async fn ttd_satu_aktif_dan_batal(store: &dyn Store) {
    let f = fixture(store).await;
    let (a, t) = (f.a, &f.t);
    let pertama = store
        .simpan_tanda_tangan(a, &[masuk(t, f.p[0], "1")])
        .await
        .unwrap();
    let pertama = baru(&pertama[0]).clone();
    let lagi = store
        .simpan_tanda_tangan(a, &[masuk(t, f.p[0], "2")])
        .await
        .unwrap();
    assert_eq!(
        lagi[0],
        HasilTtd::Ditolak(TolakTtd::SudahAda(pertama.ttd.id))
    );
    assert_eq!(ukuran_log(store, a).await, 1);

    let d = daun("batal-1");
    let dibatalkan = store
        .batalkan_tanda_tangan(a, pertama.ttd.id, &batal(5), &d, &jejak(5))
        .await
        .unwrap();
    assert_eq!(dibatalkan.ttd.pembatalan, Some(batal(5)));
    assert_eq!(dibatalkan.indeks_daun_batal, Some(1));
    assert_eq!(dibatalkan.hash_daun_batal, Some(d.hash));
    assert_eq!(store.indeks_daun(a, &d.hash).await.unwrap(), Some(1));
    assert_eq!(
        store.tanda_tangan(a, pertama.ttd.id).await.unwrap(),
        Some(dibatalkan.clone())
    );
    // Revoked, not deleted: still found by its own leaf (not by the revocation leaf).
    assert!(
        store
            .tanda_tangan_by_daun(a, &d.hash)
            .await
            .unwrap()
            .is_none()
    );
    match store
        .batalkan_tanda_tangan(a, pertama.ttd.id, &batal(6), &daun("batal-2"), &jejak(6))
        .await
    {
        Err(StoreError::Konflik(_)) => {}
        other => panic!("expected Konflik, got {other:?}"),
    }
    assert_eq!(
        store.indeks_daun(a, &daun("batal-2").hash).await.unwrap(),
        None
    );
    match store
        .batalkan_tanda_tangan(a, TandaTanganId(424_242), &batal(6), &daun("x"), &jejak(6))
        .await
    {
        Err(StoreError::TidakDitemukan(_)) => {}
        other => panic!("expected TidakDitemukan, got {other:?}"),
    }
    let audit = store.daftar_audit(a, 50, None).await.unwrap();
    assert!(audit.iter().any(|e| e.aksi == aksi::BATALKAN_TANDA_TANGAN
        && e.entitas_id.as_deref() == Some(&pertama.ttd.id.0.to_string())));

    let kedua = store
        .simpan_tanda_tangan(a, &[masuk(t, f.p[0], "3")])
        .await
        .unwrap();
    let kedua = baru(&kedua[0]).clone();
    assert_ne!(kedua.ttd.id, pertama.ttd.id);
    assert_eq!(kedua.indeks_daun, 2);
    let (aktif, n) = daftar(
        store,
        a,
        &FilterTtd {
            aktif: Some(true),
            pegawai: Some(f.p[0]),
            ..FilterTtd::default()
        },
    )
    .await;
    assert_eq!((n, aktif[0].ttd.id), (1, kedua.ttd.id));
    let (dicabut, n) = daftar(
        store,
        a,
        &FilterTtd {
            aktif: Some(false),
            ..FilterTtd::default()
        },
    )
    .await;
    assert_eq!((n, dicabut[0].ttd.id), (1, pertama.ttd.id));

    // Witness statements: on an active signature only, with their own leaf and audit.
    let saksi = Saksi {
        nama: "Letkol Inf. Contoh".into(),
        jabatan: "Dandim".into(),
        instansi: Some("Kodim 0413/Bangka".into()),
        pegawai_id: None,
    };
    let p = PernyataanSaksi::untuk(
        &kedua.ttd,
        saksi.clone(),
        waktu(10),
        MetodeTandaTangan::Kiosk,
        None,
    )
    .unwrap();
    let ds = daun("saksi-1");
    let s = store
        .simpan_pernyataan_saksi(a, &p, &ds, &jejak(10))
        .await
        .unwrap();
    assert_eq!((s.indeks_daun, s.hash_daun), (3, ds.hash));
    assert_eq!(s.pernyataan, p);
    assert_eq!(
        store.pernyataan_saksi(a, kedua.ttd.id).await.unwrap(),
        vec![s.clone()]
    );
    assert_eq!(
        store.pernyataan_saksi_by_daun(a, &ds.hash).await.unwrap(),
        Some(s.clone())
    );
    let p_batal = PernyataanSaksi {
        tanda_tangan_id: pertama.ttd.id,
        hash_daun: pertama.ttd.hash_daun.clone().unwrap(),
        ..p.clone()
    };
    match store
        .simpan_pernyataan_saksi(a, &p_batal, &daun("saksi-2"), &jejak(11))
        .await
    {
        Err(StoreError::Konflik(_)) => {}
        other => panic!("expected Konflik, got {other:?}"),
    }
    assert_eq!(ukuran_log(store, a).await, 4);
    let audit = store.daftar_audit(a, 50, None).await.unwrap();
    assert!(audit.iter().any(|e| e.aksi == aksi::PERNYATAAN_SAKSI));
}

/// A repeated idempotency key returns the stored signature and writes nothing, in a later
/// batch and within the same batch.
pub async fn ttd_kunci_idempoten(store: &dyn Store) {
    let f = fixture(store).await;
    let (a, t) = (f.a, &f.t);
    let mut m = masuk(t, f.p[0], "kios");
    m.kunci_idempoten = Some("kios-7:001".into());
    let mut sama = masuk(t, f.p[0], "kios-ulang");
    sama.kunci_idempoten = Some("kios-7:001".into());
    let hasil = store
        .simpan_tanda_tangan(a, &[m.clone(), sama])
        .await
        .unwrap();
    let s = baru(&hasil[0]).clone();
    assert_eq!(s.kunci_idempoten.as_deref(), Some("kios-7:001"));
    assert_eq!(hasil[1], HasilTtd::Ulang(Box::new(s.clone())));
    let lagi = store.simpan_tanda_tangan(a, &[m]).await.unwrap();
    assert_eq!(lagi[0], HasilTtd::Ulang(Box::new(s.clone())));
    assert_eq!(ukuran_log(store, a).await, 1);
    // The key is per instansi.
    let tb = templat(store, f.b, 1, true).await;
    let fajar = store.pegawai_tersimpan(f.b).await.unwrap()[0].id;
    let mut di_b = masuk(&tb, fajar, "b");
    di_b.kunci_idempoten = Some("kios-7:001".into());
    let hb = store.simpan_tanda_tangan(f.b, &[di_b]).await.unwrap();
    assert_eq!(baru(&hb[0]).indeks_daun, 0);
}

/// The progress feed: signatures and revocations of one version strictly after a leaf
/// index, in leaf order.
pub async fn ttd_perubahan_watermark(store: &dyn Store) {
    let f = fixture(store).await;
    let (a, t) = (f.a, &f.t);
    let t2 = templat(store, a, 2, true).await;
    let h = store
        .simpan_tanda_tangan(
            a,
            &[
                masuk(t, f.p[0], "a"),
                masuk(&t2, f.p[0], "v2"),
                masuk(t, f.p[1], "b"),
            ],
        )
        .await
        .unwrap();
    let (s0, s2) = (baru(&h[0]).clone(), baru(&h[2]).clone());
    store
        .batalkan_tanda_tangan(a, s0.ttd.id, &batal(3), &daun("p-batal"), &jejak(3))
        .await
        .unwrap();
    let h = store
        .simpan_tanda_tangan(a, &[masuk(t, f.p[0], "a2")])
        .await
        .unwrap();
    let s4 = baru(&h[0]).clone();

    let semua = store.perubahan_ttd(a, t.id, 1, None).await.unwrap();
    let ringkas: Vec<(PegawaiId, bool, u64)> = semua
        .iter()
        .map(|p| (p.pegawai_id, p.aktif, p.indeks_daun))
        .collect();
    assert_eq!(
        ringkas,
        vec![
            (f.p[0], true, 0),
            (f.p[1], true, 2),
            (f.p[0], false, 3),
            (f.p[0], true, 4)
        ]
    );
    assert_eq!(semua[0].tanda_tangan_id, s0.ttd.id);
    assert_eq!(semua[2].tanda_tangan_id, s0.ttd.id);
    assert_eq!(semua[2].waktu, waktu(3));
    assert_eq!(semua[1].tanda_tangan_id, s2.ttd.id);
    assert_eq!(semua[3].tanda_tangan_id, s4.ttd.id);
    assert_eq!(semua[0].metode, MetodeTandaTangan::DaringOtp);
    let setelah = store.perubahan_ttd(a, t.id, 1, Some(2)).await.unwrap();
    assert_eq!(setelah, semua[2..].to_vec(), "strictly after the watermark");
    assert!(
        store
            .perubahan_ttd(a, t.id, 1, Some(4))
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        store.perubahan_ttd(a, t2.id, 2, None).await.unwrap().len(),
        1
    );
    assert!(
        store
            .perubahan_ttd(f.b, t.id, 1, None)
            .await
            .unwrap()
            .is_empty()
    );
}

/// The roster lists every employee (all statuses) with the unit and all its ancestors.
pub async fn ttd_roster_leluhur(store: &dyn Store) {
    let f = fixture(store).await;
    let units = store.daftar_unit(f.a).await.unwrap();
    let id_unit = |nama: &str| units.iter().find(|u| u.nama == nama).unwrap().id;
    let roster = store.roster_kampanye(f.a).await.unwrap();
    assert_eq!(roster.len(), 5);
    let cari = |p: PegawaiId| roster.iter().find(|r| r.id == p).unwrap().clone();
    let budi = cari(f.p[1]);
    let mut leluhur = budi.unit_leluhur.clone();
    leluhur.sort();
    let mut harap = vec![
        id_unit("Dinas Pendidikan"),
        id_unit("Bidang SD"),
        id_unit("Seksi Kurikulum"),
    ];
    harap.sort();
    assert_eq!(leluhur, harap);
    assert_eq!(budi.unit_id, Some(id_unit("Seksi Kurikulum")));
    assert_eq!(budi.jenis, JenisPegawai::Pns);
    assert_eq!(budi.jabatan_jenis, Some(JenisJabatan::Fungsional));
    assert_eq!(budi.status, StatusPegawai::Aktif);
    assert_eq!(cari(f.p[2]).jenis, JenisPegawai::NonAsn);
    let dedi = cari(f.p[3]);
    assert_eq!((dedi.unit_id, dedi.unit_leluhur.len()), (None, 0));
    assert_eq!(cari(f.cuti).status, StatusPegawai::Cuti);
    let rb = store.roster_kampanye(f.b).await.unwrap();
    assert_eq!(rb.len(), 1);
    assert!(rb.iter().all(|r| !f.p.contains(&r.id) || r.id == rb[0].id));
}

/// One-time codes: a miss uses an attempt, the newest live code counts, a match consumes,
/// expired or exhausted codes are gone. Links are found by token hash even when expired.
pub async fn ttd_otp_dan_tautan(store: &dyn Store) {
    let f = fixture(store).await;
    let (a, p) = (f.a, f.p[0]);
    let otp = |kode: &str, dibuat: i64, maks: u32| OtpBaru {
        instansi_id: a,
        pegawai_id: p,
        kode_hash: kode.into(),
        dibuat: waktu(dibuat),
        kedaluwarsa: waktu(dibuat + 5),
        maks_coba: maks,
    };
    assert_eq!(
        store.pakai_otp(a, p, "h1", waktu(0)).await.unwrap(),
        HasilOtp::TidakAda
    );
    store.simpan_otp(&otp("h1", 0, 3)).await.unwrap();
    assert_eq!(
        store.pakai_otp(a, p, "salah", waktu(1)).await.unwrap(),
        HasilOtp::Salah { sisa: 2 }
    );
    // Another employee's or instansi's check does not touch this code.
    assert_eq!(
        store.pakai_otp(a, f.p[1], "h1", waktu(1)).await.unwrap(),
        HasilOtp::TidakAda
    );
    assert_eq!(
        store.pakai_otp(f.b, p, "h1", waktu(1)).await.unwrap(),
        HasilOtp::TidakAda
    );
    assert_eq!(
        store.pakai_otp(a, p, "h1", waktu(2)).await.unwrap(),
        HasilOtp::Cocok
    );
    assert_eq!(
        store.pakai_otp(a, p, "h1", waktu(2)).await.unwrap(),
        HasilOtp::TidakAda,
        "consumed"
    );
    // Exhausted after maks_coba misses.
    store.simpan_otp(&otp("h2", 10, 2)).await.unwrap();
    assert_eq!(
        store.pakai_otp(a, p, "x", waktu(11)).await.unwrap(),
        HasilOtp::Salah { sisa: 1 }
    );
    assert_eq!(
        store.pakai_otp(a, p, "x", waktu(11)).await.unwrap(),
        HasilOtp::Salah { sisa: 0 }
    );
    assert_eq!(
        store.pakai_otp(a, p, "h2", waktu(11)).await.unwrap(),
        HasilOtp::TidakAda
    );
    // Expired.
    store.simpan_otp(&otp("h3", 20, 3)).await.unwrap();
    assert_eq!(
        store.pakai_otp(a, p, "h3", waktu(26)).await.unwrap(),
        HasilOtp::TidakAda
    );
    // Newest live code wins over an older live one.
    store.simpan_otp(&otp("lama", 30, 3)).await.unwrap();
    store.simpan_otp(&otp("baru", 31, 3)).await.unwrap();
    assert_eq!(
        store.pakai_otp(a, p, "lama", waktu(32)).await.unwrap(),
        HasilOtp::Salah { sisa: 2 }
    );
    assert_eq!(
        store.pakai_otp(a, p, "baru", waktu(32)).await.unwrap(),
        HasilOtp::Cocok
    );

    let tautan = TautanTtd {
        token_hash: "ab".repeat(32),
        instansi_id: a,
        pegawai_id: p,
        kampanye_id: crate::pakta::KampanyeId(1),
        dibuat: waktu(0),
        kedaluwarsa: waktu(1),
    };
    store.simpan_tautan(&tautan).await.unwrap();
    assert_eq!(
        store.tautan(&tautan.token_hash).await.unwrap(),
        Some(tautan.clone())
    );
    assert_eq!(store.tautan(&"cd".repeat(32)).await.unwrap(), None);
    assert!(store.simpan_tautan(&tautan).await.is_err());
}

/// The outbox: due messages are leased oldest first and not handed out again while
/// leased; a failure with a retry time requeues, without one gives up.
pub async fn ttd_outbox(store: &dyn Store) {
    let f = fixture(store).await;
    let pesan = |i: i64, instansi: InstansiId| NotifikasiBaru {
        instansi_id: instansi,
        pegawai_id: None,
        saluran: "log".into(),
        tujuan: format!("pegawai{i}@contoh.go.id"),
        subjek: format!("Pesan {i}"),
        isi: "Silakan menandatangani pakta integritas.".into(),
        dibuat: waktu(0),
        kirim_setelah: waktu(i),
    };
    let ids = store
        .antre_notifikasi(&[pesan(2, f.a), pesan(0, f.a), pesan(1, f.b), pesan(30, f.a)])
        .await
        .unwrap();
    assert_eq!(ids.len(), 4);
    let sewa = store
        .ambil_notifikasi(waktu(5), waktu(10), 2)
        .await
        .unwrap();
    assert_eq!(
        sewa.iter().map(|n| n.id).collect::<Vec<_>>(),
        vec![ids[1], ids[2]],
        "oldest due first"
    );
    assert_eq!(sewa[0].status, StatusNotifikasi::Antre);
    assert_eq!(sewa[0].baru, pesan(0, f.a));
    let sisa = store
        .ambil_notifikasi(waktu(5), waktu(10), 10)
        .await
        .unwrap();
    assert_eq!(sisa.iter().map(|n| n.id).collect::<Vec<_>>(), vec![ids[0]]);
    assert!(
        store
            .ambil_notifikasi(waktu(6), waktu(10), 10)
            .await
            .unwrap()
            .is_empty(),
        "leased messages are not handed out again"
    );
    store
        .selesai_notifikasi(ids[1], &HasilKirim::Terkirim, waktu(6))
        .await
        .unwrap();
    store
        .selesai_notifikasi(
            ids[2],
            &HasilKirim::Gagal {
                galat: "SMTP 451".into(),
                coba_lagi: Some(waktu(20)),
            },
            waktu(6),
        )
        .await
        .unwrap();
    store
        .selesai_notifikasi(
            ids[0],
            &HasilKirim::Gagal {
                galat: "alamat ditolak".into(),
                coba_lagi: None,
            },
            waktu(6),
        )
        .await
        .unwrap();
    // Nothing is due before the retry time; at it, the failed one comes back.
    assert!(
        store
            .ambil_notifikasi(waktu(15), waktu(16), 10)
            .await
            .unwrap()
            .is_empty()
    );
    let ulang = store
        .ambil_notifikasi(waktu(20), waktu(21), 10)
        .await
        .unwrap();
    assert_eq!(ulang.iter().map(|n| n.id).collect::<Vec<_>>(), vec![ids[2]]);
    assert_eq!(ulang[0].percobaan, 1);
    assert_eq!(ulang[0].galat_terakhir.as_deref(), Some("SMTP 451"));
    // An expired lease is handed out again.
    let lagi = store
        .ambil_notifikasi(waktu(22), waktu(23), 10)
        .await
        .unwrap();
    assert_eq!(lagi.iter().map(|n| n.id).collect::<Vec<_>>(), vec![ids[2]]);

    let (daftar, total) = store
        .daftar_notifikasi(
            f.a,
            Halaman {
                nomor: 1,
                ukuran: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(total, 3);
    assert_eq!(
        daftar.iter().map(|n| n.id).collect::<Vec<_>>(),
        vec![ids[3], ids[1]],
        "newest first"
    );
    assert_eq!(daftar[1].status, StatusNotifikasi::Terkirim);
    assert_eq!(daftar[1].terkirim, Some(waktu(6)));
    let (hal2, _) = store
        .daftar_notifikasi(
            f.a,
            Halaman {
                nomor: 2,
                ukuran: 2,
            },
        )
        .await
        .unwrap();
    assert_eq!(hal2[0].id, ids[0]);
    assert_eq!(hal2[0].status, StatusNotifikasi::Gagal);
    assert_eq!(hal2[0].percobaan, 1);
    match store
        .selesai_notifikasi(987_654, &HasilKirim::Terkirim, waktu(6))
        .await
    {
        Err(StoreError::TidakDitemukan(_)) => {}
        other => panic!("expected TidakDitemukan, got {other:?}"),
    }
}

/// Ikrar events and attendance: repeated attendance is skipped; unknown employees or
/// events write nothing.
pub async fn ttd_ikrar_kehadiran(store: &dyn Store) {
    let f = fixture(store).await;
    let a = f.a;
    let acara = store
        .simpan_acara_ikrar(
            &AcaraIkrarBaru {
                instansi_id: a,
                pemilihan_id: None,
                jenis: JenisAcaraIkrar::Deklarasi,
                nama: "Deklarasi Netralitas ASN".into(),
                tanggal: NaiveDate::from_ymd_opt(2024, 9, 3).unwrap(),
                lokasi: Some("Alun-alun Taman Merdeka".into()),
                hash_teks: Some(HashSha256::dari_bytes(b"ikrar")),
            },
            &jejak(1),
        )
        .await
        .unwrap();
    assert_eq!(
        store.daftar_acara_ikrar(a).await.unwrap(),
        vec![acara.clone()]
    );
    assert!(store.daftar_acara_ikrar(f.b).await.unwrap().is_empty());
    let hadir = |p: PegawaiId, m: i64| KehadiranIkrar {
        acara_id: acara.id,
        pegawai_id: p,
        waktu: waktu(m),
        dicatat_oleh: "operator".into(),
    };
    assert_eq!(
        store
            .catat_kehadiran(
                a,
                &[hadir(f.p[0], 1), hadir(f.p[1], 2), hadir(f.p[0], 3)],
                &jejak(2)
            )
            .await
            .unwrap(),
        2
    );
    assert_eq!(
        store
            .catat_kehadiran(a, &[hadir(f.p[1], 4), hadir(f.p[2], 5)], &jejak(3))
            .await
            .unwrap(),
        1
    );
    match store
        .catat_kehadiran(
            a,
            &[hadir(f.p[3], 6), hadir(PegawaiId(999_999), 6)],
            &jejak(4),
        )
        .await
    {
        Err(StoreError::TidakDitemukan(_)) => {}
        other => panic!("expected TidakDitemukan, got {other:?}"),
    }
    let mut lain = hadir(f.p[3], 7);
    lain.acara_id = AcaraIkrarId(acara.id.0 + 100);
    assert!(matches!(
        store.catat_kehadiran(a, &[lain], &jejak(5)).await,
        Err(StoreError::TidakDitemukan(_))
    ));
    let daftar = store.kehadiran_ikrar(a, acara.id).await.unwrap();
    assert_eq!(
        daftar,
        vec![hadir(f.p[0], 1), hadir(f.p[1], 2), hadir(f.p[2], 5)],
        "first record wins; the refused call wrote nothing"
    );
    // Another instansi cannot record attendance at this event.
    assert!(matches!(
        store
            .catat_kehadiran(f.b, &[hadir(f.p[3], 8)], &jejak(6))
            .await,
        Err(StoreError::TidakDitemukan(_))
    ));
    assert!(
        store
            .kehadiran_ikrar(f.b, acara.id)
            .await
            .unwrap()
            .is_empty()
    );
    let audit = store.daftar_audit(a, 50, None).await.unwrap();
    assert!(audit.iter().any(|e| e.aksi == aksi::TAMBAH_ACARA_IKRAR));
    assert!(audit.iter().any(|e| e.aksi == aksi::KEHADIRAN_IKRAR));
}

/// Another instansi cannot read, list, revoke or witness this instansi's signatures, nor
/// sign its template or for its employees.
pub async fn ttd_isolasi_instansi(store: &dyn Store) {
    let f = fixture(store).await;
    let (a, b, t) = (f.a, f.b, &f.t);
    let mut m = masuk(t, f.p[0], "iso");
    let isi = b"bukti".to_vec();
    m.berkas = vec![Berkas {
        hash: HashSha256::dari_bytes(&isi),
        mime: "image/png".into(),
        nama: "bukti.png".into(),
        isi,
    }];
    let h = store.simpan_tanda_tangan(a, &[m.clone()]).await.unwrap();
    let s = baru(&h[0]).clone();
    assert_eq!(store.tanda_tangan(b, s.ttd.id).await.unwrap(), None);
    assert_eq!(
        store.tanda_tangan_by_daun(b, &m.daun.hash).await.unwrap(),
        None
    );
    assert_eq!(daftar(store, b, &FilterTtd::default()).await.1, 0);
    assert_eq!(store.berkas(b, &m.berkas[0].hash).await.unwrap(), None);
    assert!(store.berkas(a, &m.berkas[0].hash).await.unwrap().is_some());
    assert!(matches!(
        store
            .batalkan_tanda_tangan(b, s.ttd.id, &batal(1), &daun("iso-batal"), &jejak(1))
            .await,
        Err(StoreError::TidakDitemukan(_))
    ));
    assert_eq!(
        store.tanda_tangan(a, s.ttd.id).await.unwrap(),
        Some(s.clone())
    );
    let p = PernyataanSaksi::untuk(
        &s.ttd,
        Saksi {
            nama: "Saksi".into(),
            jabatan: "Kapolres".into(),
            instansi: None,
            pegawai_id: None,
        },
        waktu(2),
        MetodeTandaTangan::Kiosk,
        None,
    )
    .unwrap();
    assert!(
        store
            .simpan_pernyataan_saksi(b, &p, &daun("iso-saksi"), &jejak(2))
            .await
            .is_err()
    );
    assert_eq!(ukuran_log(store, b).await, 0);
    // Signing in b with a's template or a's employee is refused.
    let hb = store
        .simpan_tanda_tangan(b, &[masuk(t, f.p[0], "iso-b")])
        .await
        .unwrap();
    assert!(matches!(hb[0], HasilTtd::Ditolak(_)));
    assert_eq!(ukuran_log(store, b).await, 0);
}

/// Concurrent writers (adapters spawn these batches at once, see [`periksa_serentak`]):
/// `n` batches that all try to sign the same employees, each with its own leaves.
pub async fn siapkan_serentak(
    store: &dyn Store,
    n: usize,
) -> (InstansiId, Vec<Vec<TandaTanganMasuk>>) {
    let f = fixture(store).await;
    let batch = (0..n)
        .map(|i| {
            f.p.iter()
                .map(|p| masuk(&f.t, *p, &format!("serentak-{i}")))
                .collect()
        })
        .collect();
    (f.a, batch)
}

/// After concurrent batches: each employee signed exactly once, the others were told
/// `SudahAda`, and the log holds exactly the accepted leaves, densely indexed.
pub async fn periksa_serentak(store: &dyn Store, a: InstansiId, hasil: Vec<Vec<HasilTtd>>) {
    let mut baru: Vec<&TandaTanganTersimpan> = Vec::new();
    for h in hasil.iter().flatten() {
        match h {
            HasilTtd::Baru(t) => baru.push(t),
            HasilTtd::Ditolak(TolakTtd::SudahAda(_)) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    let mut pegawai: Vec<PegawaiId> = baru.iter().map(|t| t.ttd.data.pegawai_id).collect();
    pegawai.sort();
    pegawai.dedup();
    assert_eq!(pegawai.len(), baru.len(), "one signature per employee");
    assert_eq!(baru.len(), 4);
    let mut indeks: Vec<u64> = baru.iter().map(|t| t.indeks_daun).collect();
    indeks.sort();
    assert_eq!(indeks, vec![0, 1, 2, 3]);
    assert_eq!(ukuran_log(store, a).await, 4);
    for t in baru {
        assert_eq!(
            store.tanda_tangan(a, t.ttd.id).await.unwrap().as_ref(),
            Some(t)
        );
    }
}

/// Throughput probe (not a conformance case; adapters run it from an ignored test and print
/// the figure): signs `jumlah` non-ASN employees in batches of `ukuran_batch` and returns
/// accepted signatures per second of `simpan_tanda_tangan` time.
pub async fn laju_ttd(store: &dyn Store, jumlah: u32, ukuran_batch: usize) -> f64 {
    let a = pemda(store).await;
    let rows = (0..jumlah)
        .map(|i| non_asn(i, &format!("Pegawai {i}"), &["Dinas Pendidikan"]))
        .collect();
    impor(store, a, rows, false).await;
    let t = templat(store, a, 1, true).await;
    let pegawai: Vec<PegawaiId> = store
        .pegawai_tersimpan(a)
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    let mut n = 0u64;
    let mulai = std::time::Instant::now();
    for (b, potong) in pegawai.chunks(ukuran_batch).enumerate() {
        let batch: Vec<TandaTanganMasuk> = potong
            .iter()
            .map(|p| {
                let mut m = masuk(&t, *p, &format!("laju-{b}"));
                m.kunci_idempoten = Some(format!("laju:{}", p.0));
                m.rekaman = vec![b'x'; 600];
                m
            })
            .collect();
        let hasil = store.simpan_tanda_tangan(a, &batch).await.unwrap();
        n += hasil
            .iter()
            .filter(|h| matches!(h, HasilTtd::Baru(_)))
            .count() as u64;
    }
    let detik = mulai.elapsed().as_secs_f64();
    assert_eq!(n, pegawai.len() as u64);
    n as f64 / detik
}

/// Roster probe (not a conformance case; run from an ignored test): imports `jumlah` PNS
/// spread over three levels of units and returns how long one
/// [`Store::roster_kampanye`] takes, after checking every ancestor list.
pub async fn waktu_roster(store: &dyn Store, jumlah: u32) -> std::time::Duration {
    let a = pemda(store).await;
    let rows = (0..jumlah)
        .map(|i| {
            let dinas = format!("Dinas {}", i % 20);
            let bidang = format!("Bidang {}", i % 7);
            let seksi = format!("Seksi {}", i % 3);
            let mut d = pns(i, &format!("Pegawai {i:06}"), &[&dinas, &bidang, &seksi]);
            let lahir =
                NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + Duration::days(i64::from(i / 999));
            d.nip = Some(
                netral_domain::ident::Nip::parse(&format!(
                    "{}199503{}{:03}",
                    lahir.format("%Y%m%d"),
                    1 + i % 2,
                    i % 999 + 1
                ))
                .unwrap(),
            );
            d
        })
        .collect();
    impor(store, a, rows, false).await;
    let mulai = std::time::Instant::now();
    let roster = store.roster_kampanye(a).await.unwrap();
    let lama = mulai.elapsed();
    assert_eq!(roster.len(), jumlah as usize);
    assert!(roster.iter().all(|r| r.unit_leluhur.len() == 3));
    lama
}
