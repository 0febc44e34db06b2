//! Removes TrueType hinting from a (subset) font program: the glyph instructions and the
//! `fpgm`, `prep` and `cvt ` tables. PDF viewers and printers rasterise at high resolution
//! and mostly ignore hints, while in Noto Sans they are about 40 % of the glyph data: every
//! pact carries two fonts, so this is the largest saving per document. The outlines are not
//! touched (a test compares them point by point).
//!
//! Returns `None` for anything unexpected; the caller then keeps the hinted program.

const TABEL_HINTING: [&[u8; 4]; 3] = [b"fpgm", b"prep", b"cvt "];

fn u16_di(d: &[u8], i: usize) -> Option<u16> {
    Some(u16::from_be_bytes(d.get(i..i + 2)?.try_into().ok()?))
}

fn u32_di(d: &[u8], i: usize) -> Option<u32> {
    Some(u32::from_be_bytes(d.get(i..i + 4)?.try_into().ok()?))
}

fn jumlah_cek(d: &[u8]) -> u32 {
    d.chunks(4).fold(0u32, |s, c| {
        let mut b = [0u8; 4];
        b[..c.len()].copy_from_slice(c);
        s.wrapping_add(u32::from_be_bytes(b))
    })
}

/// One glyph without its instructions.
fn glif_tanpa_instruksi(g: &[u8]) -> Option<Vec<u8>> {
    if g.is_empty() {
        return Some(Vec::new());
    }
    let kontur = i16::from_be_bytes(g.get(0..2)?.try_into().ok()?);
    if kontur >= 0 {
        let n = kontur as usize;
        let posisi = 10 + 2 * n;
        let panjang = usize::from(u16_di(g, posisi)?);
        let sisa = g.get(posisi + 2 + panjang..)?;
        let mut o = Vec::with_capacity(g.len() - panjang);
        o.extend_from_slice(&g[..posisi]);
        o.extend_from_slice(&[0, 0]);
        o.extend_from_slice(sisa);
        return Some(o);
    }
    // Composite: clear WE_HAVE_INSTRUCTIONS and cut after the last component.
    let mut o = g.to_vec();
    let mut i = 10;
    loop {
        let flags = u16_di(&o, i)?;
        let bersih = flags & !0x0100;
        o[i..i + 2].copy_from_slice(&bersih.to_be_bytes());
        let mut panjang = 4 + if flags & 0x0001 != 0 { 4 } else { 2 };
        if flags & 0x0008 != 0 {
            panjang += 2;
        } else if flags & 0x0040 != 0 {
            panjang += 4;
        } else if flags & 0x0080 != 0 {
            panjang += 8;
        }
        i += panjang;
        if i > o.len() {
            return None;
        }
        if flags & 0x0020 == 0 {
            break;
        }
    }
    o.truncate(i);
    Some(o)
}

