//! End-to-end checks of rendered pacts with the tools a reader or an archivist would use:
//! poppler (`pdftotext`, `pdffonts`, `pdftoppm`, `pdfimages`), `qpdf` and `zbarimg`.
//!
//! Tests that need a tool print a loud `SKIPPED` banner and pass when it is missing; the test
//! script installs them (Debian: poppler-utils, qpdf, zbar-tools).

mod alat;

use std::path::Path;

use alat::{ada, assert_tanpa_luapan, baca_qr, jalankan, rapat, tulis};

use netral_dokumen::{
    DataTandaTangan, GalatDokumen, GambarTtd, IsiPakta, Kop, Penandatangan, Penyaji, contoh,
};

fn penyaji() -> Penyaji {
    Penyaji::baru(&contoh::kop_pangkalpinang(), &contoh::isi_standar()).expect("templat contoh")
}

fn teks_pdf(jalur: &Path) -> String {
    rapat(&jalur_teks(jalur, &[]))
}

fn jalur_teks(jalur: &Path, opsi: &[&str]) -> String {
    let mut argumen: Vec<&str> = opsi.to_vec();
    argumen.extend([jalur.to_str().unwrap(), "-"]);
    jalankan("pdftotext", &argumen)
}

fn penandatangan_rumit() -> Penandatangan {
    Penandatangan {
        nama: "Dr. Ir. Nur’aini “Uli” Pétèr Siregar – Ñuñez, S.H., M.Si.".into(),
        nip_tampil: Some("19860926 201505 1 001".into()),
        jenis_pegawai: "PNS".into(),
        jabatan: Some("Kepala Subbagian Umum dan Kepegawaian".into()),
        unit: Some("Sekretariat Daerah".into()),
    }
}

#[test]
fn teks_dapat_diekstrak_utuh() {
    if !ada("pdftotext", "teks_dapat_diekstrak_utuh") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let isi = contoh::isi_standar();
    let p = penandatangan_rumit();
    let t = contoh::data_tanda_tangan(1);
    let pdf = penyaji().render(&p, &t).unwrap();
    let teks = teks_pdf(&tulis(dir.path(), "a.pdf", &pdf));
    for harus in [
        p.nama.as_str(),
        "19860926 201505 1 001",
        "PEMERINTAH KOTA PANGKALPINANG",
        &isi.judul,
        &isi.pembuka,
        &isi.penutup,
        "Senin, 4 Agustus 2025 09.01 WIB",
        "Daring (OTP)",
        &t.hash_isi,
    ] {
        assert!(
            teks.contains(&rapat(harus)),
            "tidak ada {harus:?} dalam:\n{teks}"
        );
    }
    for (i, b) in isi.butir.iter().enumerate() {
        let dengan_nomor = format!("{}. {}", i + 1, rapat(b));
        assert!(
            teks.contains(&dengan_nomor),
            "butir {} hilang: {dengan_nomor}\n{teks}",
            i + 1
        );
    }
    for d in &isi.dasar_hukum {
        assert!(teks.contains(&rapat(d)), "dasar hukum hilang: {d}");
    }
}

#[test]
fn karakter_di_luar_subset_dan_di_luar_huruf() {
    if !ada("pdftotext", "karakter_di_luar_subset_dan_di_luar_huruf") || !ada("pdffonts", "-") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let penyaji = penyaji();
    // ệ and ș are in Noto Sans but outside the prepared subset (per-document subset);
    // 漢 is not in the font at all (drawn as `?`, extracted through /ActualText).
    let mut p = penandatangan_rumit();
    p.nama = "Nguyễn Thị Ệ Ștefan 漢".into();
    let t = contoh::data_tanda_tangan(2);
    let pdf = penyaji.render(&p, &t).unwrap();
    assert_eq!(
        pdf,
        penyaji.render(&p, &t).unwrap(),
        "jalur lambat juga deterministik"
    );
    let jalur = tulis(dir.path(), "b.pdf", &pdf);
    let teks = teks_pdf(&jalur);
    assert!(teks.contains("Nguyễn Thị Ệ Ștefan 漢"), "{teks}");
    let huruf = jalankan("pdffonts", &[jalur.to_str().unwrap()]);
    assert_huruf_tertanam(&huruf);
}

