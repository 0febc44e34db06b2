//! Property tests: random valid rows all import; a random invalid row never panics the
//! reader nor costs a valid row.

mod common;

use common::ACUAN;
use netral_domain::ident::{Golongan, KODE_PROVINSI};
use netral_domain::pegawai::{JenisPegawai, StatusPegawai};
use netral_domain::teks::rapikan;
use netral_import::{HasilBaca, Tingkat, baca};
use proptest::prelude::*;

const HEADER: [&str; 12] = [
    "Nama",
    "NIP",
    "NI PPPK",
    "NIK",
    "Jenis Pegawai",
    "Tanggal Lahir",
    "JK",
    "Unit Kerja",
    "Sub Unit Kerja",
    "Golongan",
    "Status",
    "No HP",
];

/// One generated employee; `sel` is the row in [`HEADER`] order.
#[derive(Debug, Clone)]
struct Pegawai {
    jenis: JenisPegawai,
    sel: Vec<String>,
}

const BULAN: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

prop_compose! {
    fn teks_nama()(awal in "[A-Z]", sisa in "[a-zA-Zéüö' ,;\"]{0,20}") -> String {
        format!("{awal}{sisa}")
    }
}

prop_compose! {
    /// A valid employee whose identifiers end in `urut` (unique per file).
    fn pegawai(urut: u32)(
        jenis in proptest::sample::select(JenisPegawai::ALL),
        huruf_kecil in any::<bool>(),
        nama in teks_nama(),
        unit in teks_nama(),
        sub in proptest::option::of(teks_nama()),
        y in 1960i32..2000,
        m in 1u32..=12,
        d in 1u32..=28,
        tmt in 18i32..25,
        bln_tmt in 1u32..=12,
        perempuan in any::<bool>(),
        kontrak in 1u32..=9,
        pakai_nik in any::<bool>(),
        prov in proptest::sample::select(KODE_PROVINSI),
        format_tgl in 0usize..4,
        gol in 0usize..17,
        status in proptest::sample::select(StatusPegawai::ALL),
        hp in proptest::option::of("08[1-9][0-9]{8,10}"),
    ) -> Pegawai {
        let g = if perempuan { 2 } else { 1 };
        let nip = format!("{y:04}{m:02}{d:02}{:04}{bln_tmt:02}{g}{:03}", y + tmt, urut % 999 + 1);
        let ni = format!("{y:04}{m:02}{d:02}{:04}2{kontrak}{g}{:03}", y + tmt, urut % 999 + 1);
        let dd = if perempuan { d + 40 } else { d };
        let nik = format!("{prov:02}7101{dd:02}{m:02}{:02}{:04}", y % 100, urut % 9999 + 1);
        let (nip, ni, nik) = match jenis {
            JenisPegawai::Pns | JenisPegawai::Cpns => (nip, String::new(), if pakai_nik { nik } else { String::new() }),
            JenisPegawai::Pppk | JenisPegawai::PppkParuhWaktu => (String::new(), ni, if pakai_nik { nik } else { String::new() }),
            JenisPegawai::NonAsn => (String::new(), String::new(), nik),
        };
        let tanggal = match format_tgl {
            0 => format!("{y}-{m:02}-{d:02}"),
            1 => format!("{d:02}-{m:02}-{y}"),
            2 => format!("{d}/{m}/{y}"),
            _ => format!("{d} {} {y}", BULAN[m as usize - 1]),
        };
        let golongan = Golongan::semua()
            .filter(|x| match jenis {
                JenisPegawai::Pns | JenisPegawai::Cpns => x.is_pns(),
                _ => x.is_pppk(),
            })
            .nth(gol)
            .map(|x| x.to_string())
            .unwrap_or_default();
        let kode = if huruf_kecil { jenis.kode().to_lowercase() } else { jenis.kode().to_string() };
        Pegawai {
            jenis,
            sel: vec![
                nama,
                nip,
                ni,
                nik,
                kode,
                tanggal,
                (if perempuan { "P" } else { "L" }).to_string(),
                unit,
                sub.unwrap_or_default(),
                golongan,
                status.kode().to_string(),
                hp.unwrap_or_default(),
            ],
        }
    }
}

fn daftar(n: usize) -> impl Strategy<Value = Vec<Pegawai>> {
    (0..n as u32).map(pegawai).collect::<Vec<_>>()
}

