//! Conformance cases of the pakta storage (issue #4 §1–2): elections, template versions and
//! campaigns. Listed in [`crate::uji_kesesuaian!`] and re-exported from
//! [`crate::conformance`], so every adapter runs them on a fresh database.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{NaiveDate, TimeZone, Utc};

use netral_domain::ident::KodeWilayah;
use netral_domain::pakta::{AnggotaTahap, ModePakta, SifatTahap};

use crate::conformance::{instansi_baru, jejak};
use crate::pakta::*;
use crate::*;

async fn dua_pemda(store: &dyn Store) -> (InstansiId, InstansiId) {
    let a = store
        .simpan_instansi(&instansi_baru("19.71", "Kota Pangkalpinang"), &jejak(0))
        .await
        .unwrap()
        .0;
    let b = store
        .simpan_instansi(&instansi_baru("19.01", "Kabupaten Bangka"), &jejak(0))
        .await
        .unwrap()
        .0;
    (a.id, b.id)
}

fn tgl(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, m, d).unwrap()
}

fn konflik<T: std::fmt::Debug>(r: StoreResult<T>) {
    match r {
        Err(StoreError::Konflik(_)) => {}
        other => panic!("expected Konflik, got {other:?}"),
    }
}

fn pemilihan_baru(instansi: InstansiId) -> PemilihanBaru {
    PemilihanBaru {
        id: None,
        instansi_id: instansi,
        jenis: JenisPemilihan::Pilkada,
        nama: "Pemilihan Wali Kota dan Wakil Wali Kota Pangkalpinang Tahun 2024".into(),
        wilayah_kode: KodeWilayah::parse("19.71").unwrap(),
        tgl_pemungutan: tgl(11, 27),
        dasar_hukum: "PKPU Nomor 2 Tahun 2024".into(),
        status: StatusPemilihan::Berjalan,
        // Deliberately out of order: stored and read back in JenisTahapan order.
        tahapan: vec![
            Tahapan {
                jenis: JenisTahapan::Pemungutan,
                mulai: tgl(11, 27),
                selesai: tgl(11, 27),
            },
            Tahapan {
                jenis: JenisTahapan::PenetapanPaslon,
                mulai: tgl(9, 22),
                selesai: tgl(9, 22),
            },
            Tahapan {
                jenis: JenisTahapan::Kampanye,
                mulai: tgl(9, 25),
                selesai: tgl(11, 23),
            },
        ],
    }
}

fn isi(butir_pertama: &str) -> IsiPakta {
    IsiPakta {
        judul: "Pakta Integritas Netralitas ASN".into(),
        pembuka: "Saya yang bertanda tangan di bawah ini:\n\nmenyatakan dengan sungguh-sungguh"
            .into(),
        butir: vec![
            butir_pertama.into(),
            "Tidak menghadiri kampanye pasangan calon.".into(),
        ],
        penutup: "Demikian pakta integritas ini saya buat dengan sadar.".into(),
        dasar_hukum: vec!["Undang-Undang Nomor 20 Tahun 2023 tentang ASN".into()],
        berlaku_untuk: [
            netral_domain::pegawai::JenisPegawai::Pns,
            netral_domain::pegawai::JenisPegawai::Pppk,
        ]
        .into(),
        mode: ModePakta::Individu,
        nomor_se: Some("800/123/BKPSDM/2024".into()),
    }
}

fn templat_baru(
    instansi: InstansiId,
    pemilihan: Option<PemilihanId>,
    versi: u32,
    butir: &str,
) -> PaktaTemplateBaru {
    PaktaTemplateBaru {
        instansi_id: instansi,
        pemilihan_id: pemilihan,
        versi,
        isi: isi(butir),
    }
    .periksa()
    .unwrap()
}

fn kampanye_baru(instansi: InstansiId, templat: TemplateId) -> KampanyeBaru {
    KampanyeBaru {
        instansi_id: instansi,
        nama: "Penandatanganan Pakta Pilkada 2024".into(),
        template_id: templat,
        lingkup: LingkupKampanye {
            unit: Some([UnitId(3), UnitId(7)].into()),
            jenis_pegawai: [netral_domain::pegawai::JenisPegawai::Pns].into(),
        },
        tahap: vec![
            TahapKampanye {
                nama: "Sekretaris Daerah".into(),
                sifat: SifatTahap::Ketat,
                tenggat: Some(Utc.with_ymd_and_hms(2024, 9, 2, 9, 30, 0).unwrap()),
                anggota: AnggotaTahap::Pegawai([PegawaiId(11)].into()),
                perlu_saksi: true,
            },
            TahapKampanye {
                nama: "Seluruh pegawai".into(),
                sifat: SifatTahap::Anjuran,
                tenggat: None,
                anggota: AnggotaTahap::Sisanya,
                perlu_saksi: false,
            },
        ],
        dibuka: Some(Utc.with_ymd_and_hms(2024, 9, 1, 8, 0, 0).unwrap()),
        ditutup: None,
    }
}