pub(crate) fn buang_hinting(font: &[u8]) -> Option<Vec<u8>> {
    let jumlah_tabel = usize::from(u16_di(font, 4)?);
    let mut tabel: Vec<([u8; 4], Vec<u8>)> = Vec::with_capacity(jumlah_tabel);
    for k in 0..jumlah_tabel {
        let r = 12 + 16 * k;
        let tag: [u8; 4] = font.get(r..r + 4)?.try_into().ok()?;
        let awal = u32_di(font, r + 8)? as usize;
        let panjang = u32_di(font, r + 12)? as usize;
        tabel.push((tag, font.get(awal..awal + panjang)?.to_vec()));
    }
    let ambil = |tag: &[u8; 4]| tabel.iter().position(|(t, _)| t == tag);
    let (i_head, i_loca, i_glyf) = (ambil(b"head")?, ambil(b"loca")?, ambil(b"glyf")?);
    let format_panjang = i16::from_be_bytes(tabel[i_head].1.get(50..52)?.try_into().ok()?) != 0;
    let loca = &tabel[i_loca].1;
    let posisi: Vec<usize> = if format_panjang {
        loca.chunks_exact(4)
            .map(|c| u32::from_be_bytes([c[0], c[1], c[2], c[3]]) as usize)
            .collect()
    } else {
        loca.chunks_exact(2)
            .map(|c| usize::from(u16::from_be_bytes([c[0], c[1]])) * 2)
            .collect()
    };
    let glyf = &tabel[i_glyf].1;
    let mut glyf_baru = Vec::with_capacity(glyf.len());
    let mut loca_baru = Vec::with_capacity(posisi.len() * 4);
    for w in posisi.windows(2) {
        loca_baru.extend_from_slice(&(glyf_baru.len() as u32).to_be_bytes());
        let g = glif_tanpa_instruksi(glyf.get(w[0]..w[1])?)?;
        glyf_baru.extend_from_slice(&g);
        while glyf_baru.len() % 4 != 0 {
            glyf_baru.push(0);
        }
    }
    loca_baru.extend_from_slice(&(glyf_baru.len() as u32).to_be_bytes());
    tabel[i_glyf].1 = glyf_baru;
    tabel[i_loca].1 = loca_baru;
    let head = &mut tabel[i_head].1;
    head[50..52].copy_from_slice(&1i16.to_be_bytes());
    head[8..12].copy_from_slice(&[0; 4]);
    tabel.retain(|(tag, _)| !TABEL_HINTING.contains(&tag));
    tabel.sort_by_key(|a| a.0);

    // Write the font: offset table, directory, tables at 4-byte boundaries.
    let n = tabel.len() as u16;
    let pangkat = 1u16 << (15 - n.leading_zeros().min(15));
    let mut o = Vec::with_capacity(font.len());
    o.extend_from_slice(&font[0..4]);
    o.extend_from_slice(&n.to_be_bytes());
    o.extend_from_slice(&(pangkat * 16).to_be_bytes());
    o.extend_from_slice(&(pangkat.trailing_zeros() as u16).to_be_bytes());
    o.extend_from_slice(&(n * 16 - pangkat * 16).to_be_bytes());
    let mut offset = 12 + 16 * tabel.len();
    for (tag, isi) in &tabel {
        o.extend_from_slice(tag);
        o.extend_from_slice(&jumlah_cek(isi).to_be_bytes());
        o.extend_from_slice(&(offset as u32).to_be_bytes());
        o.extend_from_slice(&(isi.len() as u32).to_be_bytes());
        offset += isi.len().next_multiple_of(4);
    }
    let mut awal_head = 0;
    for (tag, isi) in &tabel {
        if tag == b"head" {
            awal_head = o.len();
        }
        o.extend_from_slice(isi);
        o.resize(o.len().next_multiple_of(4), 0);
    }
    let penyesuaian = 0xB1B0_AFBAu32.wrapping_sub(jumlah_cek(&o));
    o[awal_head + 8..awal_head + 12].copy_from_slice(&penyesuaian.to_be_bytes());
    Some(o)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ttf_parser::{Face, GlyphId, OutlineBuilder};

    #[derive(Default, PartialEq, Debug)]
    struct Jejak(Vec<String>);

    impl OutlineBuilder for Jejak {
        fn move_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("M{x} {y}"));
        }
        fn line_to(&mut self, x: f32, y: f32) {
            self.0.push(format!("L{x} {y}"));
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            self.0.push(format!("Q{x1} {y1} {x} {y}"));
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            self.0.push(format!("C{x1} {y1} {x2} {y2} {x} {y}"));
        }
        fn close(&mut self) {
            self.0.push("Z".into());
        }
    }

    #[test]
    fn garis_bentuk_sama_tanpa_hinting() {
        for data in [
            &include_bytes!("../fonts/NotoSans-Regular.ttf")[..],
            &include_bytes!("../fonts/NotoSans-Bold.ttf")[..],
        ] {
            let asli = Face::parse(data, 0).unwrap();
            let mut pemeta = subsetter::GlyphRemapper::new();
            // Simple and composite glyphs (é, Ñ, ệ are composites in Noto Sans).
            for c in "AZaz09é Ñệ“”–?".chars() {
                pemeta.remap(asli.glyph_index(c).unwrap().0);
            }
            let sub = subsetter::subset(data, 0, &pemeta).unwrap();
            let polos = buang_hinting(&sub).expect("buang hinting");
            assert!(polos.len() < sub.len());
            let a = Face::parse(&sub, 0).unwrap();
            let b = Face::parse(&polos, 0).unwrap();
            assert_eq!(a.number_of_glyphs(), b.number_of_glyphs());
            for g in 0..a.number_of_glyphs() {
                let (mut ja, mut jb) = (Jejak::default(), Jejak::default());
                let ka = a.outline_glyph(GlyphId(g), &mut ja);
                let kb = b.outline_glyph(GlyphId(g), &mut jb);
                assert_eq!(ka, kb, "kotak glif {g}");
                assert_eq!(ja, jb, "garis glif {g}");
                assert_eq!(
                    a.glyph_hor_advance(GlyphId(g)),
                    b.glyph_hor_advance(GlyphId(g))
                );
            }
            for tag in TABEL_HINTING {
                assert!(
                    b.raw_face()
                        .table(ttf_parser::Tag::from_bytes(tag))
                        .is_none()
                );
            }
            // A valid checksum adjustment makes the whole font sum to the magic number.
            assert_eq!(jumlah_cek(&polos), 0xB1B0_AFBA);
        }
    }
}
