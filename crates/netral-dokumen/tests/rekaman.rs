//! The verifiable pact PDF (`render_rekaman` / `periksa_pdf`) and the unit recap
//! (`render_rekap`), checked with the tools a reader would use (poppler, zbarimg).
//!
//! Tests that need a tool print a loud `SKIPPED` banner and pass when it is missing
//! (Debian: poppler-utils, zbar-tools).

mod alat;

use std::process::Command;

use alat::{ada, baca_qr, bukti, jalankan, rapat, tulis};

use netral_dokumen::{
    BarisRekap, GalatDokumen, Kop, NAMA_LAMPIRAN_BUKTI, NAMA_LAMPIRAN_REKAMAN, Rekap, periksa_pdf,
    render_rekaman, render_rekap,
};
use netral_domain::pakta::rekaman::{
    FORMAT_REKAMAN, GambarRekaman, RekamanPenanda, RekamanTandaTangan, RekamanTemplat,
};
use netral_domain::pakta::tanda_tangan::CATATAN_PERWAKILAN;
use netral_ledger::bundle::ProofBundle;

fn rekaman(nama: &str) -> RekamanTandaTangan {
    RekamanTandaTangan {
        format: FORMAT_REKAMAN.into(),
        instansi_kode: "19.71".into(),
        pemda: "PEMERINTAH KOTA PANGKALPINANG".into(),
        alamat: Some("Jalan Rasakunda No. 1, Kota Pangkalpinang 33121".into()),
        templat: RekamanTemplat {
            id: 1,
            versi: 2,
            hash_isi: "ab".repeat(32),
            judul: "PAKTA INTEGRITAS NETRALITAS APARATUR SIPIL NEGARA".into(),
            pembuka: "dengan ini menyatakan bahwa saya:".into(),
            butir: vec![
                "Menjaga dan menegakkan prinsip netralitas pegawai ASN.".into(),
                "Tidak memihak kepada pasangan calon tertentu.".into(),
                "Menggunakan media sosial secara bijak (“hoaks” – tidak).".into(),
                "Menolak politik uang dan segala jenis pemberian.".into(),
            ],
            penutup: "Demikian pakta integritas ini saya buat dengan sebenar-benarnya.".into(),
            dasar_hukum: vec!["Undang-Undang Nomor 20 Tahun 2023 tentang ASN.".into()],
            nomor_se: None,
        },
        kampanye_id: Some(3),
        penanda: RekamanPenanda {
            nama: nama.into(),
            nip_tampil: Some("19860926 201505 1 001".into()),
            jenis_pegawai: "PNS".into(),
            jabatan: Some("Analis Sumber Daya Manusia Aparatur".into()),
            unit: Some("BKPSDM".into()),
        },
        waktu: "2026-11-24T01:02:03.456Z".into(),
        tempat: "Pangkalpinang".into(),
        metode: "DARING_OTP".into(),
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
        mewakili: vec![],
        mandat_hash: None,
        url_verifikasi_dasar: "https://pakta.example.go.id/v/".into(),
        nonce: "00112233445566778899aabbccddeeff".into(),
    }
}

fn pdf_asli(r: &RekamanTandaTangan) -> (String, Vec<u8>, Vec<u8>) {
    let (hex, b) = bukti(r);
    let pdf = render_rekaman(r, &hex, &b).unwrap();
    (hex, b, pdf)
}

#[test]
fn periksa_menerima_pdf_asli_dan_deterministik() {
    let r = rekaman("Siti Aminah, S.E.");
    let (hex, b, pdf) = pdf_asli(&r);
    assert_eq!(
        render_rekaman(&r, &hex, &b).unwrap(),
        pdf,
        "sama masukan, sama bita"
    );
    let hasil = periksa_pdf(&pdf).unwrap();
    assert_eq!(hasil.rekaman, r);
    assert_eq!(hasil.bundle, b);
    let hex_hasil: String = hasil.hash_daun.iter().map(|x| format!("{x:02x}")).collect();
    assert_eq!(hex_hasil, hex);
    // Another signer: another document.
    let (_, _, lain) = pdf_asli(&rekaman("Budi Santoso"));
    assert_ne!(lain, pdf);
}