fn tulis(header: &[&str], rows: &[Vec<String>], pemisah: u8, bom: bool) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .delimiter(pemisah)
        .flexible(true)
        .from_writer(Vec::new());
    w.write_record(header).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    let mut b = if bom {
        vec![0xEF, 0xBB, 0xBF]
    } else {
        Vec::new()
    };
    b.extend(w.into_inner().unwrap());
    b
}

fn cek_semua_valid(h: &HasilBaca, pegawai: &[&Pegawai], baris: &[u32]) {
    assert_eq!(h.jumlah(Tingkat::Galat), 0, "{:?}", h.masalah);
    let valid: Vec<_> = h
        .valid
        .iter()
        .filter(|v| baris.contains(&v.baris))
        .collect();
    assert_eq!(valid.len(), pegawai.len());
    for ((v, p), b) in valid.iter().zip(pegawai).zip(baris) {
        assert_eq!(v.baris, *b);
        assert_eq!(v.data.jenis, p.jenis);
        assert_eq!(v.data.nama, rapikan(&p.sel[0]));
        let ident = v.data.identitas().unwrap();
        assert!(p.sel[1..4].contains(&ident.as_str().to_string()));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn random_valid_rows_all_import(
        pegawai in daftar(30),
        titik_koma in any::<bool>(),
        bom in any::<bool>(),
    ) {
        let rows: Vec<Vec<String>> = pegawai.iter().map(|p| p.sel.clone()).collect();
        let b = tulis(&HEADER, &rows, if titik_koma { b';' } else { b',' }, bom);
        let h = baca(&b, "acak.csv", &ACUAN).unwrap();
        prop_assert_eq!(h.total_baris, pegawai.len());
        let baris: Vec<u32> = (2..2 + pegawai.len() as u32).collect();
        let refs: Vec<&Pegawai> = pegawai.iter().collect();
        cek_semua_valid(&h, &refs, &baris);
    }

    #[test]
    fn a_random_invalid_row_costs_nothing_else(
        pegawai in daftar(12),
        sampah in proptest::collection::vec("\\PC{0,30}", 0..16),
        jenis_salah in "[!?#][A-Z]{0,5}",
        posisi in 0usize..13,
        titik_koma in any::<bool>(),
    ) {
        let mut rows: Vec<Vec<String>> = pegawai.iter().map(|p| p.sel.clone()).collect();
        let mut buruk = sampah.clone();
        buruk.resize(HEADER.len().max(buruk.len()), String::new());
        // Never a valid employment type, so never an accepted row.
        buruk[4] = jenis_salah;
        rows.insert(posisi, buruk);
        let b = tulis(&HEADER, &rows, if titik_koma { b';' } else { b',' }, false);
        let h = baca(&b, "acak.csv", &ACUAN).unwrap();
        let baris_buruk = 2 + posisi as u32;
        // One spreadsheet row per record: the valid rows keep every other number.
        let baris: Vec<u32> = (2..2 + rows.len() as u32).filter(|b| *b != baris_buruk).collect();
        let refs: Vec<&Pegawai> = pegawai.iter().collect();
        prop_assert!(h.valid.iter().all(|v| v.baris != baris_buruk));
        let valid: Vec<_> = h.valid.iter().map(|v| v.baris).collect();
        prop_assert_eq!(&valid, &baris);
        for ((v, p), b) in h.valid.iter().zip(&refs).zip(&baris) {
            prop_assert_eq!(v.baris, *b);
            prop_assert_eq!(&v.data.nama, &rapikan(&p.sel[0]));
        }
        prop_assert!(h.masalah.iter().any(|m| m.baris == baris_buruk && m.tingkat == Tingkat::Galat));
        prop_assert!(h.masalah.iter().filter(|m| m.tingkat == Tingkat::Galat).all(|m| m.baris == baris_buruk));
    }

    #[test]
    fn arbitrary_bytes_never_panic(b in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = baca(&b, "x.csv", &ACUAN);
    }

    #[test]
    fn arbitrary_text_after_a_header_never_panics(s in "\\PC{0,300}") {
        let teks = format!("NAMA;NIP;JENIS PEGAWAI;UNIT KERJA;TANGGAL LAHIR;NIK;NO HP;EMAIL;GOLONGAN\n{s}");
        if let Ok(h) = baca(teks.as_bytes(), "x.csv", &ACUAN) {
            prop_assert_eq!(h.valid.len() + h.ditolak(), h.total_baris);
        }
    }
}