/// An election with its stages is stored, read back, listed and replaced idempotently.
pub async fn pakta_pemilihan_simpan(store: &dyn Store) {
    let (a, _) = dua_pemda(store).await;
    let baru = pemilihan_baru(a);
    let (p, ubah) = store.simpan_pemilihan(&baru, &jejak(1)).await.unwrap();
    assert_eq!(ubah, Perubahan::Dibuat);
    let jenis: Vec<JenisTahapan> = p.tahapan.iter().map(|t| t.jenis).collect();
    assert_eq!(
        jenis,
        vec![
            JenisTahapan::PenetapanPaslon,
            JenisTahapan::Kampanye,
            JenisTahapan::Pemungutan
        ]
    );
    // What the domain accepts is what is stored.
    assert_eq!(p.clone().periksa().unwrap(), p);
    assert_eq!(store.pemilihan(a, p.id).await.unwrap(), Some(p.clone()));
    assert_eq!(store.daftar_pemilihan(a).await.unwrap(), vec![p.clone()]);

    // Saving it unchanged changes nothing; a change replaces the stages too.
    let mut lagi = baru.clone();
    lagi.id = Some(p.id);
    assert_eq!(
        store.simpan_pemilihan(&lagi, &jejak(2)).await.unwrap(),
        (p.clone(), Perubahan::Tetap)
    );
    lagi.status = StatusPemilihan::Selesai;
    lagi.tahapan.retain(|t| t.jenis != JenisTahapan::Kampanye);
    let (p2, ubah) = store.simpan_pemilihan(&lagi, &jejak(3)).await.unwrap();
    assert_eq!(ubah, Perubahan::Diubah);
    assert_eq!(p2.id, p.id);
    assert_eq!(p2.tahapan.len(), 2);
    assert_eq!(store.pemilihan(a, p.id).await.unwrap(), Some(p2));

    // A second election is listed after the first (by voting day).
    let mut psu = pemilihan_baru(a);
    psu.jenis = JenisPemilihan::Psu;
    psu.tgl_pemungutan = tgl(12, 20);
    psu.tahapan.clear();
    let (p3, _) = store.simpan_pemilihan(&psu, &jejak(4)).await.unwrap();
    assert!(p3.tahapan.is_empty());
    let ids: Vec<PemilihanId> = store
        .daftar_pemilihan(a)
        .await
        .unwrap()
        .iter()
        .map(|p| p.id)
        .collect();
    assert_eq!(ids, vec![p.id, p3.id]);

    // Replacing an unknown election is not found.
    lagi.id = Some(PemilihanId(p3.id.0 + 1000));
    match store.simpan_pemilihan(&lagi, &jejak(5)).await {
        Err(StoreError::TidakDitemukan(_)) => {}
        other => panic!("expected TidakDitemukan, got {other:?}"),
    }
}

