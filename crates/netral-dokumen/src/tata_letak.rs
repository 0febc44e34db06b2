//! Layout: a display list of positioned drawing operations, line wrapping measured with the
//! fonts' advance widths, and the serialisation of a display list into a PDF content stream.
//!
//! Coordinates are PDF points with the origin at the bottom left of the page (or of a form).
//! Text positions are baselines.

use std::fmt::Write as _;

use pdf_writer::types::{LineCapStyle, LineJoinStyle};
use pdf_writer::{Content, Name, Str, TextStr};

use crate::huruf::{Gaya, Huruf, Subset};

pub(crate) const MM: f32 = 72.0 / 25.4;
/// A4 portrait.
pub(crate) const LEBAR_HALAMAN: f32 = 210.0 * MM;
pub(crate) const TINGGI_HALAMAN: f32 = 297.0 * MM;
pub(crate) const KIRI: f32 = 25.0 * MM;
pub(crate) const KANAN: f32 = LEBAR_HALAMAN - 20.0 * MM;
pub(crate) const LEBAR_ISI: f32 = KANAN - KIRI;
pub(crate) const ATAS: f32 = TINGGI_HALAMAN - 15.0 * MM;
pub(crate) const BAWAH: f32 = 12.0 * MM;

/// Line height as a multiple of the font size.
pub(crate) const SPASI_BARIS: f32 = 1.32;
/// Distance from the top of a line box to its baseline, as a multiple of the font size.
pub(crate) const NAIK: f32 = 0.95;

/// One line of text at a fixed position.
#[derive(Debug, Clone)]
pub(crate) struct Teks {
    pub x: f32,
    pub y: f32,
    pub gaya: Gaya,
    pub ukuran: f32,
    pub isi: String,
    /// Extra width added after each space (justification), in points.
    pub spasi_ekstra: f32,
}

/// A drawing operation.
#[derive(Debug, Clone)]
pub(crate) enum Op {
    Teks(Teks),
    Garis {
        x1: f32,
        y1: f32,
        x2: f32,
        y2: f32,
        tebal: f32,
    },
    /// Draws the pre-serialised pact text form with its top-left corner at (x, y).
    Form {
        nama: &'static str,
        x: f32,
        y: f32,
    },
    /// A QR code: runs of dark modules (row, first column, length) in a square whose top-left
    /// corner is at (x, atas), drawn in module units under a scaling transform so the
    /// coordinates are small integers, and filled as one path (no seams between modules).
    Qr {
        x: f32,
        atas: f32,
        modul: f32,
        deret: Vec<(u16, u16, u16)>,
        keterangan: String,
    },
    /// A hand-drawn signature: polylines in page coordinates.
    Goresan {
        garis: Vec<Vec<(f32, f32)>>,
        tebal: f32,
    },
    /// An image XObject scaled into the box (x, y, w, h).
    Gambar {
        nama: &'static str,
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        keterangan: String,
    },
}

impl Op {
    /// The same operation moved by (dx, dy).
    pub(crate) fn geser(&self, dx: f32, dy: f32) -> Op {
        match self {
            Op::Teks(t) => Op::Teks(Teks {
                x: t.x + dx,
                y: t.y + dy,
                ..t.clone()
            }),
            Op::Garis {
                x1,
                y1,
                x2,
                y2,
                tebal,
            } => Op::Garis {
                x1: x1 + dx,
                y1: y1 + dy,
                x2: x2 + dx,
                y2: y2 + dy,
                tebal: *tebal,
            },
            Op::Form { nama, x, y } => Op::Form {
                nama,
                x: x + dx,
                y: y + dy,
            },
            Op::Qr {
                x,
                atas,
                modul,
                deret,
                keterangan,
            } => Op::Qr {
                x: x + dx,
                atas: atas + dy,
                modul: *modul,
                deret: deret.clone(),
                keterangan: keterangan.clone(),
            },
            Op::Goresan { garis, tebal } => Op::Goresan {
                garis: garis
                    .iter()
                    .map(|l| l.iter().map(|&(x, y)| (x + dx, y + dy)).collect())
                    .collect(),
                tebal: *tebal,
            },
            Op::Gambar {
                nama,
                x,
                y,
                w,
                h,
                keterangan,
            } => Op::Gambar {
                nama,
                x: x + dx,
                y: y + dy,
                w: *w,
                h: *h,
                keterangan: keterangan.clone(),
            },
        }
    }

