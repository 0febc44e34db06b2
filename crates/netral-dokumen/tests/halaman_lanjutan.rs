//! Pacts longer than one A4 page: the 9-butir starter text with the longest signer fields
//! (the demo's failing case) flows onto further pages instead of failing, keeps the
//! signature block together on the last page, and still verifies offline.
//!
//! Tests that need a tool print a loud `SKIPPED` banner and pass when it is missing
//! (Debian: poppler-utils, zbar-tools).

mod alat;

use std::path::Path;

use alat::{ada, assert_kata_di_dalam, baca_qr_halaman, bukti, jalankan, kotak_kata, rapat, tulis};

use netral_dokumen::{
    DataTandaTangan, GalatDokumen, IsiPakta, Kop, Penandatangan, Penyaji, contoh, periksa_pdf,
    render_rekaman,
};
use netral_domain::organisasi::InstansiId;
use netral_domain::pakta::rekaman::{
    FORMAT_REKAMAN, GambarRekaman, RekamanPenanda, RekamanTandaTangan, RekamanTemplat,
};
use netral_domain::pakta::{
    JenisPemilihan, JenisTemplatAwal, KonteksTemplat, ModePakta, PemilihanId, templat_awal,
};

/// The real 9-butir starter text, as the demo's 2025 pact (a re-run election) uses it.
fn sembilan_butir(mode: ModePakta) -> netral_domain::pakta::IsiPakta {
    templat_awal(
        JenisTemplatAwal::Butir9,
        &KonteksTemplat {
            instansi_id: InstansiId(1),
            pemilihan_id: Some(PemilihanId(2)),
            nama_pemda: "Kota Pangkalpinang".into(),
            jenis_pemilihan: JenisPemilihan::PilkadaUlang,
            nama_pemilihan:
                "Pemilihan Ulang Wali Kota dan Wakil Wali Kota Pangkalpinang Tahun 2025".into(),
            mode,
            berlaku_untuk: None,
            nomor_se: Some("800.1.6/0412/BKPSDM/2025".into()),
        },
    )
    .isi
}

/// Signer fields at their line budgets (name 2 lines, jabatan 3, unit 4 at the body sizes
/// a 9-butir pact uses).
fn penanda_terpanjang() -> RekamanPenanda {
    RekamanPenanda {
        nama: "Prof. Dr. Ir. Raden Ayu Siti Nurhaliza Kusumawardhani Purbaningrum \
               Hadiningrat Tjokroadisoemarto, S.H., M.Si., M.Kn., Ph.D."
            .into(),
        nip_tampil: Some("19860926 201505 2 001".into()),
        jenis_pegawai: "PNS".into(),
        jabatan: Some(
            "Kepala Subbidang Pengadaan, Pemberhentian, Informasi Kepegawaian, Pengembangan \
             Kompetensi Teknis, Fungsional dan Manajerial Aparatur serta Penilaian Kinerja dan \
             Penghargaan pada Bidang Mutasi dan Promosi"
                .into(),
        ),
        unit: Some(
            "Bidang Pengadaan, Pemberhentian dan Informasi Kepegawaian pada Badan Kepegawaian \
             dan Pengembangan Sumber Daya Manusia Daerah, Sekretariat Daerah Kota \
             Pangkalpinang, Provinsi Kepulauan Bangka Belitung, Unit Pelaksana Teknis Daerah \
             Pusat Penilaian Kompetensi Aparatur Sipil Negara dan Pengembangan Karier \
             Jabatan Fungsional Tertentu Tingkat Kota"
                .into(),
        ),
    }
}