/// Positions of the first occurrence of `jarum`.
fn posisi(h: &[u8], jarum: &[u8]) -> usize {
    h.windows(jarum.len())
        .position(|w| w == jarum)
        .unwrap_or_else(|| panic!("{:?} tidak ada", String::from_utf8_lossy(jarum)))
}

#[test]
fn satu_bita_diubah_di_mana_pun_ditolak() {
    let r = rekaman("Siti Aminah");
    let (_, _, pdf) = pdf_asli(&r);
    let n = pdf.len();
    let json = posisi(&pdf, b"\"penanda\":{\"nama\":\"Siti") + 20;
    let bundel = posisi(&pdf, b"c2sp.org/tlog-proof@v1") + 3;
    let konten = pdf.len() / 2;
    let trailer = posisi(&pdf, b"trailer") + 2;
    let startxref = n - 8;
    let mut offset = vec![0, 5, 20, json, bundel, konten, trailer, startxref, n - 1];
    offset.extend((0..40).map(|i| i * n / 40));
    for &i in &offset {
        for ganti in [0x01u8, 0x20, 0x80] {
            let mut rusak = pdf.clone();
            rusak[i] ^= ganti;
            let g = periksa_pdf(&rusak);
            assert!(g.is_err(), "perubahan di {i} (^{ganti:#x}) lolos");
        }
    }
    // The embedded record changed in a way that still parses: the hash no longer matches.
    let mut rusak = pdf.clone();
    rusak[json] = if rusak[json] == b'X' { b'Y' } else { b'X' };
    assert!(matches!(
        periksa_pdf(&rusak),
        Err(GalatDokumen::HashTidakCocok)
    ));
    // A visible change outside the attachments: re-render mismatch.
    let mut rusak = pdf.clone();
    rusak[trailer] ^= 0x01;
    assert!(matches!(periksa_pdf(&rusak), Err(GalatDokumen::IsiDiubah)));
    // Truncation and appended bytes (an incremental update).
    assert!(periksa_pdf(&pdf[..n - 1]).is_err());
    let mut tambah = pdf.clone();
    tambah.extend_from_slice(b"\n% update\n");
    assert!(matches!(periksa_pdf(&tambah), Err(GalatDokumen::IsiDiubah)));
    assert!(matches!(
        periksa_pdf(b"bukan pdf"),
        Err(GalatDokumen::BukanPdf)
    ));
    assert!(matches!(
        periksa_pdf(b"%PDF-1.7\n%x\n1 0 obj\n<< >>\nendobj\n"),
        Err(GalatDokumen::TanpaLampiran)
    ));
}

#[test]
fn galat_rekaman_dan_bundel_berbeda() {
    let r = rekaman("Siti Aminah");
    let (_, b, _) = pdf_asli(&r);
    // A bundle for another record: hash mismatch.
    let (hex_lain, b_lain) = bukti(&rekaman("Orang Lain"));
    let pdf = render_rekaman(&r, &hex_lain, &b_lain).unwrap();
    assert!(matches!(
        periksa_pdf(&pdf),
        Err(GalatDokumen::HashTidakCocok)
    ));
    // A bundle without an entry.
    let mut tanpa = ProofBundle::parse(std::str::from_utf8(&b).unwrap()).unwrap();
    tanpa.extra = None;
    let pdf = render_rekaman(&r, &"0".repeat(64), tanpa.to_text().as_bytes()).unwrap();
    assert!(matches!(
        periksa_pdf(&pdf),
        Err(GalatDokumen::BundelTidakSah(_))
    ));
    // A wrong leaf hash in the QR: the re-render (with the true leaf) differs.
    let (_, b, _) = pdf_asli(&r);
    let pdf = render_rekaman(&r, &"0".repeat(64), &b).unwrap();
    assert!(matches!(periksa_pdf(&pdf), Err(GalatDokumen::IsiDiubah)));
    assert!(render_rekaman(&r, "ABC", &b).is_err());
    let mut buruk = r.clone();
    buruk.nonce = "xyz".into();
    assert!(matches!(
        render_rekaman(&buruk, &"0".repeat(64), &b),
        Err(GalatDokumen::RekamanTidakSah(_))
    ));
}