    /// Top and bottom of what the operation occupies vertically (a text line: its line box).
    pub(crate) fn batas_tegak(&self) -> (f32, f32) {
        match self {
            Op::Teks(t) => (t.y + t.ukuran * NAIK, t.y - t.ukuran * (SPASI_BARIS - NAIK)),
            Op::Garis { y1, y2, .. } => (y1.max(*y2), y1.min(*y2)),
            Op::Form { y, .. } => (*y, *y),
            Op::Qr {
                atas, modul, deret, ..
            } => {
                let baris = deret.iter().map(|d| d.0).max().map_or(0, |r| r + 1);
                (*atas, atas - f32::from(baris) * modul)
            }
            Op::Goresan { garis, .. } => garis
                .iter()
                .flatten()
                .fold((f32::MIN, f32::MAX), |(a, b), &(_, y)| (a.max(y), b.min(y))),
            Op::Gambar { y, h, .. } => (y + h, *y),
        }
    }
}

/// The two faces and their subsets, as seen by layout and serialisation.
pub(crate) struct Huruf2<'a> {
    pub biasa: &'a Huruf,
    pub tebal: &'a Huruf,
    pub sub_biasa: &'a Subset,
    pub sub_tebal: &'a Subset,
}

impl Huruf2<'_> {
    pub(crate) fn huruf(&self, gaya: Gaya) -> &Huruf {
        match gaya {
            Gaya::Biasa => self.biasa,
            Gaya::Tebal => self.tebal,
        }
    }

    fn subset(&self, gaya: Gaya) -> &Subset {
        match gaya {
            Gaya::Biasa => self.sub_biasa,
            Gaya::Tebal => self.sub_tebal,
        }
    }

    pub(crate) fn lebar(&self, gaya: Gaya, teks: &str, ukuran: f32) -> f32 {
        self.huruf(gaya).lebar(teks, ukuran)
    }
}

/// A wrapped line.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Baris {
    pub isi: String,
    pub lebar: f32,
    pub spasi: usize,
}

/// Greedy word wrap to `lebar_maks` points. Runs of whitespace collapse to one space; a
/// word wider than the line is broken between characters.
pub(crate) fn bungkus(huruf: &Huruf, teks: &str, ukuran: f32, lebar_maks: f32) -> Vec<Baris> {
    let spasi = huruf.lebar_spasi(ukuran);
    let mut hasil = Vec::new();
    let mut kini = Baris {
        isi: String::new(),
        lebar: 0.0,
        spasi: 0,
    };
    for kata in teks.split_whitespace() {
        let w = huruf.lebar(kata, ukuran);
        if !kini.isi.is_empty() && kini.lebar + spasi + w <= lebar_maks {
            kini.isi.push(' ');
            kini.isi.push_str(kata);
            kini.lebar += spasi + w;
            kini.spasi += 1;
            continue;
        }
        if !kini.isi.is_empty() {
            hasil.push(std::mem::replace(
                &mut kini,
                Baris {
                    isi: String::new(),
                    lebar: 0.0,
                    spasi: 0,
                },
            ));
        }
        if w <= lebar_maks {
            kini.isi.push_str(kata);
            kini.lebar = w;
        } else {
            let mut potongan = bungkus_karakter(huruf, kata, ukuran, lebar_maks);
            if let Some(akhir) = potongan.pop() {
                hasil.extend(potongan);
                kini = akhir;
            }
        }
    }
    if !kini.isi.is_empty() {
        hasil.push(kini);
    }
    hasil
}