/// A template reads back with the canonical text and hash the domain computes; the same
/// text again is the same row; an unapproved version may be replaced in place.
pub async fn pakta_templat_idempoten(store: &dyn Store) {
    let (a, _) = dua_pemda(store).await;
    let (p, _) = store
        .simpan_pemilihan(&pemilihan_baru(a), &jejak(1))
        .await
        .unwrap();
    let baru = templat_baru(a, Some(p.id), 1, "Menjaga netralitas dalam Pemilihan 2024.");
    let (t, ubah) = store.simpan_templat(&baru, &jejak(2)).await.unwrap();
    assert_eq!(ubah, Perubahan::Dibuat);
    assert_eq!(t.hash_isi, baru.hash_isi());
    assert_eq!(t.teks_kanonik(), baru.teks_kanonik());
    assert!(t.hash_cocok());
    assert!(!t.sudah_disahkan());
    assert_eq!(t, PaktaTemplate::dari_baru(t.id, baru.clone()));

    let dibaca = store.templat(a, t.id).await.unwrap().unwrap();
    assert_eq!(dibaca, t);
    assert_eq!(dibaca.hash_isi, baru.hash_isi());
    assert_eq!(dibaca.teks_kanonik(), baru.teks_kanonik());

    // The same canonical text again: the stored row, unchanged.
    assert_eq!(
        store.simpan_templat(&baru, &jejak(3)).await.unwrap(),
        (t.clone(), Perubahan::Tetap)
    );
    // Whitespace the canonical form folds away is the same text too.
    let mut spasi = baru.clone();
    spasi.isi.judul = "  Pakta   Integritas Netralitas ASN ".into();
    let (t_spasi, ubah) = store.simpan_templat(&spasi, &jejak(3)).await.unwrap();
    assert_eq!((t_spasi.id, ubah), (t.id, Perubahan::Tetap));

    // Another text for the same, unapproved version replaces it.
    let ganti = templat_baru(a, Some(p.id), 1, "Menjaga netralitas ASN dalam Pemilihan.");
    let (t2, ubah) = store.simpan_templat(&ganti, &jejak(4)).await.unwrap();
    assert_eq!(ubah, Perubahan::Diubah);
    assert_eq!(t2.id, t.id);
    assert_eq!(t2.hash_isi, ganti.hash_isi());
    assert_ne!(t2.hash_isi, t.hash_isi);
    assert_eq!(store.templat(a, t.id).await.unwrap(), Some(t2.clone()));
    assert_eq!(
        store.daftar_templat(a, None).await.unwrap(),
        vec![t2.clone()]
    );
    assert_eq!(
        store.daftar_templat(a, Some(p.id)).await.unwrap(),
        vec![t2.clone()]
    );

    // A template without an election is its own version line.
    let umum = templat_baru(a, None, 1, "Menjaga netralitas dalam Pemilihan 2024.");
    let (t3, ubah) = store.simpan_templat(&umum, &jejak(5)).await.unwrap();
    assert_eq!(ubah, Perubahan::Dibuat);
    assert_ne!(t3.id, t.id);
    assert_eq!(t3.pemilihan_id, None);
    assert_eq!(
        store.daftar_templat(a, None).await.unwrap(),
        vec![t3, t2.clone()]
    );
    assert_eq!(store.daftar_templat(a, Some(p.id)).await.unwrap(), vec![t2]);
}

/// An approved version is immutable: approving again, or saving other text as that version,
/// is a `Konflik` and leaves it as it was; a change is a new version row.
pub async fn pakta_templat_disahkan_beku(store: &dyn Store) {
    let (a, _) = dua_pemda(store).await;
    let (p, _) = store
        .simpan_pemilihan(&pemilihan_baru(a), &jejak(1))
        .await
        .unwrap();
    let v1 = templat_baru(a, Some(p.id), 1, "Menjaga netralitas dalam Pemilihan 2024.");
    let (t, _) = store.simpan_templat(&v1, &jejak(2)).await.unwrap();
    konflik(
        store
            .sahkan_templat(a, t.id, "   ", tgl(9, 1), &jejak(3))
            .await,
    );
    let sah = store
        .sahkan_templat(a, t.id, "Sekretaris Daerah", tgl(9, 1), &jejak(3))
        .await
        .unwrap();
    assert!(sah.sudah_disahkan());
    assert_eq!(sah.disahkan_oleh.as_deref(), Some("Sekretaris Daerah"));
    assert_eq!(sah.tgl_sah, Some(tgl(9, 1)));
    assert_eq!(
        sah.hash_isi, t.hash_isi,
        "approval does not change the hash"
    );
    assert_eq!(store.templat(a, t.id).await.unwrap(), Some(sah.clone()));

    konflik(
        store
            .sahkan_templat(a, t.id, "Wali Kota", tgl(9, 2), &jejak(4))
            .await,
    );
    let ubah = templat_baru(a, Some(p.id), 1, "Menjaga netralitas ASN dalam Pemilihan.");
    konflik(store.simpan_templat(&ubah, &jejak(4)).await);
    assert_eq!(store.templat(a, t.id).await.unwrap(), Some(sah.clone()));
    // The approved text itself again is still the same row.
    assert_eq!(
        store.simpan_templat(&v1, &jejak(5)).await.unwrap(),
        (sah.clone(), Perubahan::Tetap)
    );

    // The change as version 2: a new row and hash; version 1 stays approved.
    let v2 = templat_baru(a, Some(p.id), 2, "Menjaga netralitas ASN dalam Pemilihan.");
    let (t2, perubahan) = store.simpan_templat(&v2, &jejak(6)).await.unwrap();
    assert_eq!(perubahan, Perubahan::Dibuat);
    assert_ne!(t2.id, t.id);
    assert_eq!(t2.versi, 2);
    assert_eq!(t2.hash_isi, v2.hash_isi());
    assert_ne!(t2.hash_isi, sah.hash_isi);
    assert!(!t2.sudah_disahkan());
    assert_eq!(
        store.daftar_templat(a, Some(p.id)).await.unwrap(),
        vec![sah, t2.clone()]
    );
    // Approving a template that does not exist is not found.
    match store
        .sahkan_templat(a, TemplateId(t2.id.0 + 1000), "Sekda", tgl(9, 3), &jejak(7))
        .await
    {
        Err(StoreError::TidakDitemukan(_)) => {}
        other => panic!("expected TidakDitemukan, got {other:?}"),
    }
}