#[test]
fn teks_lampiran_dan_qr_terbaca_alat() {
    if !ada("pdftotext", "teks_lampiran_dan_qr_terbaca_alat")
        || !ada("pdfdetach", "teks_lampiran_dan_qr_terbaca_alat")
    {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let r = rekaman("Nur’aini “Uli” Pétèr Siregar");
    let (hex, b, pdf) = pdf_asli(&r);
    let jalur = tulis(dir.path(), "pakta.pdf", &pdf);
    let j = jalur.to_str().unwrap();
    let teks = rapat(&jalankan("pdftotext", &[j, "-"]));
    assert!(teks.contains("Nur’aini “Uli” Pétèr Siregar"), "{teks}");
    for butir in &r.templat.butir {
        assert!(
            teks.contains(butir.as_str()),
            "{butir} tidak ada di: {teks}"
        );
    }
    assert!(
        teks.contains("Selasa, 24 November 2026 08.02 WIB"),
        "{teks}"
    );
    assert!(teks.contains("Daring (tautan pribadi dan OTP)"), "{teks}");
    assert!(teks.contains(&"ab".repeat(32)), "{teks}");

    let daftar = jalankan("pdfdetach", &["-list", j]);
    assert!(daftar.contains("2 embedded files"), "{daftar}");
    assert!(daftar.contains(NAMA_LAMPIRAN_REKAMAN), "{daftar}");
    assert!(daftar.contains(NAMA_LAMPIRAN_BUKTI), "{daftar}");
    let keluar = dir.path().join("keluar");
    std::fs::create_dir(&keluar).unwrap();
    jalankan(
        "pdfdetach",
        &["-saveall", "-o", keluar.to_str().unwrap(), j],
    );
    assert_eq!(
        std::fs::read(keluar.join(NAMA_LAMPIRAN_REKAMAN)).unwrap(),
        r.kanonik()
    );
    assert_eq!(std::fs::read(keluar.join(NAMA_LAMPIRAN_BUKTI)).unwrap(), b);

    if ada("pdftoppm", "qr") && ada("zbarimg", "qr") {
        let url = baca_qr(dir.path(), &pdf);
        assert_eq!(url, format!("https://pakta.example.go.id/v/{hex}"));
    }
}

#[test]
fn perwakilan_mencetak_catatan_dan_daftar() {
    if !ada("pdftotext", "perwakilan_mencetak_catatan_dan_daftar") {
        return;
    }
    let mut r = rekaman("Kepala Bidang Umum");
    r.metode = "PERWAKILAN".into();
    r.mewakili = (1..=120)
        .map(|i| format!("Pegawai Nomor {i} (NIP 1986xxxx xxxxxx 1 {i:03})"))
        .collect();
    let (_, _, pdf) = pdf_asli(&r);
    assert!(periksa_pdf(&pdf).is_ok());
    let dir = tempfile::tempdir().unwrap();
    let jalur = tulis(dir.path(), "wakil.pdf", &pdf);
    let j = jalur.to_str().unwrap();
    let teks = rapat(&jalankan("pdftotext", &[j, "-"]));
    assert!(teks.contains(&rapat(CATATAN_PERWAKILAN)), "{teks}");
    assert!(
        teks.contains("Atas nama (perwakilan unit); daftar pegawai yang diwakili pada lampiran"),
        "{teks}"
    );
    assert!(teks.contains("Pegawai Nomor 1 (NIP"), "{teks}");
    assert!(teks.contains("Pegawai Nomor 120 (NIP"), "{teks}");
    let info = jalankan("pdfinfo", &[j]);
    let halaman = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|v| v.trim().parse::<u32>().unwrap())
        .unwrap();
    assert!(
        halaman >= 3,
        "120 nama perlu lebih dari satu halaman lampiran: {halaman}"
    );
}