fn assert_huruf_tertanam(pdffonts: &str) {
    let baris: Vec<&str> = pdffonts.lines().skip(2).collect();
    assert_eq!(baris.len(), 2, "{pdffonts}");
    for b in baris {
        let kolom: Vec<&str> = b.split_whitespace().collect();
        // name type type encoding emb sub uni object ID
        let n = kolom.len();
        assert_eq!(
            &kolom[n - 5..n - 2],
            ["yes", "yes", "yes"],
            "emb/sub/uni: {b}"
        );
        assert!(
            kolom[0].len() > 7 && kolom[0].as_bytes()[6] == b'+',
            "tag subset: {b}"
        );
    }
}

#[test]
fn huruf_tertanam_sebagai_subset() {
    if !ada("pdffonts", "huruf_tertanam_sebagai_subset") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let pdf = penyaji()
        .render(&contoh::penandatangan(3), &contoh::data_tanda_tangan(3))
        .unwrap();
    let jalur = tulis(dir.path(), "c.pdf", &pdf);
    assert_huruf_tertanam(&jalankan("pdffonts", &[jalur.to_str().unwrap()]));
}

#[test]
fn qr_terbaca_sama_dengan_url() {
    if !ada("pdftoppm", "qr_terbaca_sama_dengan_url")
        || !ada("zbarimg", "qr_terbaca_sama_dengan_url")
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let penyaji = penyaji();
    let mut t = contoh::data_tanda_tangan(4);
    let pdf = penyaji.render(&contoh::penandatangan(4), &t).unwrap();
    assert_eq!(baca_qr(dir.path(), &pdf), t.url_verifikasi);
    // A long URL (leaf hash plus a query) still decodes at 150 dpi.
    t.url_verifikasi = format!(
        "{}?log=pangkalpinang-2025&v=1&k={}",
        t.url_verifikasi,
        "ab".repeat(20)
    );
    let pdf = penyaji.render(&contoh::penandatangan(4), &t).unwrap();
    assert_eq!(baca_qr(dir.path(), &pdf), t.url_verifikasi);
}

#[test]
fn keluaran_deterministik() {
    let a = penyaji();
    let b = penyaji();
    let p = contoh::penandatangan(5);
    let t = contoh::data_tanda_tangan(5);
    let x = a.render(&p, &t).unwrap();
    assert_eq!(x, a.render(&p, &t).unwrap(), "penyaji yang sama");
    assert_eq!(
        x,
        b.render(&p, &t).unwrap(),
        "penyaji lain dari templat yang sama"
    );
    let lain = a.render(&contoh::penandatangan(6), &t).unwrap();
    assert_ne!(x, lain);
    let id = |pdf: &[u8]| {
        let s = String::from_utf8_lossy(pdf).into_owned();
        let i = s.rfind("/ID").expect("trailer /ID");
        s[i..i + 80].to_owned()
    };
    assert_ne!(id(&x), id(&lain), "ID dokumen berbeda per penanda tangan");
}

