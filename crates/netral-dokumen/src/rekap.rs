//! The per-unit recap ("rekap"): a multi-page A4 landscape table of who signed, with the
//! letterhead and a summary on the first page, the header row repeated on every page and
//! "Halaman i dari n" in every footer. Fonts embedded as subsets, text extractable. Pure:
//! the same recap gives the same bytes.

use pdf_writer::{Chunk, Filter, Finish, Pdf, Rect, Ref, TextStr};
use sha2::{Digest, Sha256};

use crate::huruf::{Gaya, Huruf, Subset, karakter_aman};
use crate::tata_letak::{
    self, Baris, Huruf2, MM, NAIK, Op, Pena, Rata, SPASI_BARIS, Teks, bungkus,
};
use crate::{GalatDokumen, Kop, bersihkan};

/// One row of the recap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarisRekap {
    pub nama: String,
    pub nip_tampil: Option<String>,
    pub jabatan: Option<String>,
    pub unit: Option<String>,
    /// E.g. `Sudah`, `Belum`, `Dibatalkan`.
    pub status: String,
    /// Signing time as printed.
    pub waktu: Option<String>,
    /// Method label as printed.
    pub metode: Option<String>,
}

/// The recap of one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rekap {
    pub kop: Kop,
    /// E.g. `REKAPITULASI PENANDATANGANAN PAKTA INTEGRITAS NETRALITAS ASN`.
    pub judul: String,
    /// E.g. the unit and the campaign.
    pub sub_judul: String,
    /// Label–value pairs printed under the title on the first page.
    pub ringkasan: Vec<(String, String)>,
    pub baris: Vec<BarisRekap>,
}

/// The most rows a recap may have (a Pemda has at most tens of thousands of staff; one unit
/// far fewer).
const MAKS_BARIS: usize = 100_000;
const LEBAR: f32 = 297.0 * MM;
const TINGGI: f32 = 210.0 * MM;
const TEPI: f32 = 12.0 * MM;
const KIRI: f32 = TEPI;
const LEBAR_ISI: f32 = LEBAR - 2.0 * TEPI;
const ATAS: f32 = TINGGI - TEPI;
const BAWAH: f32 = TEPI + 14.0;
const S: f32 = 8.0;
const PAD: f32 = 2.5;
/// Lines a cell may take; longer text ends in `…`.
const MAKS_BARIS_SEL: usize = 4;

const R_F1: Ref = Ref::new(1);
const R_F2: Ref = Ref::new(6);
const R_PERTAMA: i32 = 11;

/// Column titles and widths as fractions of the table width.
const KOLOM: [(&str, f32); 7] = [
    ("No.", 0.045),
    ("Nama / NIP", 0.235),
    ("Jabatan", 0.19),
    ("Unit Kerja", 0.17),
    ("Status", 0.09),
    ("Waktu", 0.13),
    ("Metode", 0.14),
];