fn rekap(n: usize) -> Rekap {
    Rekap {
        kop: Kop {
            pemda: "PEMERINTAH KOTA PANGKALPINANG".into(),
            alamat: Some("Jalan Rasakunda No. 1".into()),
        },
        judul: "REKAPITULASI PENANDATANGANAN PAKTA INTEGRITAS NETRALITAS ASN".into(),
        sub_judul: "BKPSDM — Pilkada 2029".into(),
        ringkasan: vec![
            ("Jumlah pegawai".into(), n.to_string()),
            ("Sudah".into(), (n / 2).to_string()),
        ],
        baris: (0..n)
            .map(|i| BarisRekap {
                nama: format!("Pegawai Ke{i} Siregar"),
                nip_tampil: Some(format!("19860926 2015 05 1 {i:03}")),
                jabatan: Some("Analis Sumber Daya Manusia Aparatur Ahli Pertama".into()),
                unit: Some("Bidang Pengembangan Kompetensi".into()),
                status: if i % 2 == 0 { "Sudah" } else { "Belum" }.into(),
                waktu: (i % 2 == 0).then(|| "24 November 2026 08.02 WIB".into()),
                metode: (i % 2 == 0).then(|| "Daring (tautan pribadi dan OTP)".into()),
            })
            .collect(),
    }
}

#[test]
fn rekap_dua_ribu_baris() {
    let r = rekap(2000);
    let pdf = render_rekap(&r).unwrap();
    assert_eq!(render_rekap(&r).unwrap(), pdf, "deterministik");
    if !ada("pdfinfo", "rekap_dua_ribu_baris") || !ada("pdftotext", "rekap_dua_ribu_baris") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let jalur = tulis(dir.path(), "rekap.pdf", &pdf);
    let j = jalur.to_str().unwrap();
    let info = jalankan("pdfinfo", &[j]);
    let halaman: usize = info
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .map(|v| v.trim().parse().unwrap())
        .unwrap();
    let teks = jalankan("pdftotext", &["-layout", j, "-"]);
    let per_halaman: Vec<&str> = teks
        .split('\u{c}')
        .filter(|h| !h.trim().is_empty())
        .collect();
    assert_eq!(per_halaman.len(), halaman);
    // Every row appears exactly once, every page repeats the header and its number.
    for (i, h) in per_halaman.iter().enumerate() {
        assert!(
            h.contains("Nama / NIP"),
            "kepala tabel di halaman {}",
            i + 1
        );
        assert!(
            h.contains(&format!("Halaman {} dari {halaman}", i + 1)),
            "nomor halaman {}",
            i + 1
        );
    }
    let rapat_semua = rapat(&teks);
    for i in [0, 1, 999, 1998, 1999] {
        assert!(
            rapat_semua.contains(&format!("Pegawai Ke{i} Siregar")),
            "baris {i}"
        );
    }
    let jumlah = (0..2000)
        .filter(|i| rapat_semua.contains(&format!("Ke{i} Siregar")))
        .count();
    assert_eq!(jumlah, 2000);
    eprintln!(
        "rekap 2000 baris: {halaman} halaman, {} KiB",
        pdf.len() / 1024
    );
    // Rows are two lines (name, NIP): about twenty per landscape page.
    assert!((60..=140).contains(&halaman), "{halaman} halaman");
    let fonts = jalankan("pdffonts", &[j]);
    assert!(
        fonts.lines().skip(2).all(|l| l.contains(" yes ")),
        "{fonts}"
    );
}

#[test]
fn rekap_kosong_dan_terlalu_besar() {
    assert!(render_rekap(&rekap(0)).is_ok());
    let mut r = rekap(1);
    r.kop.pemda = " ".into();
    assert!(render_rekap(&r).is_err());
}

