//! Fonts: the vendored Noto Sans faces, width measurement from their advance widths, glyph
//! subsets and the PDF objects (Type0 + CIDFontType2 + descriptor + FontFile2 + ToUnicode)
//! that embed a subset.
//!
//! A subset is keyed by characters. Each character the subset covers maps to a CID; CIDs are
//! assigned in the order glyphs are added, so extending a subset with more characters keeps
//! every existing CID. That is what lets the pre-serialised pact text (which names CIDs) stay
//! valid when one document needs a few extra glyphs for an unusual name.

use std::collections::BTreeMap;

use pdf_writer::types::{CidFontType, FontFlags, SystemInfo, UnicodeCmap};
use pdf_writer::{Chunk, Filter, Finish, Name, Rect, Ref, Str};
use sha2::{Digest, Sha256};
use subsetter::GlyphRemapper;
use ttf_parser::{Face, GlyphId};

use crate::GalatDokumen;

static NOTO_SANS: &[u8] = include_bytes!("../fonts/NotoSans-Regular.ttf");
static NOTO_SANS_TEBAL: &[u8] = include_bytes!("../fonts/NotoSans-Bold.ttf");

/// The two weights used on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Gaya {
    Biasa,
    Tebal,
}

impl Gaya {
    /// Resource name of the font in page and form resources.
    pub(crate) fn nama_sumber(self) -> Name<'static> {
        match self {
            Gaya::Biasa => Name(b"F1"),
            Gaya::Tebal => Name(b"F2"),
        }
    }
}

/// A parsed font face (the whole font, never changed).
pub(crate) struct Huruf {
    data: &'static [u8],
    wajah: Face<'static>,
    nama_postscript: &'static str,
    upem: f32,
    /// Advance widths of the printable ASCII range, in font units, for fast measurement.
    ascii: [u16; 95],
}

impl Huruf {
    fn muat(data: &'static [u8], nama_postscript: &'static str) -> Result<Self, GalatDokumen> {
        let wajah = Face::parse(data, 0)
            .map_err(|e| GalatDokumen::Huruf(format!("{nama_postscript}: {e}")))?;
        let upem = f32::from(wajah.units_per_em());
        let mut ascii = [0u16; 95];
        for (i, lebar) in ascii.iter_mut().enumerate() {
            let c = char::from(b' ' + i as u8);
            *lebar = wajah
                .glyph_index(c)
                .and_then(|g| wajah.glyph_hor_advance(g))
                .unwrap_or(0);
        }
        Ok(Self {
            data,
            wajah,
            nama_postscript,
            upem,
            ascii,
        })
    }

    pub(crate) fn biasa() -> Result<Self, GalatDokumen> {
        Self::muat(NOTO_SANS, "NotoSans-Regular")
    }

    pub(crate) fn tebal() -> Result<Self, GalatDokumen> {
        Self::muat(NOTO_SANS_TEBAL, "NotoSans-Bold")
    }

    /// The glyph a character is drawn with, if the font has one (never `.notdef`).
    pub(crate) fn glif(&self, c: char) -> Option<GlyphId> {
        self.wajah.glyph_index(c).filter(|g| g.0 != 0)
    }

    /// Advance width of a glyph in font units.
    fn maju(&self, g: GlyphId) -> u16 {
        self.wajah.glyph_hor_advance(g).unwrap_or(0)
    }

    /// Width of a character in font units; characters the font lacks are drawn as `?`
    /// (see [`pengganti`]) and measured as such.
    fn lebar_karakter(&self, c: char) -> u16 {
        let kode = u32::from(c);
        if (0x20..0x7f).contains(&kode) {
            return self.ascii[(kode - 0x20) as usize];
        }
        match self.glif(c) {
            Some(g) => self.maju(g),
            None => self.ascii[usize::from(b'?' - b' ')],
        }
    }

    /// Width of `teks` at `ukuran` points.
    pub(crate) fn lebar(&self, teks: &str, ukuran: f32) -> f32 {
        let unit: u32 = teks
            .chars()
            .map(|c| u32::from(self.lebar_karakter(c)))
            .sum();
        unit as f32 * ukuran / self.upem
    }

    pub(crate) fn lebar_spasi(&self, ukuran: f32) -> f32 {
        f32::from(self.ascii[0]) * ukuran / self.upem
    }
}

/// Character used in place of one the font cannot draw. The original text is kept for
/// extraction through an `/ActualText` span.
pub(crate) const PENGGANTI: char = '?';