fn rekaman(isi: &netral_domain::pakta::IsiPakta, perwakilan: bool) -> RekamanTandaTangan {
    RekamanTandaTangan {
        format: FORMAT_REKAMAN.into(),
        instansi_kode: "19.71".into(),
        pemda: "PEMERINTAH KOTA PANGKALPINANG".into(),
        alamat: Some("Jalan Rasakunda No. 1, Kota Pangkalpinang 33121".into()),
        templat: RekamanTemplat {
            id: 1,
            versi: 1,
            hash_isi: "cd".repeat(32),
            judul: isi.judul.clone(),
            pembuka: isi.pembuka.clone(),
            butir: isi.butir.clone(),
            penutup: isi.penutup.clone(),
            dasar_hukum: isi.dasar_hukum.clone(),
            nomor_se: isi.nomor_se.clone(),
        },
        kampanye_id: Some(3),
        penanda: penanda_terpanjang(),
        waktu: "2025-08-04T02:12:00Z".into(),
        tempat: "Pangkalpinang".into(),
        metode: if perwakilan {
            "PERWAKILAN"
        } else {
            "DARING_OTP"
        }
        .into(),
        gambar_ttd: Some(GambarRekaman::Goresan {
            lebar: 300.0,
            tinggi: 100.0,
            garis: vec![vec![
                (10.0, 80.0),
                (80.0, 20.0),
                (150.0, 70.0),
                (290.0, 30.0),
            ]],
        }),
        bukti_hash: None,
        mewakili: if perwakilan {
            (1..=40)
                .map(|i| format!("Pegawai Diwakili Nomor {i}"))
                .collect()
        } else {
            vec![]
        },
        mandat_hash: None,
        url_verifikasi_dasar: "https://pakta.example.go.id/v/".into(),
        nonce: "00112233445566778899aabbccddeeff".into(),
    }
}