/// Wraps between any two characters (for URLs and hashes, which have no spaces).
pub(crate) fn bungkus_karakter(
    huruf: &Huruf,
    teks: &str,
    ukuran: f32,
    lebar_maks: f32,
) -> Vec<Baris> {
    let mut hasil = Vec::new();
    let mut kini = String::new();
    let mut lebar = 0.0;
    let mut buf = [0u8; 4];
    for c in teks.chars() {
        let w = huruf.lebar(c.encode_utf8(&mut buf), ukuran);
        if !kini.is_empty() && lebar + w > lebar_maks {
            hasil.push(Baris {
                isi: std::mem::take(&mut kini),
                lebar,
                spasi: 0,
            });
            lebar = 0.0;
        }
        kini.push(c);
        lebar += w;
    }
    if !kini.is_empty() {
        hasil.push(Baris {
            isi: kini,
            lebar,
            spasi: 0,
        });
    }
    hasil
}

/// Horizontal alignment of a paragraph.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Rata {
    Kiri,
    Tengah,
    /// Justified, except the last line.
    KiriKanan,
}

/// Appends the lines of a paragraph whose first line box starts at `atas`; returns the
/// bottom of the last line box.
#[allow(clippy::too_many_arguments)]
pub(crate) fn tulis_baris(
    ops: &mut Vec<Op>,
    baris: &[Baris],
    x: f32,
    lebar: f32,
    atas: f32,
    gaya: Gaya,
    ukuran: f32,
    rata: Rata,
) -> f32 {
    let tinggi = ukuran * SPASI_BARIS;
    let mut y = atas;
    for (i, b) in baris.iter().enumerate() {
        let terakhir = i + 1 == baris.len();
        let (dx, ekstra) = match rata {
            Rata::Kiri => (0.0, 0.0),
            Rata::Tengah => (((lebar - b.lebar) / 2.0).max(0.0), 0.0),
            Rata::KiriKanan if !terakhir && b.spasi > 0 => {
                let ekstra = (lebar - b.lebar) / b.spasi as f32;
                // Never stretch a line with few words into something unreadable.
                (
                    0.0,
                    if ekstra <= ukuran * 0.8 {
                        ekstra.max(0.0)
                    } else {
                        0.0
                    },
                )
            }
            Rata::KiriKanan => (0.0, 0.0),
        };
        ops.push(Op::Teks(Teks {
            x: x + dx,
            y: y - ukuran * NAIK,
            gaya,
            ukuran,
            isi: b.isi.clone(),
            spasi_ekstra: ekstra,
        }));
        y -= tinggi;
    }
    y
}

/// A page's content stream: the display list serialised and Flate-compressed.
pub(crate) fn aliran_halaman(ops: &[Op], huruf: &Huruf2<'_>) -> Vec<u8> {
    let mut k = Content::with_capacity(16 * 1024);
    serialisasi(ops, huruf, &mut k);
    crate::huruf::kompres_cepat(&k.finish())
}

/// A face, size and alignment to write wrapped paragraphs with.
pub(crate) struct Pena<'a> {
    pub huruf: &'a Huruf,
    pub gaya: Gaya,
    pub ukuran: f32,
    pub rata: Rata,
}

impl<'a> Pena<'a> {
    pub(crate) fn baru(huruf: &'a Huruf, gaya: Gaya, ukuran: f32, rata: Rata) -> Self {
        Self {
            huruf,
            gaya,
            ukuran,
            rata,
        }
    }

    /// Wraps `teks` to `lebar` and writes it with its first line box at `atas`; returns the
    /// bottom of the last line box.
    pub(crate) fn tulis(
        &self,
        ops: &mut Vec<Op>,
        teks: &str,
        x: f32,
        lebar: f32,
        atas: f32,
    ) -> f32 {
        let baris = bungkus(self.huruf, teks, self.ukuran, lebar);
        tulis_baris(
            ops,
            &baris,
            x,
            lebar,
            atas,
            self.gaya,
            self.ukuran,
            self.rata,
        )
    }
}