/// Renders a recap as a PDF.
pub fn render_rekap(r: &Rekap) -> Result<Vec<u8>, GalatDokumen> {
    if r.baris.len() > MAKS_BARIS {
        return Err(GalatDokumen::Rekap(format!(
            "terlalu banyak baris ({}, paling banyak {MAKS_BARIS})",
            r.baris.len()
        )));
    }
    let pemda = bersihkan(&r.kop.pemda);
    if pemda.is_empty() {
        return Err(GalatDokumen::IsianKosong("kop.pemda"));
    }
    let judul = bersihkan(&r.judul);
    if judul.is_empty() {
        return Err(GalatDokumen::IsianKosong("judul"));
    }
    let biasa = Huruf::biasa()?;
    let tebal = Huruf::tebal()?;

    // Every cell, cleaned once.
    let sel: Vec<[String; 7]> = r
        .baris
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let opsi = |v: &Option<String>| {
                let v = v.as_deref().map(bersihkan).unwrap_or_default();
                if v.is_empty() { "-".to_owned() } else { v }
            };
            let nama = bersihkan(&b.nama);
            let nama_nip = match b.nip_tampil.as_deref().map(bersihkan) {
                Some(n) if !n.is_empty() => format!("{nama}\nNIP {n}"),
                _ => nama,
            };
            [
                format!("{}.", i + 1),
                nama_nip,
                opsi(&b.jabatan),
                opsi(&b.unit),
                bersihkan(&b.status),
                opsi(&b.waktu),
                opsi(&b.metode),
            ]
        })
        .collect();

    let mut semua = String::new();
    semua.push_str(&pemda);
    semua.push_str(r.kop.alamat.as_deref().unwrap_or(""));
    semua.push_str(&judul);
    semua.push_str(&r.sub_judul);
    for (a, b) in &r.ringkasan {
        semua.push_str(a);
        semua.push_str(b);
    }
    for s in sel.iter().flatten() {
        semua.push_str(s);
    }
    let sub_biasa = Subset::baru(&biasa, karakter_aman().chain(semua.chars()));
    let sub_tebal = Subset::baru(&tebal, karakter_aman().chain(semua.chars()));

    // Column x positions.
    let mut x_kolom = [0.0f32; 7];
    let mut lebar_kolom = [0.0f32; 7];
    let mut x = KIRI;
    for (i, (_, f)) in KOLOM.iter().enumerate() {
        x_kolom[i] = x;
        lebar_kolom[i] = f * LEBAR_ISI;
        x += f * LEBAR_ISI;
    }
    let l = S * SPASI_BARIS;

    let sel_baris = |teks: &str, gaya: Gaya, i: usize| -> Vec<Baris> {
        let h = if gaya == Gaya::Tebal { &tebal } else { &biasa };
        let lebar = lebar_kolom[i] - 2.0 * PAD;
        let mut hasil: Vec<Baris> = teks
            .split('\n')
            .flat_map(|bagian| bungkus(h, bagian, S, lebar))
            .collect();
        if hasil.len() > MAKS_BARIS_SEL {
            hasil.truncate(MAKS_BARIS_SEL);
            if let Some(akhir) = hasil.last_mut() {
                let mut isi = akhir.isi.clone();
                while !isi.is_empty() && h.lebar(&format!("{isi}…"), S) > lebar {
                    isi.pop();
                }
                isi.push('…');
                akhir.lebar = h.lebar(&isi, S);
                akhir.isi = isi;
            }
        }
        hasil
    };

    // Header row, drawn at the top of every page's table.
    let kepala: Vec<Vec<Baris>> = KOLOM
        .iter()
        .enumerate()
        .map(|(i, (t, _))| sel_baris(t, Gaya::Tebal, i))
        .collect();
    let tinggi_kepala = kepala.iter().map(Vec::len).max().unwrap_or(1) as f32 * l + 2.0 * PAD;
    let tulis_kepala = |ops: &mut Vec<Op>, atas: f32| -> f32 {
        garis(ops, KIRI, atas, KIRI + LEBAR_ISI, atas, 0.8);
        for (i, b) in kepala.iter().enumerate() {
            tata_letak::tulis_baris(
                ops,
                b,
                x_kolom[i] + PAD,
                lebar_kolom[i] - 2.0 * PAD,
                atas - PAD,
                Gaya::Tebal,
                S,
                Rata::Kiri,
            );
        }
        let bawah = atas - tinggi_kepala;
        garis(ops, KIRI, bawah, KIRI + LEBAR_ISI, bawah, 0.8);
        bawah
    };

    // First page: letterhead, title, summary.
    let mut halaman: Vec<Vec<Op>> = Vec::new();
    let mut ops = Vec::new();
    let mut y = Pena::baru(&tebal, Gaya::Tebal, 12.0, Rata::Tengah)
        .tulis(&mut ops, &pemda, KIRI, LEBAR_ISI, ATAS);
    if let Some(alamat) = r
        .kop
        .alamat
        .as_deref()
        .map(bersihkan)
        .filter(|a| !a.is_empty())
    {
        y = Pena::baru(&biasa, Gaya::Biasa, 7.5, Rata::Tengah)
            .tulis(&mut ops, &alamat, KIRI, LEBAR_ISI, y);
    }
    y -= 2.0;
    garis(&mut ops, KIRI, y, KIRI + LEBAR_ISI, y, 1.4);
    y -= 8.0;
    y = Pena::baru(&tebal, Gaya::Tebal, 11.0, Rata::Tengah)
        .tulis(&mut ops, &judul, KIRI, LEBAR_ISI, y);
    let sub = bersihkan(&r.sub_judul);
    if !sub.is_empty() {
        y = Pena::baru(&biasa, Gaya::Biasa, 9.0, Rata::Tengah)
            .tulis(&mut ops, &sub, KIRI, LEBAR_ISI, y);
    }
    if !r.ringkasan.is_empty() {
        y -= 4.0;
        let teks = r
            .ringkasan
            .iter()
            .map(|(a, b)| format!("{}: {}", bersihkan(a), bersihkan(b)))
            .collect::<Vec<_>>()
            .join(";   ");
        y = Pena::baru(&biasa, Gaya::Biasa, 8.5, Rata::Kiri)
            .tulis(&mut ops, &teks, KIRI, LEBAR_ISI, y);
    }
    y -= 6.0;
    if y - tinggi_kepala - l * 3.0 < BAWAH {
        return Err(GalatDokumen::Rekap(
            "kop, judul dan ringkasan terlalu panjang untuk halaman pertama".into(),
        ));
    }
    y = tulis_kepala(&mut ops, y);

    for s in &sel {
        let isi: Vec<Vec<Baris>> = s
            .iter()
            .enumerate()
            .map(|(i, t)| sel_baris(t, Gaya::Biasa, i))
            .collect();
        let tinggi = isi.iter().map(Vec::len).max().unwrap_or(1).max(1) as f32 * l + 2.0 * PAD;
        if y - tinggi < BAWAH {
            halaman.push(std::mem::take(&mut ops));
            let y_judul = Pena::baru(&biasa, Gaya::Biasa, 8.0, Rata::Kiri).tulis(
                &mut ops,
                &format!("{judul} (lanjutan)"),
                KIRI,
                LEBAR_ISI,
                ATAS,
            );
            y = tulis_kepala(&mut ops, y_judul - 4.0);
        }
        for (i, b) in isi.iter().enumerate() {
            tata_letak::tulis_baris(
                &mut ops,
                b,
                x_kolom[i] + PAD,
                lebar_kolom[i] - 2.0 * PAD,
                y - PAD,
                Gaya::Biasa,
                S,
                Rata::Kiri,
            );
        }
        y -= tinggi;
        garis(&mut ops, KIRI, y, KIRI + LEBAR_ISI, y, 0.3);
    }
    if sel.is_empty() {
        Pena::baru(&biasa, Gaya::Biasa, S, Rata::Kiri).tulis(
            &mut ops,
            "(tidak ada data)",
            KIRI + PAD,
            LEBAR_ISI,
            y - PAD,
        );
    }
    halaman.push(ops);

    // Footers, now that the page count is known.
    let n = halaman.len();
    for (i, ops) in halaman.iter_mut().enumerate() {
        let teks = format!("Halaman {} dari {n}", i + 1);
        let w = biasa.lebar(&teks, 7.0);
        ops.push(Op::Teks(Teks {
            x: KIRI + LEBAR_ISI - w,
            y: TEPI + 7.0 * (1.0 - NAIK),
            gaya: Gaya::Biasa,
            ukuran: 7.0,
            isi: teks,
            spasi_ekstra: 0.0,
        }));
        ops.push(Op::Teks(Teks {
            x: KIRI,
            y: TEPI + 7.0 * (1.0 - NAIK),
            gaya: Gaya::Biasa,
            ukuran: 7.0,
            isi: pemda.clone(),
            spasi_ekstra: 0.0,
        }));
    }

    let huruf2 = Huruf2 {
        biasa: &biasa,
        tebal: &tebal,
        sub_biasa: &sub_biasa,
        sub_tebal: &sub_tebal,
    };
    let mut chunk_huruf = Chunk::with_capacity(96 * 1024);
    sub_biasa.tulis(&biasa, R_F1, &mut chunk_huruf)?;
    sub_tebal.tulis(&tebal, R_F2, &mut chunk_huruf)?;
    let aliran: Vec<Vec<u8>> = halaman
        .iter()
        .map(|ops| tata_letak::aliran_halaman(ops, &huruf2))
        .collect();

    let r_katalog = Ref::new(R_PERTAMA);
    let r_pohon = Ref::new(R_PERTAMA + 1);
    let r_info = Ref::new(R_PERTAMA + 2);
    let dasar = R_PERTAMA + 3;
    let r_hal = |i: usize| Ref::new(dasar + 2 * i as i32);
    let r_isi = |i: usize| Ref::new(dasar + 2 * i as i32 + 1);

    let mut pdf = Pdf::with_capacity(
        chunk_huruf.len() + aliran.iter().map(Vec::len).sum::<usize>() + 1024 * (n + 4),
    );
    pdf.set_binary_marker(&[0xe2, 0xe3, 0xcf, 0xd3]);
    pdf.extend(&chunk_huruf);
    let mut katalog = pdf.catalog(r_katalog);
    katalog.pages(r_pohon).lang(TextStr("id-ID"));
    katalog.viewer_preferences().display_doc_title(true);
    katalog.finish();
    pdf.pages(r_pohon)
        .kids((0..n).map(r_hal))
        .count(i32::try_from(n).unwrap_or(i32::MAX));
    for (i, z) in aliran.iter().enumerate() {
        let mut h = pdf.page(r_hal(i));
        h.parent(r_pohon)
            .media_box(Rect::new(0.0, 0.0, LEBAR, TINGGI))
            .contents(r_isi(i));
        h.resources()
            .fonts()
            .pair(Gaya::Biasa.nama_sumber(), R_F1)
            .pair(Gaya::Tebal.nama_sumber(), R_F2);
        h.finish();
        pdf.stream(r_isi(i), z).filter(Filter::FlateDecode);
    }
    pdf.document_info(r_info)
        .title(TextStr(&judul))
        .subject(TextStr(&sub))
        .creator(TextStr("Netral"))
        .producer(TextStr(concat!(
            "netral-dokumen ",
            env!("CARGO_PKG_VERSION")
        )));
    let mut h = Sha256::new();
    h.update(chunk_huruf.as_bytes());
    for z in &aliran {
        h.update((z.len() as u64).to_be_bytes());
        h.update(z);
    }
    let sidik: [u8; 32] = h.finalize().into();
    let id = sidik[..16].to_vec();
    pdf.set_file_id((id.clone(), id));
    Ok(pdf.finish())
}

fn garis(ops: &mut Vec<Op>, x1: f32, y1: f32, x2: f32, y2: f32, tebal: f32) {
    ops.push(Op::Garis {
        x1,
        y1,
        x2,
        y2,
        tebal,
    });
}