fn jumlah_halaman(jalur: &Path) -> usize {
    jalankan("pdfinfo", &[jalur.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo Pages")
}

/// Text of pages `awal..=akhir`, whitespace collapsed.
fn teks_halaman(jalur: &Path, awal: usize, akhir: usize) -> String {
    rapat(&jalankan(
        "pdftotext",
        &[
            "-f",
            &awal.to_string(),
            "-l",
            &akhir.to_string(),
            jalur.to_str().unwrap(),
            "-",
        ],
    ))
}

/// Text of all `n` pages without the page numbers (which sit between a page's last line
/// and the next page's first), whitespace collapsed.
fn teks_tanpa_nomor(jalur: &Path, n: usize) -> String {
    let mut teks = teks_halaman(jalur, 1, n);
    for i in 1..=n {
        teks = teks.replace(&format!("Halaman {i} dari {n} "), "");
    }
    teks
}

#[test]
fn sembilan_butir_dengan_isian_terpanjang_mengalir_ke_halaman_berikut() {
    for perwakilan in [false, true] {
        let mode = if perwakilan {
            ModePakta::Perwakilan
        } else {
            ModePakta::Individu
        };
        let isi = sembilan_butir(mode);
        assert_eq!(isi.butir.len(), 9);
        let r = rekaman(&isi, perwakilan);
        let (hex, bundel) = bukti(&r);
        let pdf = render_rekaman(&r, &hex, &bundel).expect("pakta harus selalu dapat dicetak");

        // Offline check accepts it; it is deterministic; one changed byte is refused.
        let terperiksa = periksa_pdf(&pdf).expect("periksa_pdf");
        assert_eq!(terperiksa.rekaman, r);
        assert_eq!(render_rekaman(&r, &hex, &bundel).unwrap(), pdf);
        let i = pdf
            .windows(b"/Count ".len())
            .position(|w| w == b"/Count ")
            .expect("/Count")
            + b"/Count ".len();
        let mut ubah = pdf.clone();
        ubah[i] = if ubah[i] == b'9' { b'8' } else { b'9' };
        assert!(
            periksa_pdf(&ubah).is_err(),
            "satu bita diubah harus ditolak"
        );

        if !ada("pdfinfo", "sembilan_butir_dengan_isian_terpanjang") {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        let jalur = tulis(dir.path(), "panjang.pdf", &pdf);
        let n = jumlah_halaman(&jalur);
        let roster = usize::from(perwakilan);
        assert!(n > 1 + roster, "harus lebih dari satu halaman pakta: {n}");
        // No word outside the margins or overprinting another, on any page; the page number
        // sits in the bottom margin, at least 7 mm above the edge.
        for h in 1..=n {
            assert_kata_di_dalam(&kotak_kata(&jalur, h), 7.0);
        }
        let semua = teks_tanpa_nomor(&jalur, n);
        for (k, b) in isi.butir.iter().enumerate() {
            assert!(
                semua.contains(&rapat(b)),
                "butir {} hilang:\n{semua}",
                k + 1
            );
        }
        assert!(semua.contains(&rapat(&isi.penutup)), "{semua}");
        for label in ["Nama", "Jabatan", "Unit Kerja"] {
            assert!(semua.contains(label), "{label}");
        }
        let dengan_nomor = teks_halaman(&jalur, 1, n);
        for i in 1..=n {
            assert!(
                dengan_nomor.contains(&format!("Halaman {i} dari {n}")),
                "{dengan_nomor}"
            );
        }
        if perwakilan {
            assert!(semua.contains("Pegawai Diwakili Nomor 40"), "{semua}");
        }

        // The signature block is whole on the last pact page: place/time, name, method,
        // hash footer; the QR code there points to the verification URL.
        let terakhir = n - roster;
        let akhir = teks_halaman(&jalur, terakhir, terakhir);
        for harus in [
            "Pangkalpinang, Senin, 4 Agustus 2025 09.12 WIB",
            "Yang menyatakan,",
            &rapat(&r.penanda.nama),
            "NIP 19860926 201505 2 001",
            "Metode penandatanganan:",
            &format!("Sidik isi pakta (SHA-256): {}", "cd".repeat(32)),
        ] {
            assert!(
                akhir.contains(harus),
                "{harus:?} tidak di halaman {terakhir}:\n{akhir}"
            );
        }
        let pertama = teks_halaman(&jalur, 1, 1);
        assert!(
            pertama.contains("PEMERINTAH KOTA PANGKALPINANG"),
            "{pertama}"
        );
        assert!(!pertama.contains("Yang menyatakan,"), "{pertama}");
        if ada("zbarimg", "sembilan_butir_dengan_isian_terpanjang (QR)") {
            assert_eq!(
                baca_qr_halaman(dir.path(), &jalur, terakhir),
                r.url_verifikasi(&hex)
            );
        }
    }
}

fn data(i: u32) -> DataTandaTangan {
    contoh::data_tanda_tangan(i)
}

#[test]
fn sembilan_butir_dengan_isian_biasa_tetap_satu_halaman() {
    let isi = sembilan_butir(ModePakta::Individu);
    let mut r = rekaman(&isi, false);
    r.penanda = RekamanPenanda {
        nama: "Novi Wong, S.STP.".into(),
        nip_tampil: Some("19840904 201307 2 001".into()),
        jenis_pegawai: "PNS".into(),
        jabatan: Some("Lurah".into()),
        unit: Some("Kelurahan Bukit Merapin".into()),
    };
    let (hex, bundel) = bukti(&r);
    let pdf = render_rekaman(&r, &hex, &bundel).unwrap();
    periksa_pdf(&pdf).unwrap();
    assert!(pdf.windows(8).any(|w| w == b"/Count 1"), "satu halaman");
}

#[test]
fn isian_melebihi_anggaran_baris_dibungkus_bukan_ditolak() {
    let penyaji = Penyaji::baru(&contoh::kop_pangkalpinang(), &contoh::isi_standar()).unwrap();
    let mut p = contoh::penandatangan(9);
    p.unit = Some("Unit kerja yang sangat panjang ".repeat(40));
    p.nama = "Nama Yang Sangat Panjang Sekali ".repeat(12);
    p.jabatan = Some("Jabatan ".repeat(150));
    let pdf = penyaji
        .render(&p, &data(9))
        .expect("dibungkus ke halaman berikut");
    assert_eq!(penyaji.render(&p, &data(9)).unwrap(), pdf, "deterministik");
    if !ada(
        "pdfinfo",
        "isian_melebihi_anggaran_baris_dibungkus_bukan_ditolak",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let jalur = tulis(dir.path(), "a.pdf", &pdf);
    let n = jumlah_halaman(&jalur);
    assert!(n > 1, "{n}");
    for h in 1..=n {
        assert_kata_di_dalam(&kotak_kata(&jalur, h), 7.0);
    }
    let teks = teks_tanpa_nomor(&jalur, n);
    assert!(teks.contains(&rapat(p.unit.as_deref().unwrap())), "{teks}");
    assert!(teks.contains(&rapat(&p.nama)), "{teks}");
    for b in &contoh::isi_standar().butir {
        assert!(teks.contains(&rapat(b)), "butir hilang: {b}");
    }
}

#[test]
fn templat_panjang_dicetak_banyak_halaman() {
    let mut isi = contoh::isi_standar();
    isi.butir = (1..=30)
        .map(|i| format!("Butir nomor {i}. {}", contoh::isi_standar().penutup))
        .collect();
    let penyaji = Penyaji::baru(&contoh::kop_pangkalpinang(), &isi).expect("templat panjang");
    let pdf = penyaji.render(&contoh::penandatangan(1), &data(1)).unwrap();
    if !ada("pdfinfo", "templat_panjang_dicetak_banyak_halaman") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let jalur = tulis(dir.path(), "a.pdf", &pdf);
    let n = jumlah_halaman(&jalur);
    assert!(n >= 2, "{n}");
    for h in 1..=n {
        assert_kata_di_dalam(&kotak_kata(&jalur, h), 7.0);
    }
    let teks = teks_tanpa_nomor(&jalur, n);
    for b in &isi.butir {
        assert!(teks.contains(&rapat(b)), "butir hilang: {b}");
    }
    // Each clause appears once: no line drawn on two pages.
    assert_eq!(teks.matches("Butir nomor 17.").count(), 1);
}

#[test]
fn isian_yang_mustahil_ditolak_dengan_galat_jelas() {
    let penyaji = Penyaji::baru(&contoh::kop_pangkalpinang(), &contoh::isi_standar()).unwrap();
    // More than 10 KB in one field.
    let mut p = contoh::penandatangan(2);
    p.unit = Some("x ".repeat(6000));
    match penyaji.render(&p, &data(2)) {
        Err(
            e @ GalatDokumen::IsianTerlaluBesar {
                kolom: "unit kerja",
                maks_byte: 10_000,
            },
        ) => assert!(e.to_string().contains("unit kerja"), "{e}"),
        lain => panic!("{lain:?}"),
    }
    // A name so long that the signature block cannot fit on one page.
    let mut p = contoh::penandatangan(2);
    p.nama = "Nama ".repeat(1900);
    match penyaji.render(&p, &data(2)) {
        Err(e @ GalatDokumen::BagianTtdTerlaluPanjang { .. }) => {
            assert!(e.to_string().contains("bagian tanda tangan"), "{e}")
        }
        lain => panic!("{lain:?}"),
    }
    // The verification URL is the application's own: its budget stays.
    let mut t = data(2);
    t.url_verifikasi = format!("https://a.go.id/{}", "x".repeat(400));
    assert!(matches!(
        penyaji.render(&contoh::penandatangan(2), &t),
        Err(GalatDokumen::IsianTerlaluPanjang {
            kolom: "url_verifikasi",
            ..
        })
    ));
}

#[test]
fn dokumen_satu_halaman_tanpa_nomor_halaman() {
    let penyaji = Penyaji::baru(
        &Kop {
            pemda: "PEMERINTAH KOTA PANGKALPINANG".into(),
            alamat: None,
        },
        &IsiPakta {
            ..contoh::isi_standar()
        },
    )
    .unwrap();
    let p = Penandatangan {
        unit: Some("BKPSDM".into()),
        ..contoh::penandatangan(3)
    };
    let pdf = penyaji.render(&p, &data(3)).unwrap();
    if !ada("pdfinfo", "dokumen_satu_halaman_tanpa_nomor_halaman") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let jalur = tulis(dir.path(), "a.pdf", &pdf);
    assert_eq!(jumlah_halaman(&jalur), 1);
    assert!(!teks_halaman(&jalur, 1, 1).contains("Halaman 1"));
}