/// Characters every subset carries besides those of the template, so that the variable
/// fields (names, units, places, the time line, URLs) rarely need a glyph the pre-built
/// subset lacks: printable ASCII, Latin-1 Supplement and the common typographic
/// punctuation. Latin Extended-A (ş, ğ, ł, ā …) is left out: it would add about 12 KiB to
/// every document for names that are rare here, and such a name gets a per-document subset.
pub(crate) fn karakter_aman() -> impl Iterator<Item = char> {
    let rentang = [(0x20u32, 0x7e), (0xa0, 0xff)];
    let tanda = [
        '\u{2010}', '\u{2011}', '\u{2013}', '\u{2014}', '\u{2018}', '\u{2019}', '\u{201a}',
        '\u{201c}', '\u{201d}', '\u{201e}', '\u{2022}', '\u{2026}', '\u{2032}', '\u{2033}',
        '\u{20ac}', '\u{2116}', '\u{2122}',
    ];
    rentang
        .into_iter()
        .flat_map(|(a, b)| (a..=b).filter_map(char::from_u32))
        .chain(tanda)
}

/// A glyph subset of one face: which characters it draws and with which CID.
#[derive(Clone)]
pub(crate) struct Subset {
    pemeta: GlyphRemapper,
    /// Character → (CID, advance width in font units).
    karakter: BTreeMap<char, (u16, u16)>,
}

impl Subset {
    pub(crate) fn baru(huruf: &Huruf, karakter: impl IntoIterator<Item = char>) -> Self {
        let mut s = Self {
            pemeta: GlyphRemapper::new(),
            karakter: BTreeMap::new(),
        };
        // `?` first so that the replacement glyph is always present.
        s.tambah(huruf, std::iter::once(PENGGANTI).chain(karakter));
        s
    }

    /// Adds characters (those the font lacks are ignored). Existing CIDs never change.
    pub(crate) fn tambah(&mut self, huruf: &Huruf, karakter: impl IntoIterator<Item = char>) {
        let mut baru: Vec<char> = karakter
            .into_iter()
            .filter(|c| !self.karakter.contains_key(c))
            .collect();
        // Deterministic CID order whatever order the caller found the characters in.
        baru.sort_unstable();
        baru.dedup();
        for c in baru {
            if let Some(g) = huruf.glif(c) {
                let cid = self.pemeta.remap(g.0);
                self.karakter.insert(c, (cid, huruf.maju(g)));
            }
        }
    }

    /// Whether the subset can draw `c` (or `c` is one the font cannot draw at all, which is
    /// drawn as [`PENGGANTI`]).
    pub(crate) fn mencakup(&self, huruf: &Huruf, c: char) -> bool {
        self.karakter.contains_key(&c) || huruf.glif(c).is_none()
    }

    /// The CID of a character; characters outside the subset become [`PENGGANTI`].
    pub(crate) fn cid(&self, c: char) -> (u16, bool) {
        match self.karakter.get(&c) {
            Some(&(cid, _)) => (cid, true),
            None => (
                self.karakter.get(&PENGGANTI).map_or(0, |&(cid, _)| cid),
                false,
            ),
        }
    }

    /// Encodes text as 2-byte big-endian CIDs (Identity-H). The flag tells whether every
    /// character was drawable.
    pub(crate) fn kodekan(&self, teks: &str, keluaran: &mut Vec<u8>) -> bool {
        let mut utuh = true;
        for c in teks.chars() {
            let (cid, ada) = self.cid(c);
            utuh &= ada;
            keluaran.extend_from_slice(&cid.to_be_bytes());
        }
        utuh
    }