#[test]
fn isian_panjang_dibungkus_tanpa_luapan() {
    if !ada("pdftotext", "isian_panjang_dibungkus_tanpa_luapan") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let p = Penandatangan {
        nama: "Raden Mas Muhammad Ilham Kusumawardhana Prawirodirdjo Hadiningrat Soerjosoemarno, S.H., M.H., M.Kn."
            .into(),
        nip_tampil: Some("19860926 201505 1 001".into()),
        jenis_pegawai: "Pegawai Pemerintah dengan Perjanjian Kerja Paruh Waktu".into(),
        jabatan: Some(
            "Penata Kelola Sistem dan Teknologi Informasi Ahli Pertama pada Subbidang \
             Pengelolaan Data dan Sistem Informasi Kepegawaian merangkap Pengelola Layanan \
             Pengaduan Netralitas"
                .into(),
        ),
        unit: Some(
            "Subbidang Pengadaan, Pemberhentian dan Informasi Kepegawaian, Bidang Mutasi \
             dan Informasi, Badan Kepegawaian dan Pengembangan Sumber Daya Manusia Daerah \
             Kota Pangkalpinang, Provinsi Kepulauan Bangka Belitung"
                .into(),
        ),
    };
    let mut t = contoh::data_tanda_tangan(8);
    t.tempat = "Kota Pangkalpinang, Kepulauan Bangka Belitung".into();
    t.metode = "Kertas (dipindai), disaksikan oleh atasan langsung dan petugas BKPSDMD".into();
    for isi in [contoh::isi_standar(), contoh::isi_sembilan_butir()] {
        let penyaji = Penyaji::baru(&contoh::kop_pangkalpinang(), &isi).unwrap();
        let pdf = penyaji.render(&p, &t).unwrap();
        let jalur = tulis(dir.path(), "panjang.pdf", &pdf);
        assert_tanpa_luapan(&jalur);
        let teks = teks_pdf(&jalur);
        assert!(teks.contains(&p.nama), "{teks}");
        for b in &isi.butir {
            assert!(teks.contains(&rapat(b)), "butir hilang: {b}");
        }
        assert_eq!(
            jalankan("pdfinfo", &[jalur.to_str().unwrap()])
                .lines()
                .find(|l| l.starts_with("Pages:")),
            Some("Pages:           1")
        );
    }
}

#[test]
fn isian_melebihi_batas_baris_pindah_ke_halaman_berikut() {
    // A field longer than its one-page line budget no longer refuses the signature: the
    // pact flows onto a second page (see tests/halaman_lanjutan.rs).
    let penyaji = penyaji();
    let mut p = contoh::penandatangan(9);
    p.unit = Some("Unit kerja yang sangat panjang ".repeat(20));
    let pdf = penyaji.render(&p, &contoh::data_tanda_tangan(9)).unwrap();
    assert!(
        pdf.windows(b"/Count 2".len()).any(|w| w == b"/Count 2"),
        "dua halaman"
    );
    // The verification URL is the application's own and keeps its budget.
    let mut t = contoh::data_tanda_tangan(9);
    t.url_verifikasi = format!("https://a.go.id/{}", "x".repeat(400));
    assert!(matches!(
        penyaji.render(&contoh::penandatangan(9), &t),
        Err(GalatDokumen::IsianTerlaluPanjang {
            kolom: "url_verifikasi",
            ..
        })
    ));
}

#[test]
fn templat_panjang_diterima_dan_sembilan_butir_satu_halaman() {
    // A template too long for one page is accepted: its documents flow onto more pages.
    let mut isi = contoh::isi_standar();
    isi.butir = vec![contoh::isi_standar().penutup; 30];
    let panjang = Penyaji::baru(&contoh::kop_pangkalpinang(), &isi).unwrap();
    assert_eq!(panjang.ukuran_huruf(), vec![11.0]);
    // Nine clauses fit, at smaller body sizes.
    let sembilan =
        Penyaji::baru(&contoh::kop_pangkalpinang(), &contoh::isi_sembilan_butir()).unwrap();
    let standar = penyaji().ukuran_huruf();
    assert!(
        sembilan.ukuran_huruf()[0] < standar[0],
        "{:?} {standar:?}",
        sembilan.ukuran_huruf()
    );
}