#[test]
fn struktur_lampiran_pdfa3() {
    if !ada("qpdf", "struktur_lampiran_pdfa3") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (_, b, pdf) = pdf_asli(&rekaman("Siti Aminah"));
    let jalur = tulis(dir.path(), "pakta.pdf", &pdf);
    let j = jalur.to_str().unwrap();
    let cek = Command::new("qpdf").args(["--check", j]).output().unwrap();
    assert!(
        cek.status.success(),
        "{}",
        String::from_utf8_lossy(&cek.stdout)
    );
    let qdf = Command::new("qpdf")
        .args(["--qdf", "--object-streams=disable", j, "-"])
        .output()
        .unwrap();
    let qdf = String::from_utf8_lossy(&qdf.stdout).to_lowercase();
    for harus in [
        "/AF [",
        "/EmbeddedFiles",
        "/AFRelationship /Source",
        "/AFRelationship /Supplement",
        "/Subtype /application#2fjson",
        "/Subtype /text#2fplain",
        "/ModDate (D:20261124080203+07'00)",
        &format!("/Size {}", b.len()),
        "<pdfaid:part>3</pdfaid:part>",
    ] {
        assert!(qdf.contains(&harus.to_lowercase()), "{harus} tidak ada");
    }
}

#[test]
fn pesan_galat_periksa() {
    let pesan = [
        GalatDokumen::BukanPdf,
        GalatDokumen::TanpaLampiran,
        GalatDokumen::RekamanTidakSah("isian rekaman nonce tidak sah".into()),
        GalatDokumen::BundelTidakSah("bundel tidak memuat entri (baris extra)".into()),
        GalatDokumen::HashTidakCocok,
        GalatDokumen::IsiDiubah,
    ]
    .iter()
    .map(ToString::to_string)
    .collect::<Vec<_>>()
    .join("\n");
    insta::assert_snapshot!(pesan);
}

static CONTOH: std::sync::LazyLock<Vec<u8>> =
    std::sync::LazyLock::new(|| pdf_asli(&rekaman("Siti Aminah")).2);

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 256, ..Default::default() })]

    /// Any one byte changed anywhere fails the offline check. This includes the signature
    /// lines of the embedded checkpoint, which only the log key can verify: the document ID
    /// (trailer and XMP) is derived from the attachments too, so the PDF no longer matches
    /// its own re-rendering.
    #[test]
    fn perubahan_acak_ditolak(i in 0usize..1_000_000, x in 1u8..=255) {
        let pdf = &*CONTOH;
        let i = i % pdf.len();
        let mut rusak = pdf.clone();
        rusak[i] ^= x;
        proptest::prop_assert!(periksa_pdf(&rusak).is_err(), "perubahan di {} lolos", i);
    }
}

#[test]
fn bundel_dengan_bukti_atau_tanda_tangan_lain_ditolak() {
    let r = rekaman("Siti Aminah");
    let (hex, b, pdf) = pdf_asli(&r);
    let teks = String::from_utf8(b.clone()).unwrap();
    // A signature line changed in place: the document ID no longer matches.
    let ttd = posisi(&pdf, "\n\n\u{2014} ".as_bytes()) + 2 + 30;
    let mut rusak = pdf.clone();
    rusak[ttd] = if rusak[ttd] == b'A' { b'B' } else { b'A' };
    assert!(matches!(periksa_pdf(&rusak), Err(GalatDokumen::IsiDiubah)));
    // A PDF rendered anew around a bundle whose proof was altered: the inclusion proof is
    // checked against the checkpoint root without any key.
    let mut bukti = ProofBundle::parse(&teks).unwrap();
    bukti.proof[0][0] ^= 1;
    let palsu = render_rekaman(&r, &hex, bukti.to_text().as_bytes()).unwrap();
    assert!(matches!(
        periksa_pdf(&palsu),
        Err(GalatDokumen::BundelTidakSah(_))
    ));
}