    /// Writes the five font objects at refs `dasar .. dasar + 5`; the Type0 font is `dasar`.
    pub(crate) fn tulis(
        &self,
        huruf: &Huruf,
        dasar: Ref,
        chunk: &mut Chunk,
    ) -> Result<(), GalatDokumen> {
        let [r_type0, r_cid, r_deskriptor, r_program, r_unicode] =
            [0, 1, 2, 3, 4].map(|i| Ref::new(dasar.get() + i));

        let program = subsetter::subset(huruf.data, 0, &self.pemeta)
            .map_err(|e| GalatDokumen::Huruf(format!("{}: {e}", huruf.nama_postscript)))?;
        let program = crate::hinting::buang_hinting(&program).unwrap_or(program);

        // Subset tag: six capitals derived from the glyph set, so equal subsets get equal
        // names and different ones (almost surely) different names.
        let mut h = Sha256::new();
        h.update(huruf.nama_postscript.as_bytes());
        for g in self.pemeta.remapped_gids() {
            h.update(g.to_be_bytes());
        }
        let sidik = h.finalize();
        let mut nama = Vec::with_capacity(7 + huruf.nama_postscript.len());
        nama.extend(sidik[..6].iter().map(|b| b'A' + b % 26));
        nama.push(b'+');
        nama.extend_from_slice(huruf.nama_postscript.as_bytes());
        let nama = Name(&nama);

        chunk
            .type0_font(r_type0)
            .base_font(nama)
            .encoding_predefined(Name(b"Identity-H"))
            .descendant_font(r_cid)
            .to_unicode(r_unicode);

        // Widths of every CID, from the advance widths of the original glyphs.
        let skala = 1000.0 / huruf.upem;
        let lebar: Vec<f32> = self
            .pemeta
            .remapped_gids()
            .map(|g| f32::from(huruf.maju(GlyphId(g))) * skala)
            .collect();
        let mut cid = chunk.cid_font(r_cid);
        cid.subtype(CidFontType::Type2)
            .base_font(nama)
            .system_info(SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"Identity"),
                supplement: 0,
            })
            .font_descriptor(r_deskriptor)
            .default_width(0.0);
        cid.widths().consecutive(0, lebar.iter().copied());
        cid.cid_to_gid_map_predefined(Name(b"Identity"));
        cid.finish();

        let w = &huruf.wajah;
        let kotak = w.global_bounding_box();
        let tebal = huruf.nama_postscript.ends_with("Bold");
        let berat = if tebal { 700.0 } else { 400.0 };
        let mut flags = FontFlags::NON_SYMBOLIC;
        if tebal {
            flags |= FontFlags::FORCE_BOLD;
        }
        chunk
            .font_descriptor(r_deskriptor)
            .name(nama)
            .family(Str(b"Noto Sans"))
            .weight(if tebal { 700 } else { 400 })
            .flags(flags)
            .bbox(Rect::new(
                f32::from(kotak.x_min) * skala,
                f32::from(kotak.y_min) * skala,
                f32::from(kotak.x_max) * skala,
                f32::from(kotak.y_max) * skala,
            ))
            .italic_angle(0.0)
            .ascent(f32::from(w.ascender()) * skala)
            .descent(f32::from(w.descender()) * skala)
            .cap_height(f32::from(w.capital_height().unwrap_or(w.ascender())) * skala)
            .x_height(f32::from(w.x_height().unwrap_or(0)) * skala)
            // The usual estimate from the weight (there is no stem width in TrueType).
            .stem_v(10.0 + 0.244 * (berat - 50.0))
            .font_file2(r_program);

        let mampat = kompres(&program);
        chunk
            .stream(r_program, &mampat)
            .filter(Filter::FlateDecode)
            .pair(Name(b"Length1"), program.len() as i32);

        // ToUnicode: every CID back to the character it was added for. When two characters
        // share a glyph (space and no-break space), the lower code point wins.
        let mut cmap = UnicodeCmap::new(
            Name(b"Netral-UCS"),
            SystemInfo {
                registry: Str(b"Adobe"),
                ordering: Str(b"UCS"),
                supplement: 0,
            },
        );
        let mut per_cid: BTreeMap<u16, char> = BTreeMap::new();
        for (&c, &(cid, _)) in &self.karakter {
            per_cid.entry(cid).or_insert(c);
        }
        for (cid, c) in per_cid {
            cmap.pair(cid, c);
        }
        let cmap = kompres(&cmap.finish());
        chunk.stream(r_unicode, &cmap).filter(Filter::FlateDecode);
        Ok(())
    }

    #[cfg(test)]
    pub(crate) fn jumlah_glif(&self) -> u16 {
        self.pemeta.num_gids()
    }
}

/// zlib (FlateDecode) at the best level, for objects written once per template (fonts,
/// profile, pact text) and copied into every document. Fixed levels keep output
/// deterministic.
pub(crate) fn kompres(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 9)
}

/// zlib at the fastest level, for the per-document streams (a few KiB of content, the
/// signature image): level 6 costs several times the time for about 15 % less.
pub(crate) fn kompres_cepat(data: &[u8]) -> Vec<u8> {
    miniz_oxide::deflate::compress_to_vec_zlib(data, 1)
}