#[test]
fn isian_opsional_kosong_tidak_panik() {
    let kop = Kop {
        pemda: "PEMERINTAH KABUPATEN KOTAWARINGIN TIMUR".into(),
        alamat: None,
    };
    let isi = IsiPakta {
        judul: "PAKTA INTEGRITAS".into(),
        pembuka: String::new(),
        butir: vec!["Bersikap netral.".into(), "   ".into()],
        penutup: String::new(),
        dasar_hukum: vec![],
    };
    let penyaji = Penyaji::baru(&kop, &isi).unwrap();
    let p = Penandatangan {
        nama: "Budi".into(),
        nip_tampil: None,
        jenis_pegawai: String::new(),
        jabatan: None,
        unit: Some(String::new()),
    };
    let t = DataTandaTangan {
        waktu_wib: "Rabu, 17 Januari 2024 08.00 WIB".into(),
        waktu_rfc3339: "2024-01-17T08:00:00+07:00".into(),
        tempat: String::new(),
        metode: String::new(),
        gambar_ttd: None,
        url_verifikasi: "https://v.id/x".into(),
        hash_isi: String::new(),
    };
    let pdf = penyaji.render(&p, &t).unwrap();
    assert!(pdf.starts_with(b"%PDF-1.7\n%"));
    if ada("pdftotext", "isian_opsional_kosong_tidak_panik") {
        let dir = tempfile::tempdir().unwrap();
        let jalur = tulis(dir.path(), "kosong.pdf", &pdf);
        let teks = teks_pdf(&jalur);
        // `-` stands for a missing field (pdftotext drops a line-final `-` as a hyphen, so
        // look at the raw text for it).
        let mentah = rapat(&jalur_teks(&jalur, &["-raw"]));
        assert!(
            mentah.contains("Nama : Budi") && mentah.contains("NIP : -"),
            "{mentah}"
        );
        assert!(
            teks.contains("1. Bersikap netral.") && !teks.contains("2."),
            "{teks}"
        );
        jalankan("qpdf", &["--check", jalur.to_str().unwrap()]);
    }

    // Errors, never panics, for missing or malformed inputs.
    let mut kosong = p.clone();
    kosong.nama = " \n ".into();
    assert!(matches!(
        penyaji.render(&kosong, &t),
        Err(GalatDokumen::IsianKosong("nama"))
    ));
    let mut salah = t.clone();
    salah.waktu_rfc3339 = "kemarin".into();
    assert!(matches!(
        penyaji.render(&p, &salah),
        Err(GalatDokumen::Waktu(_))
    ));
    let mut salah = t.clone();
    salah.url_verifikasi = "https://v.id/a b".into();
    assert!(matches!(
        penyaji.render(&p, &salah),
        Err(GalatDokumen::Url(_))
    ));
    let mut salah = t.clone();
    salah.url_verifikasi = String::new();
    assert!(matches!(
        penyaji.render(&p, &salah),
        Err(GalatDokumen::IsianKosong(_))
    ));
    let mut salah = t.clone();
    salah.gambar_ttd = Some(GambarTtd::Png(b"\x89PNG bukan png".to_vec()));
    assert!(matches!(
        penyaji.render(&p, &salah),
        Err(GalatDokumen::GambarTtd(_))
    ));
    let mut salah = t.clone();
    salah.gambar_ttd = Some(GambarTtd::Goresan(netral_dokumen::Goresan {
        lebar: 0.0,
        tinggi: 10.0,
        garis: vec![vec![(f32::NAN, 1.0)]],
    }));
    assert!(matches!(
        penyaji.render(&p, &salah),
        Err(GalatDokumen::GambarTtd(_))
    ));
    let mut salah = t.clone();
    salah.waktu_wib = String::new();
    assert!(matches!(
        penyaji.render(&p, &salah),
        Err(GalatDokumen::IsianKosong(_))
    ));
    assert!(matches!(
        Penyaji::baru(
            &Kop {
                pemda: String::new(),
                alamat: None
            },
            &isi
        ),
        Err(GalatDokumen::IsianKosong(_))
    ));
    assert!(matches!(
        Penyaji::baru(
            &kop,
            &IsiPakta {
                butir: vec![],
                ..isi.clone()
            }
        ),
        Err(GalatDokumen::IsianKosong(_))
    ));
}