/// A campaign needs an approved template; it reads back whole with its stages in order.
pub async fn pakta_kampanye_simpan(store: &dyn Store) {
    let (a, _) = dua_pemda(store).await;
    let (p, _) = store
        .simpan_pemilihan(&pemilihan_baru(a), &jejak(1))
        .await
        .unwrap();
    let v1 = templat_baru(a, Some(p.id), 1, "Menjaga netralitas dalam Pemilihan 2024.");
    let (t, _) = store.simpan_templat(&v1, &jejak(2)).await.unwrap();
    let baru = kampanye_baru(a, t.id);
    konflik(store.simpan_kampanye(&baru, &jejak(3)).await);
    assert!(store.daftar_kampanye(a).await.unwrap().is_empty());

    let t = store
        .sahkan_templat(a, t.id, "Sekretaris Daerah", tgl(9, 1), &jejak(3))
        .await
        .unwrap();
    // Outside the template's berlaku_untuk: refused, nothing written.
    let mut cpns = baru.clone();
    cpns.lingkup.jenis_pegawai = [netral_domain::pegawai::JenisPegawai::Cpns].into();
    konflik(store.simpan_kampanye(&cpns, &jejak(4)).await);
    assert!(store.daftar_kampanye(a).await.unwrap().is_empty());

    let (k, ubah) = store.simpan_kampanye(&baru, &jejak(4)).await.unwrap();
    assert_eq!(ubah, Perubahan::Dibuat);
    assert_eq!(k.template_id, t.id);
    assert_eq!(k.template_versi, t.versi);
    assert_eq!(k.hash_isi, t.hash_isi);
    assert_eq!(k.tahap, baru.tahap);
    assert_eq!(k.lingkup, baru.lingkup);
    assert_eq!(store.kampanye(a, k.id).await.unwrap(), Some(k.clone()));

    let mut kedua = kampanye_baru(a, t.id);
    kedua.nama = "Ikrar netralitas kecamatan".into();
    kedua.lingkup.unit = None;
    kedua.tahap.remove(0);
    kedua.dibuka = None;
    kedua.ditutup = Some(Utc.with_ymd_and_hms(2024, 11, 30, 16, 59, 59).unwrap());
    let (k2, _) = store.simpan_kampanye(&kedua, &jejak(5)).await.unwrap();
    assert_ne!(k2.id, k.id);
    assert_eq!(store.daftar_kampanye(a).await.unwrap(), vec![k, k2]);
}