/// A readable dump of a display list, for snapshots and debugging: one line per operation,
/// coordinates rounded to 0.1 pt.
pub(crate) fn dump(ops: &[Op], keluaran: &mut String) {
    for op in ops {
        // Writing into a String cannot fail.
        let _ = match op {
            Op::Teks(t) => writeln!(
                keluaran,
                "teks  x={:6.1} y={:6.1} {}{:4.1} {}{}",
                t.x,
                t.y,
                if t.gaya == Gaya::Tebal { "B" } else { "R" },
                t.ukuran,
                if t.spasi_ekstra > 0.0 { "[rata] " } else { "" },
                t.isi
            ),
            Op::Garis {
                x1,
                y1,
                x2,
                y2,
                tebal,
            } => writeln!(
                keluaran,
                "garis ({x1:.1},{y1:.1})-({x2:.1},{y2:.1}) tebal {tebal:.1}"
            ),
            Op::Form { nama, x, y } => writeln!(keluaran, "form  {nama} di ({x:.1},{y:.1})"),
            Op::Qr {
                x,
                atas,
                deret,
                keterangan,
                ..
            } => writeln!(
                keluaran,
                "qr    ({x:.1},{atas:.1}) {} deret modul gelap: {keterangan}",
                deret.len()
            ),
            Op::Goresan { garis, tebal } => writeln!(
                keluaran,
                "goresan {} garis, {} titik, tebal {tebal:.1}",
                garis.len(),
                garis.iter().map(Vec::len).sum::<usize>()
            ),
            Op::Gambar {
                nama,
                x,
                y,
                w,
                h,
                keterangan,
            } => writeln!(
                keluaran,
                "gambar {nama} ({x:.1},{y:.1}) {w:.1}x{h:.1}: {keterangan}"
            ),
        };
    }
}

/// Serialises a display list into content stream operators.
pub(crate) fn serialisasi(ops: &[Op], huruf: &Huruf2<'_>, konten: &mut Content) {
    let mut dalam_teks = false;
    let mut font_kini: Option<(Gaya, f32)> = None;
    let mut kode = Vec::with_capacity(256);
    for op in ops {
        match op {
            Op::Teks(t) => {
                if !dalam_teks {
                    konten.begin_text();
                    dalam_teks = true;
                }
                if font_kini != Some((t.gaya, t.ukuran)) {
                    konten.set_font(t.gaya.nama_sumber(), t.ukuran);
                    font_kini = Some((t.gaya, t.ukuran));
                }
                konten.set_text_matrix([1.0, 0.0, 0.0, 1.0, t.x, t.y]);
                let subset = huruf.subset(t.gaya);
                kode.clear();
                let utuh = subset.kodekan(&t.isi, &mut kode);
                if !utuh {
                    // Glyphs the font lacks are drawn as `?`; extraction still gets the text.
                    konten
                        .begin_marked_content_with_properties(Name(b"Span"))
                        .properties()
                        .actual_text(TextStr(&t.isi));
                }
                if t.spasi_ekstra > 0.0 {
                    let geser = -t.spasi_ekstra * 1000.0 / t.ukuran;
                    let (spasi, _) = subset.cid(' ');
                    let spasi = spasi.to_be_bytes();
                    let mut tj = konten.show_positioned();
                    let mut item = tj.items();
                    let mut awal = 0;
                    for (i, pasangan) in kode.chunks_exact(2).enumerate() {
                        if pasangan == spasi {
                            item.show(Str(&kode[awal..(i + 1) * 2]));
                            item.adjust(geser);
                            awal = (i + 1) * 2;
                        }
                    }
                    if awal < kode.len() {
                        item.show(Str(&kode[awal..]));
                    }
                } else {
                    konten.show(Str(&kode));
                }
                if !utuh {
                    konten.end_marked_content();
                }
            }
            lain => {
                if dalam_teks {
                    konten.end_text();
                    dalam_teks = false;
                }
                serialisasi_grafik(lain, konten);
            }
        }
    }
    if dalam_teks {
        konten.end_text();
    }
}