/// A 300×100 RGBA PNG: a dark stroke on a transparent background.
fn png_ttd() -> Vec<u8> {
    let (w, h) = (300u32, 100u32);
    let mut piksel = vec![0u8; (w * h * 4) as usize];
    for x in 20..280 {
        let y = (50.0 + 30.0 * ((x as f32) / 25.0).sin()) as u32;
        for dy in 0..4 {
            let i = (((y + dy) * w + x) * 4) as usize;
            piksel[i..i + 4].copy_from_slice(&[10, 20, 90, 255]);
        }
    }
    let mut keluaran = Vec::new();
    let mut enc = png::Encoder::new(&mut keluaran, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    enc.write_header()
        .unwrap()
        .write_image_data(&piksel)
        .unwrap();
    keluaran
}

#[test]
fn ttd_png_tanpa_transparansi() {
    let mut t = contoh::data_tanda_tangan(10);
    t.gambar_ttd = Some(GambarTtd::Png(png_ttd()));
    let pdf = penyaji().render(&contoh::penandatangan(10), &t).unwrap();
    let teks = String::from_utf8_lossy(&pdf);
    assert!(!teks.contains("/SMask") && !teks.contains("/CA ") && !teks.contains("/Group"));
    if !ada("pdfimages", "ttd_png_tanpa_transparansi") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let jalur = tulis(dir.path(), "png.pdf", &pdf);
    let daftar = jalankan("pdfimages", &["-list", jalur.to_str().unwrap()]);
    let gambar: Vec<&str> = daftar.lines().skip(2).collect();
    assert_eq!(gambar.len(), 1, "{daftar}");
    assert!(
        gambar[0].contains("image") && gambar[0].contains("300   100  rgb"),
        "{daftar}"
    );
}

/// What PDF/A-3b asks of the file structure, checked on the bytes and with qpdf. This is our
/// own list of rules, not a validator: see the crate README for what is verified.
#[test]
fn struktur_pdfa() {
    let pdf = penyaji()
        .render(&contoh::penandatangan(11), &contoh::data_tanda_tangan(11))
        .unwrap();
    // Header with a binary comment of four bytes above 127.
    assert!(pdf.starts_with(b"%PDF-1.7\n%"));
    assert!(pdf[10..14].iter().all(|b| *b > 127));
    let teks = String::from_utf8_lossy(&pdf);
    for harus in [
        "/OutputIntents",
        "/S /GTS_PDFA1",
        "/DestOutputProfile 11 0 R",
        "/N 3",
        "<pdfaid:part>3</pdfaid:part>",
        "<pdfaid:conformance>B</pdfaid:conformance>",
        "/Subtype /XML",
        "/FontFile2",
        "/CIDToGIDMap /Identity",
        "/ToUnicode",
        "/ID [",
        "/F 4",
        "/Lang (id-ID)",
    ] {
        assert!(teks.contains(harus), "tidak ada {harus}");
    }
    for dilarang in [
        "/Encrypt",
        "/JavaScript",
        "/SMask",
        "/Transparency",
        "/Interpolate true",
        "/EmbeddedFile",
    ] {
        assert!(!teks.contains(dilarang), "ada {dilarang}");
    }
    // The XMP packet is stored unfiltered, and its dates equal the info dictionary's.
    let i = teks.find("/Subtype /XML").unwrap();
    let kamus = &teks[teks[..i].rfind("<<").unwrap()..i];
    assert!(
        !kamus.contains("/Filter"),
        "metadata tidak boleh difilter: {kamus}"
    );
    assert!(teks.contains("<xmp:CreateDate>2025-08-04T09:11:00+07:00</xmp:CreateDate>"));
    assert!(teks.contains("/CreationDate (D:20250804091100+07'00)"));
    if ada("qpdf", "struktur_pdfa") {
        let dir = tempfile::tempdir().unwrap();
        let jalur = tulis(dir.path(), "pdfa.pdf", &pdf);
        let hasil = jalankan("qpdf", &["--check", jalur.to_str().unwrap()]);
        assert!(
            hasil.contains("No syntax or stream encoding errors"),
            "{hasil}"
        );
    }
}

#[test]
fn snapshot_tata_letak() {
    let p = penandatangan_rumit();
    let mut t = contoh::data_tanda_tangan(12);
    t.gambar_ttd = Some(GambarTtd::Goresan(contoh::goresan(12)));
    insta::assert_snapshot!(penyaji().uraian_tata_letak(&p, &t).unwrap());
}