/// Another instansi sees none of it by id and cannot build on it.
pub async fn pakta_isolasi_instansi(store: &dyn Store) {
    let (a, b) = dua_pemda(store).await;
    let (p, _) = store
        .simpan_pemilihan(&pemilihan_baru(a), &jejak(1))
        .await
        .unwrap();
    let (t, _) = store
        .simpan_templat(
            &templat_baru(a, Some(p.id), 1, "Menjaga netralitas dalam Pemilihan 2024."),
            &jejak(2),
        )
        .await
        .unwrap();
    store
        .sahkan_templat(a, t.id, "Sekretaris Daerah", tgl(9, 1), &jejak(3))
        .await
        .unwrap();
    let (k, _) = store
        .simpan_kampanye(&kampanye_baru(a, t.id), &jejak(4))
        .await
        .unwrap();

    assert_eq!(store.pemilihan(b, p.id).await.unwrap(), None);
    assert_eq!(store.templat(b, t.id).await.unwrap(), None);
    assert_eq!(store.kampanye(b, k.id).await.unwrap(), None);
    assert!(store.daftar_pemilihan(b).await.unwrap().is_empty());
    assert!(store.daftar_templat(b, None).await.unwrap().is_empty());
    assert!(
        store
            .daftar_templat(b, Some(p.id))
            .await
            .unwrap()
            .is_empty()
    );
    assert!(store.daftar_kampanye(b).await.unwrap().is_empty());

    // B cannot approve, campaign on, or replace A's records, nor hang a template on A's
    // election.
    match store
        .sahkan_templat(b, t.id, "Sekda B", tgl(9, 2), &jejak(5))
        .await
    {
        Err(StoreError::TidakDitemukan(_)) => {}
        other => panic!("expected TidakDitemukan, got {other:?}"),
    }
    match store
        .simpan_kampanye(&kampanye_baru(b, t.id), &jejak(5))
        .await
    {
        Err(StoreError::TidakDitemukan(_)) => {}
        other => panic!("expected TidakDitemukan, got {other:?}"),
    }
    let mut ganti = pemilihan_baru(b);
    ganti.id = Some(p.id);
    match store.simpan_pemilihan(&ganti, &jejak(5)).await {
        Err(StoreError::TidakDitemukan(_)) => {}
        other => panic!("expected TidakDitemukan, got {other:?}"),
    }
    konflik(
        store
            .simpan_templat(
                &templat_baru(b, Some(p.id), 1, "Menjaga netralitas dalam Pemilihan 2024."),
                &jejak(5),
            )
            .await,
    );
    assert!(store.daftar_templat(b, None).await.unwrap().is_empty());
    // The same words in B are B's own template, with its own hash (the instansi is in the
    // canonical text).
    let (tb, ubah) = store
        .simpan_templat(
            &templat_baru(b, None, 1, "Menjaga netralitas dalam Pemilihan 2024."),
            &jejak(6),
        )
        .await
        .unwrap();
    assert_eq!(ubah, Perubahan::Dibuat);
    assert_ne!(tb.hash_isi, t.hash_isi);
    assert_eq!(store.pemilihan(a, p.id).await.unwrap(), Some(p));
}

/// Every write appends its audit entry in the same transaction; no-op saves append none.
pub async fn pakta_audit_tercatat(store: &dyn Store) {
    let (a, b) = dua_pemda(store).await;
    let sebelum = store.daftar_audit(a, 1000, None).await.unwrap().len();
    let (p, _) = store
        .simpan_pemilihan(&pemilihan_baru(a), &jejak(1))
        .await
        .unwrap();
    let v1 = templat_baru(a, Some(p.id), 1, "Menjaga netralitas dalam Pemilihan 2024.");
    let (t, _) = store.simpan_templat(&v1, &jejak(2)).await.unwrap();
    store.simpan_templat(&v1, &jejak(3)).await.unwrap();
    store
        .sahkan_templat(a, t.id, "Sekretaris Daerah", tgl(9, 1), &jejak(4))
        .await
        .unwrap();
    konflik(
        store
            .sahkan_templat(a, t.id, "Sekretaris Daerah", tgl(9, 1), &jejak(5))
            .await,
    );
    let (k, _) = store
        .simpan_kampanye(&kampanye_baru(a, t.id), &jejak(6))
        .await
        .unwrap();

    let semua = store.daftar_audit(a, 1000, None).await.unwrap();
    let baru: Vec<(String, String, Option<String>)> = semua[..semua.len() - sebelum]
        .iter()
        .rev()
        .map(|e| (e.aksi.clone(), e.entitas.clone(), e.entitas_id.clone()))
        .collect();
    assert_eq!(
        baru,
        vec![
            (
                aksi::TAMBAH_PEMILIHAN.into(),
                "pemilihan".into(),
                Some(p.id.to_string())
            ),
            (
                aksi::TAMBAH_TEMPLAT.into(),
                "pakta_templat".into(),
                Some(t.id.to_string())
            ),
            (
                aksi::SAHKAN_TEMPLAT.into(),
                "pakta_templat".into(),
                Some(t.id.to_string())
            ),
            (
                aksi::TAMBAH_KAMPANYE.into(),
                "kampanye".into(),
                Some(k.id.to_string())
            ),
        ]
    );
    let terbaru = &semua[0];
    assert_eq!(terbaru.aktor, "uji");
    assert_eq!(terbaru.waktu, jejak(6).waktu);
    // Nothing of A's in B's audit log.
    assert!(
        store
            .daftar_audit(b, 1000, None)
            .await
            .unwrap()
            .iter()
            .all(|e| !e.aksi.contains("TEMPLAT") && !e.aksi.contains("KAMPANYE"))
    );
}