fn serialisasi_grafik(op: &Op, konten: &mut Content) {
    match op {
        Op::Teks(_) => {}
        Op::Garis {
            x1,
            y1,
            x2,
            y2,
            tebal,
        } => {
            konten
                .set_line_width(*tebal)
                .move_to(*x1, *y1)
                .line_to(*x2, *y2)
                .stroke();
        }
        Op::Form { nama, x, y } => {
            konten
                .save_state()
                .transform([1.0, 0.0, 0.0, 1.0, *x, *y])
                .x_object(Name(nama.as_bytes()))
                .restore_state();
        }
        Op::Qr {
            x,
            atas,
            modul,
            deret,
            ..
        } => {
            konten
                .save_state()
                .transform([*modul, 0.0, 0.0, -*modul, *x, *atas]);
            for &(baris, awal, panjang) in deret {
                konten.rect(f32::from(awal), f32::from(baris), f32::from(panjang), 1.0);
            }
            konten.fill_nonzero().restore_state();
        }
        Op::Goresan { garis, tebal } => {
            konten
                .save_state()
                // Dark blue ink.
                .set_stroke_rgb(0.05, 0.13, 0.42)
                .set_line_width(*tebal)
                .set_line_cap(LineCapStyle::RoundCap)
                .set_line_join(LineJoinStyle::RoundJoin);
            for g in garis {
                let Some(&(x0, y0)) = g.first() else { continue };
                konten.move_to(x0, y0);
                if g.len() == 1 {
                    // A dot: a zero-length segment drawn with round caps.
                    konten.line_to(x0 + 0.01, y0);
                }
                for &(x, y) in &g[1..] {
                    konten.line_to(x, y);
                }
            }
            konten.stroke().restore_state();
        }
        Op::Gambar {
            nama, x, y, w, h, ..
        } => {
            konten
                .save_state()
                .transform([*w, 0.0, 0.0, *h, *x, *y])
                .x_object(Name(nama.as_bytes()))
                .restore_state();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bungkus_tidak_melebihi_lebar_dan_tidak_kehilangan_kata() {
        let h = Huruf::biasa().unwrap();
        let teks = "Menyatakan siap menjaga dan menegakkan prinsip netralitas pegawai ASN \
                    dalam melaksanakan fungsi pelayanan publik, baik sebelum, selama maupun \
                    sesudah pelaksanaan pemilu 2024.";
        let baris = bungkus(&h, teks, 11.0, 200.0);
        assert!(baris.len() > 2);
        for b in &baris {
            assert!(b.lebar <= 200.0 + 1e-3, "{b:?}");
            assert!((h.lebar(&b.isi, 11.0) - b.lebar).abs() < 1e-2);
        }
        let gabung: Vec<&str> = baris.iter().map(|b| b.isi.as_str()).collect();
        assert_eq!(
            gabung.join(" "),
            teks.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }

    #[test]
    fn kata_yang_terlalu_panjang_dipotong() {
        let h = Huruf::biasa().unwrap();
        let kata = "a".repeat(200);
        let baris = bungkus(&h, &format!("awal {kata} akhir"), 10.0, 100.0);
        assert!(baris.iter().all(|b| b.lebar <= 100.0 + 1e-3));
        let gabung: String = baris.iter().map(|b| b.isi.replace(' ', "")).collect();
        assert_eq!(gabung, format!("awal{kata}akhir"));
    }

    #[test]
    fn teks_kosong_tanpa_baris() {
        let h = Huruf::biasa().unwrap();
        assert!(bungkus(&h, "   ", 10.0, 100.0).is_empty());
        assert!(bungkus_karakter(&h, "", 10.0, 100.0).is_empty());
    }
}
