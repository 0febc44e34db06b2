//! Netral's pact document: the A4 PDF (one page as a rule) a civil servant keeps after
//! signing the *Pakta Integritas Netralitas ASN*.
//!
//! The crate is pure rendering: no database, no clock (the signing time is a parameter) and
//! no I/O. [`Penyaji::baru`] does the expensive work once per template: it parses the
//! vendored Noto Sans faces, builds glyph subsets for the template text plus a safe
//! character set (printable ASCII, Latin-1, typographic punctuation), strips their hinting,
//! lays out the pact text at each usable body size and serialises every fixed object
//! (fonts, ICC profile, letterhead, pact text forms). [`Penyaji::render`] then lays out only the signer's parts (identity
//! block, signature, QR code, footer) and writes a complete PDF around the pre-serialised
//! objects.
//!
//! Properties callers rely on:
//! - **Deterministic**: the same template and inputs give byte-identical output, so a
//!   document's SHA-256 is reproducible.
//! - **One page when it fits, never overflowing, never refused for length**: each document
//!   uses the largest body size (11 pt down to 8.5 pt) at which its own fields fit within
//!   their line budgets (`BARIS_MAKS` in the source) on one page. When they fit at no size (a long
//!   template, long jabatan or unit names), the pact flows onto further pages at the largest
//!   size the template offers: letterhead and identity on page 1, the pact text continuing
//!   line by line, the signature block (place and time, signature, name, method, QR code)
//!   kept together with the footer on the last pact page, and "Halaman i dari n" on every
//!   page. One-page documents carry no page number, so their bytes are what they always
//!   were. Only absurd input is refused: a field over 10 000 bytes
//!   ([`GalatDokumen::IsianTerlaluBesar`]), a signature block taller than a page
//!   ([`GalatDokumen::BagianTtdTerlaluPanjang`]), a verification URL over its budget.
//! - **Other scripts**: characters outside the prepared subsets get a per-document subset
//!   (slower, same CIDs for the rest).
//! - **Extractable text**: every font has a complete ToUnicode map; characters the font
//!   cannot draw are shown as `?` inside an `/ActualText` span that carries the original.
//! - **PDF/A-3b by construction** (see [`PDFA_BAGIAN`]): embedded subset fonts, sRGB output
//!   intent, XMP metadata mirroring the info dictionary, document ID, no transparency, no
//!   encryption, classic cross-reference table.
//!
//! The signed document is [`render_rekaman`]: it renders a signature record (`NETRAL-TTD/1`)
//! and embeds that record and the `.tlog-proof` bundle as PDF/A-3 associated files, so
//! [`periksa_pdf`] can check a PDF offline by rendering it again. [`render_rekap`] renders a
//! unit's multi-page recap table.

pub mod contoh;
mod hinting;
mod huruf;
mod pdfa;
mod qr;
pub mod rekaman;
mod rekap;
mod tata_letak;
mod ttd;

use std::borrow::Cow;

use pdf_writer::types::{
    ActionType, AnnotationFlags, AnnotationType, AssociationKind, OutputIntentSubtype,
};
use pdf_writer::{Chunk, Content, Filter, Finish, Name, Pdf, Rect, Ref, Str, TextStr};
use sha2::{Digest, Sha256};

use crate::huruf::{Gaya, Huruf, Subset, karakter_aman, kompres};
use crate::tata_letak::{
    ATAS, BAWAH, Baris, Huruf2, KANAN, KIRI, LEBAR_HALAMAN, LEBAR_ISI, MM, NAIK, Op, Rata,
    SPASI_BARIS, TINGGI_HALAMAN, Teks, bungkus, bungkus_karakter, tulis_baris,
};

pub use crate::pdfa::{PDFA_BAGIAN, PDFA_KESESUAIAN};
pub use crate::rekaman::{
    NAMA_LAMPIRAN_BUKTI, NAMA_LAMPIRAN_REKAMAN, PdfTerperiksa, periksa_pdf, render_rekaman,
    waktu_wib,
};
pub use crate::rekap::{BarisRekap, Rekap, render_rekap};

/// The letterhead: the regional government's name and, optionally, its address line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kop {
    /// E.g. `PEMERINTAH KOTA PANGKALPINANG`.
    pub pemda: String,
    pub alamat: Option<String>,
}

/// The text of one pact template version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IsiPakta {
    /// E.g. `PAKTA INTEGRITAS NETRALITAS APARATUR SIPIL NEGARA`.
    pub judul: String,
    /// The sentence before the clauses, e.g. `dengan ini menyatakan bahwa saya:`.
    pub pembuka: String,
    /// The numbered clauses, in order.
    pub butir: Vec<String>,
    /// The closing paragraph.
    pub penutup: String,
    /// Legal references, printed small after the closing paragraph.
    pub dasar_hukum: Vec<String>,
}

/// Who signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Penandatangan {
    pub nama: String,
    /// NIP as it should appear (`19860926 201505 1 001`, or masked); `None` prints `-`.
    pub nip_tampil: Option<String>,
    /// E.g. `PNS`, `PPPK`, `Non-ASN`.
    pub jenis_pegawai: String,
    pub jabatan: Option<String>,
    pub unit: Option<String>,
}

/// A drawn signature: polylines on a canvas of `lebar`×`tinggi` units with y pointing down
/// (as a browser canvas reports them). Drawn as vector strokes.
#[derive(Debug, Clone, PartialEq)]
pub struct Goresan {
    pub lebar: f32,
    pub tinggi: f32,
    pub garis: Vec<Vec<(f32, f32)>>,
}

/// The signature image.
#[derive(Debug, Clone, PartialEq)]
pub enum GambarTtd {
    /// A PNG (e.g. a scanned wet signature); alpha is composited onto white.
    Png(Vec<u8>),
    Goresan(Goresan),
}

/// Facts of one signing.
#[derive(Debug, Clone, PartialEq)]
pub struct DataTandaTangan {
    /// Printed as is, e.g. `Senin, 4 Agustus 2025 09.12 WIB`.
    pub waktu_wib: String,
    /// The same instant in RFC 3339 (`2025-08-04T09:12:00+07:00`), for the PDF and XMP dates.
    pub waktu_rfc3339: String,
    /// Place printed before the date, e.g. `Pangkalpinang`.
    pub tempat: String,
    /// E.g. `Daring (OTP)`, `Kertas (dipindai)`.
    pub metode: String,
    pub gambar_ttd: Option<GambarTtd>,
    /// Encoded in the QR code and printed below it; ASCII without spaces.
    pub url_verifikasi: String,
    /// SHA-256 of the template text, printed small in the footer.
    pub hash_isi: String,
}

/// Why a document could not be rendered.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GalatDokumen {
    #[error(
        "isi pakta tidak muat dalam satu halaman A4: perlu {perlu:.0} pt, tersedia {tersedia:.0} pt pada ukuran huruf terkecil"
    )]
    IsiTerlaluPanjang { perlu: f32, tersedia: f32 },
    #[error("isian {kolom} terlalu panjang (lebih dari {maks_baris} baris)")]
    IsianTerlaluPanjang {
        kolom: &'static str,
        maks_baris: usize,
    },
    #[error(
        "bagian tanda tangan tidak muat dalam satu halaman A4: perlu {perlu:.0} pt, tersedia {tersedia:.0} pt"
    )]
    BagianTtdTerlaluPanjang { perlu: f32, tersedia: f32 },
    #[error("isian {kolom} terlalu panjang (lebih dari {maks_byte} byte)")]
    IsianTerlaluBesar {
        kolom: &'static str,
        maks_byte: usize,
    },
    #[error("isian {0} wajib diisi")]
    IsianKosong(&'static str),
    #[error("URL verifikasi tidak sah: {0}")]
    Url(String),
    #[error("kode QR tidak dapat dibuat: {0}")]
    Qr(String),
    #[error("gambar tanda tangan tidak dapat dipakai: {0}")]
    GambarTtd(String),
    #[error("waktu bukan tanggal RFC 3339 yang sah: {0:?}")]
    Waktu(String),
    #[error("huruf tidak dapat disiapkan: {0}")]
    Huruf(String),
    #[error("berkas bukan PDF")]
    BukanPdf,
    #[error(
        "PDF tidak memuat lampiran rekaman tanda tangan dan bukti log: bukan dokumen pakta Netral"
    )]
    TanpaLampiran,
    #[error("rekaman tanda tangan tidak sah: {0}")]
    RekamanTidakSah(String),
    #[error("bundel bukti tidak sah: {0}")]
    BundelTidakSah(String),
    #[error("sidik rekaman tanda tangan tidak cocok dengan entri log pada bundel bukti")]
    HashTidakCocok,
    #[error("isi PDF telah diubah: tidak sama dengan dokumen yang disusun dari rekamannya")]
    IsiDiubah,
    #[error("rekap tidak dapat disusun: {0}")]
    Rekap(String),
}

/// Body font sizes tried, largest first.
const UKURAN_BADAN: [f32; 6] = [11.0, 10.5, 10.0, 9.5, 9.0, 8.5];
const SISI_QR: f32 = 30.0 * MM;
const TINGGI_TTD: f32 = 20.0 * MM;
const UKURAN_KECIL: f32 = 6.5;
const UKURAN_KAKI: f32 = 7.0;
/// Clear space between the signature section and the footer rule.
const JARAK_KAKI: f32 = 14.0;

/// Line budgets of the variable fields on a one-page document. A template keeps the body
/// sizes down to the first at which [`BARIS_MAKS`] fits; a signer over a budget at every
/// size gets a multi-page document, where fields wrap freely.
struct AnggaranBaris {
    nama: usize,
    nip: usize,
    jenis: usize,
    jabatan: usize,
    unit: usize,
    tempat_waktu: usize,
    nama_ttd: usize,
    metode: usize,
    url: usize,
}

const BARIS_MAKS: AnggaranBaris = AnggaranBaris {
    nama: 2,
    nip: 1,
    jenis: 1,
    jabatan: 3,
    unit: 4,
    tempat_waktu: 2,
    nama_ttd: 3,
    metode: 2,
    url: 4,
};

/// The smallest signer (one line per field, a two-line URL): the largest body size a
/// template offers must fit at least this.
const BARIS_MIN: AnggaranBaris = AnggaranBaris {
    nama: 1,
    nip: 1,
    jenis: 1,
    jabatan: 1,
    unit: 1,
    tempat_waktu: 1,
    nama_ttd: 1,
    metode: 1,
    url: 2,
};
/// Longest signer field accepted, in bytes after cleaning. Names from a registry never come
/// near it; longer input is refused rather than laid out over dozens of pages.
const PANJANG_ISIAN_MAKS: usize = 10_000;
const MAKS_KAKI: usize = 2;
const MAKS_HASH: usize = 2;

const LABEL_IDENTITAS: [&str; 5] = ["Nama", "NIP", "Status Kepegawaian", "Jabatan", "Unit Kerja"];

// Fixed object numbers. Fonts take five objects each.
const R_F1: Ref = Ref::new(1);
const R_F2: Ref = Ref::new(6);
const R_ICC: Ref = Ref::new(11);
const R_KOP: Ref = Ref::new(12);
const R_ISI: Ref = Ref::new(13);
const R_PERTAMA_VARIABEL: i32 = 14;

/// Extra content of a document beyond the pact page.
#[derive(Default)]
pub(crate) struct Tambahan<'a> {
    /// Further pages after the pact page, as display lists.
    pub halaman: Vec<Vec<Op>>,
    /// PDF/A-3 associated files, in the order they are written.
    pub lampiran: Vec<Lampiran<'a>>,
}

/// One PDF/A-3 associated file.
pub(crate) struct Lampiran<'a> {
    /// File name (ASCII).
    pub nama: &'static str,
    pub deskripsi: &'static str,
    /// MIME type (`application/json`); written as a PDF name.
    pub mime: &'static [u8],
    pub relasi: AssociationKind,
    pub isi: &'a [u8],
}

/// Renders pact documents of one template. Build once per template version (tens of
/// milliseconds), then call [`Penyaji::render`] per signer (sub-millisecond). `Send + Sync`:
/// share it behind an `Arc`.
pub struct Penyaji {
    biasa: Huruf,
    tebal: Huruf,
    sub_biasa: Subset,
    sub_tebal: Subset,
    /// Font objects (refs 1–10) for the prepared subsets.
    chunk_huruf: Chunk,
    /// ICC profile and letterhead stream (refs 11–12).
    chunk_tetap: Chunk,
    /// SHA-256 over both fixed chunks; part of every document ID.
    sidik_tetap: [u8; 32],
    judul: String,
    /// Top of the identity block (below letterhead and title).
    y_identitas: f32,
    ops_kop: Vec<Op>,
    /// The pact text laid out at each usable body size, largest first. A document uses the
    /// largest at which its own fields fit; the last always fits the longest allowed fields.
    varian: Vec<Varian>,
}

/// The pact text at one body size, pre-serialised as a form XObject (ref 13).
struct Varian {
    ukuran: f32,
    tinggi_isi: f32,
    ops_isi: Vec<Op>,
    chunk_isi: Chunk,
    sidik: [u8; 32],
}

/// Text cleaned for layout: control characters become spaces, invisible formatting
/// characters are dropped, surrounding whitespace trimmed.
fn bersihkan(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{2060}' | '\u{feff}' => {}
            c if c.is_control() => o.push(' '),
            c => o.push(c),
        }
    }
    o.trim().to_owned()
}

fn tinggi_baris(ukuran: f32) -> f32 {
    ukuran * SPASI_BARIS
}

/// Host part of a URL, for the footer.
fn host(url: &str) -> &str {
    let tanpa_skema = url.split_once("://").map_or(url, |(_, s)| s);
    tanpa_skema
        .split(['/', '?', '#'])
        .next()
        .unwrap_or(tanpa_skema)
}

/// Subsets and font objects one document is written with (the prepared ones, or extended
/// copies when a signer field has characters outside them).
type SubsetDokumen<'a> = (Cow<'a, Subset>, Cow<'a, Subset>, Cow<'a, Chunk>);

/// Layout of the signer's parts of one document.
struct Susunan {
    /// Page 1, below the letterhead.
    ops: Vec<Op>,
    /// Further pages of a pact that does not fit on one; the last holds the signature
    /// block, the QR code and the footer.
    lanjutan: Vec<Vec<Op>>,
    /// QR rectangle (x, y, w, h) on the last pact page, for the link annotation.
    kotak_qr: [f32; 4],
}

/// The signer's inputs, cleaned and checked once (independent of the body size).
struct Masukan<'a> {
    nama: String,
    nip: Option<String>,
    jenis: String,
    jabatan: String,
    unit: String,
    tempat_waktu: String,
    metode: String,
    url: &'a str,
    qr: qr::KodeQr,
    citra: Option<ttd::Citra>,
    goresan: Option<&'a Goresan>,
    /// Footer lines (verification note, template hash).
    kaki: Vec<Baris>,
}

impl<'a> Masukan<'a> {
    fn baru(
        penyaji: &Penyaji,
        p: &Penandatangan,
        t: &'a DataTandaTangan,
    ) -> Result<Self, GalatDokumen> {
        let nama = bersihkan(&p.nama);
        if nama.is_empty() {
            return Err(GalatDokumen::IsianKosong("nama"));
        }
        let url = t.url_verifikasi.trim();
        if url.is_empty() {
            return Err(GalatDokumen::IsianKosong("url_verifikasi"));
        }
        if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(GalatDokumen::Url(
                "memuat spasi atau karakter kendali".into(),
            ));
        }
        let strip_bila_kosong = |v: Option<&str>| {
            let v = v.map(bersihkan).unwrap_or_default();
            if v.is_empty() { "-".to_owned() } else { v }
        };
        let tempat = bersihkan(&t.tempat);
        let waktu = bersihkan(&t.waktu_wib);
        let tempat_waktu = match (tempat.is_empty(), waktu.is_empty()) {
            (_, true) => return Err(GalatDokumen::IsianKosong("waktu_wib")),
            (true, false) => waktu,
            (false, false) => format!("{tempat}, {waktu}"),
        };
        let (citra, goresan) = match &t.gambar_ttd {
            None => (None, None),
            Some(GambarTtd::Png(png)) => (Some(ttd::baca_png(png)?), None),
            Some(GambarTtd::Goresan(g)) => (None, Some(g)),
        };

        let k = UKURAN_KAKI;
        let mut kaki = bungkus(
            &penyaji.biasa,
            &format!(
                "Dokumen ini dapat diverifikasi di {} dengan memindai kode QR atau membuka alamat di bawahnya.",
                host(url)
            ),
            k,
            LEBAR_ISI,
        );
        if kaki.len() > MAKS_KAKI {
            return Err(GalatDokumen::IsianTerlaluPanjang {
                kolom: "url_verifikasi",
                maks_baris: MAKS_KAKI,
            });
        }
        let hash = bersihkan(&t.hash_isi);
        if !hash.is_empty() {
            let baris = bungkus(
                &penyaji.biasa,
                &format!("Sidik isi pakta (SHA-256): {hash}"),
                k,
                LEBAR_ISI,
            );
            if baris.len() > MAKS_HASH {
                return Err(GalatDokumen::IsianTerlaluPanjang {
                    kolom: "hash_isi",
                    maks_baris: MAKS_HASH,
                });
            }
            kaki.extend(baris);
        }
        let m = Self {
            nama,
            nip: p
                .nip_tampil
                .as_deref()
                .map(bersihkan)
                .filter(|n| !n.is_empty()),
            jenis: strip_bila_kosong(Some(&p.jenis_pegawai)),
            jabatan: strip_bila_kosong(p.jabatan.as_deref()),
            unit: strip_bila_kosong(p.unit.as_deref()),
            tempat_waktu,
            metode: bersihkan(&t.metode),
            url,
            qr: qr::KodeQr::buat(url)?,
            citra,
            goresan,
            kaki,
        };
        for (kolom, isi) in [
            ("nama", m.nama.as_str()),
            ("NIP", m.nip.as_deref().unwrap_or_default()),
            ("jenis pegawai", &m.jenis),
            ("jabatan", &m.jabatan),
            ("unit kerja", &m.unit),
            ("tempat dan waktu", &m.tempat_waktu),
            ("metode", &m.metode),
        ] {
            if isi.len() > PANJANG_ISIAN_MAKS {
                return Err(GalatDokumen::IsianTerlaluBesar {
                    kolom,
                    maks_byte: PANJANG_ISIAN_MAKS,
                });
            }
        }
        Ok(m)
    }
}

impl Penyaji {
    /// Prepares a template: fonts, subsets, fixed layout and fixed PDF objects.
    pub fn baru(kop: &Kop, isi: &IsiPakta) -> Result<Self, GalatDokumen> {
        let biasa = Huruf::biasa()?;
        let tebal = Huruf::tebal()?;

        let pemda = bersihkan(&kop.pemda);
        let alamat = kop.alamat.as_deref().map(bersihkan).unwrap_or_default();
        let judul = bersihkan(&isi.judul);
        let pembuka = bersihkan(&isi.pembuka);
        let butir: Vec<String> = isi
            .butir
            .iter()
            .map(|b| bersihkan(b))
            .filter(|b| !b.is_empty())
            .collect();
        let penutup = bersihkan(&isi.penutup);
        let dasar: Vec<String> = isi
            .dasar_hukum
            .iter()
            .map(|b| bersihkan(b))
            .filter(|b| !b.is_empty())
            .collect();
        if pemda.is_empty() {
            return Err(GalatDokumen::IsianKosong("kop.pemda"));
        }
        if judul.is_empty() {
            return Err(GalatDokumen::IsianKosong("judul"));
        }
        if butir.is_empty() {
            return Err(GalatDokumen::IsianKosong("butir"));
        }

        let mut teks_tetap = String::new();
        for s in [&pemda, &alamat, &judul, &pembuka, &penutup]
            .into_iter()
            .chain(&butir)
            .chain(&dasar)
        {
            teks_tetap.push_str(s);
        }
        let sub_biasa = Subset::baru(&biasa, karakter_aman().chain(teks_tetap.chars()));
        let sub_tebal = Subset::baru(&tebal, karakter_aman().chain(teks_tetap.chars()));

        // Letterhead and title.
        let mut ops_kop = Vec::new();
        let mut y = ATAS;
        let baris = bungkus(&tebal, &pemda, 14.0, LEBAR_ISI);
        y = tulis_baris(
            &mut ops_kop,
            &baris,
            KIRI,
            LEBAR_ISI,
            y,
            Gaya::Tebal,
            14.0,
            Rata::Tengah,
        );
        if !alamat.is_empty() {
            let baris = bungkus(&biasa, &alamat, 8.5, LEBAR_ISI);
            y = tulis_baris(
                &mut ops_kop,
                &baris,
                KIRI,
                LEBAR_ISI,
                y,
                Gaya::Biasa,
                8.5,
                Rata::Tengah,
            );
        }
        y -= 3.0;
        ops_kop.push(Op::Garis {
            x1: KIRI,
            y1: y,
            x2: KANAN,
            y2: y,
            tebal: 1.6,
        });
        y -= 2.4;
        ops_kop.push(Op::Garis {
            x1: KIRI,
            y1: y,
            x2: KANAN,
            y2: y,
            tebal: 0.5,
        });
        y -= 16.0;
        let baris = bungkus(&tebal, &judul, 12.5, LEBAR_ISI);
        y = tulis_baris(
            &mut ops_kop,
            &baris,
            KIRI,
            LEBAR_ISI,
            y,
            Gaya::Tebal,
            12.5,
            Rata::Tengah,
        );
        let y_identitas = y - 12.0;

        // Body sizes from the largest at which a signer with one-line fields fits down to the
        // largest at which the longest budgeted fields fit. A signer who fits at none of
        // them gets a multi-page document at the largest size kept; a template too long
        // for even the shortest fields keeps only the largest size (always multi-page).
        let batas_bawah = BAWAH + tinggi_kaki_maks() + JARAK_KAKI;
        let tersedia = y_identitas - batas_bawah;
        let huruf2 = Huruf2 {
            biasa: &biasa,
            tebal: &tebal,
            sub_biasa: &sub_biasa,
            sub_tebal: &sub_tebal,
        };
        let buat_varian = |ukuran: f32, ops_isi: Vec<Op>, tinggi_isi: f32| {
            let mut konten = Content::new();
            tata_letak::serialisasi(&ops_isi, &huruf2, &mut konten);
            let isi_z = kompres(&konten.finish());
            let mut chunk_isi = Chunk::with_capacity(isi_z.len() + 256);
            let mut form = chunk_isi.form_xobject(R_ISI, &isi_z);
            form.filter(Filter::FlateDecode);
            form.bbox(Rect::new(-10.0, -tinggi_isi - 10.0, LEBAR_ISI + 10.0, 10.0));
            let mut sumber = form.resources();
            sumber
                .fonts()
                .pair(Gaya::Biasa.nama_sumber(), R_F1)
                .pair(Gaya::Tebal.nama_sumber(), R_F2);
            sumber.finish();
            form.finish();
            let sidik = Sha256::digest(chunk_isi.as_bytes()).into();
            Varian {
                ukuran,
                tinggi_isi,
                ops_isi,
                chunk_isi,
                sidik,
            }
        };
        let mut varian = Vec::new();
        for ukuran in UKURAN_BADAN {
            let (ops_isi, tinggi_isi) =
                susun_isi(&huruf2, ukuran, &pembuka, &butir, &penutup, &dasar);
            let inti = tinggi_isi + jarak_sebelum_ttd(ukuran);
            let perlu_min =
                tinggi_identitas(ukuran, &BARIS_MIN) + inti + tinggi_ttd(ukuran, &BARIS_MIN);
            let perlu_maks =
                tinggi_identitas(ukuran, &BARIS_MAKS) + inti + tinggi_ttd(ukuran, &BARIS_MAKS);
            if perlu_min > tersedia {
                continue;
            }
            varian.push(buat_varian(ukuran, ops_isi, tinggi_isi));
            if perlu_maks <= tersedia {
                break;
            }
        }
        if varian.is_empty() {
            let ukuran = UKURAN_BADAN[0];
            let (ops_isi, tinggi_isi) =
                susun_isi(&huruf2, ukuran, &pembuka, &butir, &penutup, &dasar);
            varian.push(buat_varian(ukuran, ops_isi, tinggi_isi));
        }

        let mut chunk_huruf = Chunk::with_capacity(96 * 1024);
        sub_biasa.tulis(&biasa, R_F1, &mut chunk_huruf)?;
        sub_tebal.tulis(&tebal, R_F2, &mut chunk_huruf)?;

        let mut chunk_tetap = Chunk::with_capacity(16 * 1024);
        let icc = kompres(pdfa::PROFIL_SRGB);
        chunk_tetap
            .icc_profile(R_ICC, &icc)
            .n(3)
            .filter(Filter::FlateDecode);
        let mut konten = Content::new();
        tata_letak::serialisasi(&ops_kop, &huruf2, &mut konten);
        let kop_z = kompres(&konten.finish());
        chunk_tetap
            .stream(R_KOP, &kop_z)
            .filter(Filter::FlateDecode);

        let mut h = Sha256::new();
        h.update(chunk_huruf.as_bytes());
        h.update(chunk_tetap.as_bytes());
        let sidik_tetap: [u8; 32] = h.finalize().into();

        Ok(Self {
            biasa,
            tebal,
            sub_biasa,
            sub_tebal,
            chunk_huruf,
            chunk_tetap,
            sidik_tetap,
            judul,
            y_identitas,
            ops_kop,
            varian,
        })
    }

    /// Body font sizes this template can be rendered at, in points, largest first. Each
    /// document uses the largest at which the signer's fields fit on the page.
    pub fn ukuran_huruf(&self) -> Vec<f32> {
        self.varian.iter().map(|v| v.ukuran).collect()
    }

    /// Renders one signed pact as a PDF/A-3b file.
    pub fn render(&self, p: &Penandatangan, t: &DataTandaTangan) -> Result<Vec<u8>, GalatDokumen> {
        self.render_dengan(p, t, &Tambahan::default())
    }

    /// [`Penyaji::render`] with extra pages after the pact page and associated files.
    pub(crate) fn render_dengan(
        &self,
        p: &Penandatangan,
        t: &DataTandaTangan,
        tambahan: &Tambahan<'_>,
    ) -> Result<Vec<u8>, GalatDokumen> {
        let waktu = pdfa::Waktu::parse(t.waktu_rfc3339.trim())?;
        let masukan = Masukan::baru(self, p, t)?;
        let (varian, mut susunan) = self.pilih_varian(&masukan)?;
        let nama = masukan.nama;
        let citra = masukan.citra;

        // Pages after page 1: the rest of a multi-page pact, then the extra pages. Only a
        // pact longer than one page numbers its pages, so one-page pacts keep their bytes.
        let jumlah_pakta = 1 + susunan.lanjutan.len();
        let mut lain: Vec<Cow<'_, Vec<Op>>> = std::mem::take(&mut susunan.lanjutan)
            .into_iter()
            .map(Cow::Owned)
            .chain(tambahan.halaman.iter().map(Cow::Borrowed))
            .collect();
        if jumlah_pakta > 1 {
            let n = 1 + lain.len();
            susunan.ops.push(nomor_halaman(&self.biasa, 1, n));
            for (i, ops) in lain.iter_mut().enumerate() {
                ops.to_mut().push(nomor_halaman(&self.biasa, i + 2, n));
            }
        }
        // The page holding the signature image and the QR link: the last pact page.
        let halaman_ttd = jumlah_pakta - 1;

        // Characters outside the prepared subsets (rare: an unusual name) need a
        // per-document subset; existing CIDs stay, so the fixed objects stay valid.
        let mut semua_ops: Vec<&[Op]> = vec![&susunan.ops];
        semua_ops.extend(lain.iter().map(|o| o.as_slice()));
        let (sub_biasa, sub_tebal, chunk_huruf) = self.subset_untuk(&semua_ops)?;
        let huruf2 = Huruf2 {
            biasa: &self.biasa,
            tebal: &self.tebal,
            sub_biasa: &sub_biasa,
            sub_tebal: &sub_tebal,
        };
        let konten_z = tata_letak::aliran_halaman(&susunan.ops, &huruf2);
        let halaman_z: Vec<Vec<u8>> = lain
            .iter()
            .map(|ops| tata_letak::aliran_halaman(ops, &huruf2))
            .collect();

        let url = t.url_verifikasi.trim();
        let subjek = format!(
            "Ditandatangani oleh {nama} pada {}; verifikasi: {url}",
            bersihkan(&t.waktu_wib)
        );
        let produser = concat!("netral-dokumen ", env!("CARGO_PKG_VERSION"));

        // Document ID: a digest of everything that makes up the document.
        let mut h = Sha256::new();
        h.update(self.sidik_tetap);
        h.update(varian.sidik);
        if let Cow::Owned(c) = &chunk_huruf {
            h.update(c.as_bytes());
        }
        // The compressed stream is as unique as the plain one and a fraction of its size.
        h.update((konten_z.len() as u64).to_be_bytes());
        h.update(&konten_z);
        if let Some(c) = &citra {
            h.update(&c.data);
        }
        for z in &halaman_z {
            h.update((z.len() as u64).to_be_bytes());
            h.update(z);
        }
        for l in &tambahan.lampiran {
            for bagian in [l.nama.as_bytes(), l.isi] {
                h.update((bagian.len() as u64).to_be_bytes());
                h.update(bagian);
            }
        }
        for bagian in [nama.as_str(), subjek.as_str(), t.waktu_rfc3339.trim()] {
            h.update((bagian.len() as u64).to_be_bytes());
            h.update(bagian.as_bytes());
        }
        let sidik: [u8; 32] = h.finalize().into();
        let id_dokumen = pdfa::uuid(&sidik);
        let xmp = pdfa::xmp(&pdfa::Metadata {
            judul: &self.judul,
            penulis: &nama,
            subjek: &subjek,
            pembuat: "Netral",
            produser,
            waktu,
            id_dokumen: &id_dokumen,
        });

        let mut berikut = R_PERTAMA_VARIABEL;
        let mut ref_baru = || {
            let r = Ref::new(berikut);
            berikut += 1;
            r
        };
        let r_katalog = ref_baru();
        let r_halaman_halaman = ref_baru();
        let r_halaman = ref_baru();
        let r_konten = ref_baru();
        let r_metadata = ref_baru();
        let r_info = ref_baru();
        let r_tautan = url.is_ascii().then(&mut ref_baru);
        let r_citra = citra.as_ref().map(|_| ref_baru());
        let r_halaman_tambahan: Vec<(Ref, Ref)> =
            halaman_z.iter().map(|_| (ref_baru(), ref_baru())).collect();
        let r_lampiran: Vec<(Ref, Ref)> = tambahan
            .lampiran
            .iter()
            .map(|_| (ref_baru(), ref_baru()))
            .collect();

        let ukuran_citra = citra.as_ref().map_or(0, |c| c.data.len());
        let mut pdf = Pdf::with_capacity(
            chunk_huruf.len()
                + self.chunk_tetap.len()
                + varian.chunk_isi.len()
                + konten_z.len()
                + ukuran_citra
                + 8192,
        );
        pdf.set_binary_marker(&[0xe2, 0xe3, 0xcf, 0xd3]);
        // Associated files come first, right after the header, so a verifier finds them
        // without a general PDF parser (see `rekaman::ambil_lampiran`).
        let tanggal = waktu.pdf();
        for (l, (r_berkas, _)) in tambahan.lampiran.iter().zip(&r_lampiran) {
            let mut berkas = pdf.embedded_file(*r_berkas, l.isi);
            berkas.subtype(Name(l.mime));
            berkas
                .params()
                .size(i32::try_from(l.isi.len()).unwrap_or(i32::MAX))
                .modification_date(tanggal);
            berkas.finish();
        }
        pdf.extend(&chunk_huruf);
        pdf.extend(&self.chunk_tetap);
        pdf.extend(&varian.chunk_isi);

        let mut katalog = pdf.catalog(r_katalog);
        katalog
            .pages(r_halaman_halaman)
            .metadata(r_metadata)
            .lang(TextStr("id-ID"));
        katalog.viewer_preferences().display_doc_title(true);
        katalog
            .output_intents()
            .push()
            .subtype(OutputIntentSubtype::PDFA)
            .output_condition_identifier(TextStr("sRGB IEC61966-2.1"))
            .registry_name(TextStr("http://www.color.org"))
            .info(TextStr("sRGB IEC61966-2.1"))
            .dest_output_profile(R_ICC);
        if !r_lampiran.is_empty() {
            katalog
                .insert(Name(b"AF"))
                .array()
                .items(r_lampiran.iter().map(|(_, spek)| *spek));
            // Name tree keys must be sorted.
            let mut urut: Vec<(&Lampiran<'_>, Ref)> = tambahan
                .lampiran
                .iter()
                .zip(r_lampiran.iter().map(|(_, spek)| *spek))
                .collect();
            urut.sort_by(|a, b| a.0.nama.cmp(b.0.nama));
            let mut nama_nama = katalog.names();
            let mut pohon = nama_nama.embedded_files();
            let mut entri = pohon.names();
            for (l, spek) in urut {
                entri.insert(Str(l.nama.as_bytes()), spek);
            }
            entri.finish();
            pohon.finish();
            nama_nama.finish();
        }
        katalog.finish();

        let jumlah_halaman = 1 + r_halaman_tambahan.len();
        pdf.pages(r_halaman_halaman)
            .kids(std::iter::once(r_halaman).chain(r_halaman_tambahan.iter().map(|(h, _)| *h)))
            .count(i32::try_from(jumlah_halaman).unwrap_or(i32::MAX));

        let mut halaman = pdf.page(r_halaman);
        halaman.parent(r_halaman_halaman).media_box(Rect::new(
            0.0,
            0.0,
            LEBAR_HALAMAN,
            TINGGI_HALAMAN,
        ));
        halaman
            .insert(Name(b"Contents"))
            .array()
            .items([R_KOP, r_konten]);
        if let Some(r) = r_tautan
            && halaman_ttd == 0
        {
            halaman.annotations([r]);
        }
        let mut sumber = halaman.resources();
        sumber
            .fonts()
            .pair(Gaya::Biasa.nama_sumber(), R_F1)
            .pair(Gaya::Tebal.nama_sumber(), R_F2);
        let mut xobjek = sumber.x_objects();
        xobjek.pair(Name(b"Isi"), R_ISI);
        if let Some(r) = r_citra
            && halaman_ttd == 0
        {
            xobjek.pair(Name(b"Ttd"), r);
        }
        xobjek.finish();
        sumber.finish();
        halaman.finish();

        pdf.stream(r_konten, &konten_z).filter(Filter::FlateDecode);
        for (i, ((r_hal, r_isi), z)) in r_halaman_tambahan.iter().zip(&halaman_z).enumerate() {
            let dengan_ttd = i + 1 == halaman_ttd;
            let mut halaman = pdf.page(*r_hal);
            halaman.parent(r_halaman_halaman).media_box(Rect::new(
                0.0,
                0.0,
                LEBAR_HALAMAN,
                TINGGI_HALAMAN,
            ));
            halaman.contents(*r_isi);
            if let Some(r) = r_tautan
                && dengan_ttd
            {
                halaman.annotations([r]);
            }
            let mut sumber = halaman.resources();
            sumber
                .fonts()
                .pair(Gaya::Biasa.nama_sumber(), R_F1)
                .pair(Gaya::Tebal.nama_sumber(), R_F2);
            if let Some(r) = r_citra
                && dengan_ttd
            {
                sumber.x_objects().pair(Name(b"Ttd"), r);
            }
            sumber.finish();
            halaman.finish();
            pdf.stream(*r_isi, z).filter(Filter::FlateDecode);
        }
        for (l, (r_berkas, r_spek)) in tambahan.lampiran.iter().zip(&r_lampiran) {
            let mut spek = pdf.file_spec(*r_spek);
            spek.path(Str(l.nama.as_bytes()))
                .unic_file(TextStr(l.nama))
                .description(TextStr(l.deskripsi))
                .association_kind(l.relasi)
                .embedded_file_with_unicode(*r_berkas);
            spek.finish();
        }
        pdf.metadata(r_metadata, xmp.as_bytes());

        pdf.document_info(r_info)
            .title(TextStr(&self.judul))
            .author(TextStr(&nama))
            .subject(TextStr(&subjek))
            .creator(TextStr("Netral"))
            .producer(TextStr(produser))
            .creation_date(tanggal)
            .modified_date(tanggal);

        if let Some(r) = r_tautan {
            let [x, y, w, h] = susunan.kotak_qr;
            let mut tautan = pdf.annotation(r);
            tautan
                .subtype(AnnotationType::Link)
                .rect(Rect::new(x, y, x + w, y + h))
                .flags(AnnotationFlags::PRINT)
                .border(0.0, 0.0, 0.0, None);
            tautan
                .action()
                .action_type(ActionType::Uri)
                .uri(Str(url.as_bytes()));
            tautan.finish();
        }

        if let (Some(r), Some(c)) = (r_citra, &citra) {
            let mut gambar = pdf.image_xobject(r, &c.data);
            gambar.filter(Filter::FlateDecode);
            gambar.width(c.lebar as i32).height(c.tinggi as i32);
            if c.komponen == 1 {
                gambar.color_space().device_gray();
            } else {
                gambar.color_space().device_rgb();
            }
            gambar.bits_per_component(8);
            gambar.finish();
        }

        let id = sidik[..16].to_vec();
        pdf.set_file_id((id.clone(), id));
        Ok(pdf.finish())
    }

    /// A readable dump of the page's display list (letterhead, pact text form, signer's
    /// parts) with positions in points: what the content streams draw. For snapshots and
    /// layout reviews.
    pub fn uraian_tata_letak(
        &self,
        p: &Penandatangan,
        t: &DataTandaTangan,
    ) -> Result<String, GalatDokumen> {
        let masukan = Masukan::baru(self, p, t)?;
        let (varian, susunan) = self.pilih_varian(&masukan)?;
        let mut s = format!(
            "# halaman A4 {LEBAR_HALAMAN:.1}x{TINGGI_HALAMAN:.1} pt, huruf isi {:.1} pt\n# kop\n",
            varian.ukuran
        );
        tata_letak::dump(&self.ops_kop, &mut s);
        s.push_str(&format!(
            "# form Isi (tinggi {:.1} pt, koordinat relatif)\n",
            varian.tinggi_isi
        ));
        tata_letak::dump(&varian.ops_isi, &mut s);
        s.push_str("# bagian penanda tangan\n");
        tata_letak::dump(&susunan.ops, &mut s);
        for (i, ops) in susunan.lanjutan.iter().enumerate() {
            s.push_str(&format!("# halaman {}\n", i + 2));
            tata_letak::dump(ops, &mut s);
        }
        Ok(s)
    }

    fn subset_untuk(&self, ops: &[&[Op]]) -> Result<SubsetDokumen<'_>, GalatDokumen> {
        let mut kurang_biasa = Vec::new();
        let mut kurang_tebal = Vec::new();
        for op in ops.iter().flat_map(|o| o.iter()) {
            if let Op::Teks(t) = op {
                let (h, s, kurang) = match t.gaya {
                    Gaya::Biasa => (&self.biasa, &self.sub_biasa, &mut kurang_biasa),
                    Gaya::Tebal => (&self.tebal, &self.sub_tebal, &mut kurang_tebal),
                };
                kurang.extend(t.isi.chars().filter(|&c| !s.mencakup(h, c)));
            }
        }
        if kurang_biasa.is_empty() && kurang_tebal.is_empty() {
            return Ok((
                Cow::Borrowed(&self.sub_biasa),
                Cow::Borrowed(&self.sub_tebal),
                Cow::Borrowed(&self.chunk_huruf),
            ));
        }
        let mut sub_biasa = self.sub_biasa.clone();
        sub_biasa.tambah(&self.biasa, kurang_biasa);
        let mut sub_tebal = self.sub_tebal.clone();
        sub_tebal.tambah(&self.tebal, kurang_tebal);
        let mut chunk = Chunk::with_capacity(self.chunk_huruf.len() + 8192);
        sub_biasa.tulis(&self.biasa, R_F1, &mut chunk)?;
        sub_tebal.tulis(&self.tebal, R_F2, &mut chunk)?;
        Ok((
            Cow::Owned(sub_biasa),
            Cow::Owned(sub_tebal),
            Cow::Owned(chunk),
        ))
    }

    /// The largest body size at which this signer's parts fit on one page, with their
    /// layout; when they fit at no size, the pact flows onto further pages
    /// ([`Penyaji::susun_banyak`]) at the largest size.
    fn pilih_varian(&self, m: &Masukan<'_>) -> Result<(&Varian, Susunan), GalatDokumen> {
        for v in &self.varian {
            match self.susun(v, m) {
                Ok(s) => return Ok((v, s)),
                // Too long at this size: a smaller one may fit.
                Err(
                    GalatDokumen::IsianTerlaluPanjang { .. }
                    | GalatDokumen::IsiTerlaluPanjang { .. },
                ) => {}
                Err(e) => return Err(e),
            }
        }
        // `Penyaji::baru` always keeps at least one size.
        let v = self.varian.first().ok_or(GalatDokumen::IsiTerlaluPanjang {
            perlu: 0.0,
            tersedia: 0.0,
        })?;
        Ok((v, self.susun_banyak(v, m)?))
    }

    /// Lays out the signer's parts on one page at the variant's body size: identity block,
    /// pact text placement, signature block with QR code, footer. A field longer than its
    /// line budget or a page too short is an error (the caller then tries a smaller size).
    fn susun(&self, v: &Varian, m: &Masukan<'_>) -> Result<Susunan, GalatDokumen> {
        let s = v.ukuran;
        let mut ops = Vec::with_capacity(48);
        let mut y = self.identitas(&mut ops, s, m, Some(&BARIS_MAKS))?;

        // The pact text.
        ops.push(Op::Form {
            nama: "Isi",
            x: KIRI,
            y,
        });
        y -= v.tinggi_isi + jarak_sebelum_ttd(s);

        let (bawah_bagian, kotak_qr) = self.bagian_ttd(&mut ops, s, m, Some(&BARIS_MAKS), y)?;

        // Footer, anchored to the bottom margin (the same at every size).
        let atas_kaki = atas_kaki(m);
        if bawah_bagian < atas_kaki + JARAK_KAKI {
            return Err(GalatDokumen::IsiTerlaluPanjang {
                perlu: self.y_identitas - bawah_bagian,
                tersedia: self.y_identitas - atas_kaki - JARAK_KAKI,
            });
        }
        tulis_kaki(&mut ops, m, atas_kaki);
        Ok(Susunan {
            ops,
            lanjutan: Vec::new(),
            kotak_qr,
        })
    }

    /// Lays out a pact that does not fit on one page: the letterhead and identity block
    /// start page 1, the pact text continues line by line onto further pages, and the
    /// signature block (place and time, signature, name, method, QR code) is kept together
    /// with the footer on the last page. Fields wrap onto as many lines as they need.
    fn susun_banyak(&self, v: &Varian, m: &Masukan<'_>) -> Result<Susunan, GalatDokumen> {
        let s = v.ukuran;
        // Everything before the signature block, as if page 1 had no bottom.
        let mut aliran = Vec::with_capacity(v.ops_isi.len() + 32);
        let y = self.identitas(&mut aliran, s, m, None)?;
        aliran.extend(v.ops_isi.iter().map(|op| op.geser(KIRI, y)));
        let akhir_isi = y - v.tinggi_isi;

        let mut halaman: Vec<Vec<Op>> = vec![Vec::with_capacity(aliran.len())];
        let mut dy = 0.0;
        for op in aliran {
            let (atas, bawah) = op.batas_tegak();
            let kini = halaman.last_mut().map_or(0, |h| h.len());
            if bawah + dy < BAWAH && kini > 0 {
                halaman.push(Vec::new());
                dy = ATAS - atas;
            }
            if let Some(h) = halaman.last_mut() {
                h.push(op.geser(0.0, dy));
            }
        }

        // The signature block, measured first: it moves to a new page when the rest of
        // this one is too short.
        let atas_kaki = atas_kaki(m);
        let batas = atas_kaki + JARAK_KAKI;
        let (bawah_uji, _) = self.bagian_ttd(&mut Vec::new(), s, m, None, 0.0)?;
        let tinggi = -bawah_uji;
        if ATAS - tinggi < batas {
            return Err(GalatDokumen::BagianTtdTerlaluPanjang {
                perlu: tinggi,
                tersedia: ATAS - batas,
            });
        }
        let mut y = akhir_isi + dy - jarak_sebelum_ttd(s);
        if y - tinggi < batas {
            halaman.push(Vec::new());
            y = ATAS;
        }
        let mut terakhir = halaman.pop().unwrap_or_default();
        let (_, kotak_qr) = self.bagian_ttd(&mut terakhir, s, m, None, y)?;
        tulis_kaki(&mut terakhir, m, atas_kaki);
        halaman.push(terakhir);
        let mut halaman = halaman.into_iter();
        Ok(Susunan {
            ops: halaman.next().unwrap_or_default(),
            lanjutan: halaman.collect(),
            kotak_qr,
        })
    }

    /// The identity block from `y` down; returns where the pact text starts. With a budget,
    /// a field wrapping onto more lines than it allows is an error.
    fn identitas(
        &self,
        ops: &mut Vec<Op>,
        s: f32,
        m: &Masukan<'_>,
        anggaran: Option<&AnggaranBaris>,
    ) -> Result<f32, GalatDokumen> {
        let mut y = self.y_identitas;
        y = tulis_baris(
            ops,
            &[self.baris_tunggal(Gaya::Biasa, "Yang bertanda tangan di bawah ini:", s)],
            KIRI,
            LEBAR_ISI,
            y,
            Gaya::Biasa,
            s,
            Rata::Kiri,
        );
        y -= 0.3 * s;
        let x_label = KIRI + 1.5 * s;
        let lebar_label = LABEL_IDENTITAS
            .iter()
            .map(|l| self.biasa.lebar(l, s))
            .fold(0.0, f32::max);
        let x_titik_dua = x_label + lebar_label + 0.6 * s;
        let x_nilai = x_titik_dua + self.biasa.lebar(":", s) + 0.6 * s;
        let lebar_nilai = KANAN - x_nilai;
        let maks = |f: fn(&AnggaranBaris) -> usize| anggaran.map(f);
        let baris_identitas = [
            (
                LABEL_IDENTITAS[0],
                m.nama.as_str(),
                maks(|a| a.nama),
                "nama",
            ),
            (
                LABEL_IDENTITAS[1],
                m.nip.as_deref().unwrap_or("-"),
                maks(|a| a.nip),
                "NIP",
            ),
            (
                LABEL_IDENTITAS[2],
                m.jenis.as_str(),
                maks(|a| a.jenis),
                "jenis pegawai",
            ),
            (
                LABEL_IDENTITAS[3],
                m.jabatan.as_str(),
                maks(|a| a.jabatan),
                "jabatan",
            ),
            (
                LABEL_IDENTITAS[4],
                m.unit.as_str(),
                maks(|a| a.unit),
                "unit kerja",
            ),
        ];
        for (label, nilai, maks, kolom) in baris_identitas {
            let baris = bungkus(&self.biasa, nilai, s, lebar_nilai);
            if let Some(maks) = maks
                && baris.len() > maks
            {
                return Err(terlalu_panjang(kolom, maks));
            }
            let baseline = y - s * NAIK;
            for (x, teks) in [(x_label, label), (x_titik_dua, ":")] {
                ops.push(Op::Teks(Teks {
                    x,
                    y: baseline,
                    gaya: Gaya::Biasa,
                    ukuran: s,
                    isi: teks.to_owned(),
                    spasi_ekstra: 0.0,
                }));
            }
            y = tulis_baris(
                ops,
                &baris,
                x_nilai,
                lebar_nilai,
                y,
                Gaya::Biasa,
                s,
                Rata::Kiri,
            );
        }
        Ok(y - 0.4 * s)
    }

    /// The signature section with its top at `y`: place and time, signature, name, NIP and
    /// method in the right column, the QR code and its URL in the left one. Returns the
    /// bottom of the taller column and the QR rectangle. With a budget, a field wrapping
    /// onto more lines than it allows is an error; the URL always has its budget.
    fn bagian_ttd(
        &self,
        ops: &mut Vec<Op>,
        s: f32,
        m: &Masukan<'_>,
        anggaran: Option<&AnggaranBaris>,
        mut y: f32,
    ) -> Result<(f32, [f32; 4]), GalatDokumen> {
        let l = tinggi_baris(s);
        let periksa = |baris: &[Baris], f: fn(&AnggaranBaris) -> usize, kolom| match anggaran {
            Some(a) if baris.len() > f(a) => Err(terlalu_panjang(kolom, f(a))),
            _ => Ok(()),
        };
        // Signature block, right column.
        let x_kanan = KIRI + LEBAR_ISI * 0.45;
        let lebar_kanan = KANAN - x_kanan;
        let atas_bagian = y;
        let baris = bungkus(&self.biasa, &m.tempat_waktu, s, lebar_kanan);
        periksa(&baris, |a| a.tempat_waktu, "tempat dan waktu")?;
        y = tulis_baris(
            ops,
            &baris,
            x_kanan,
            lebar_kanan,
            y,
            Gaya::Biasa,
            s,
            Rata::Kiri,
        );
        y = tulis_baris(
            ops,
            &[self.baris_tunggal(Gaya::Biasa, "Yang menyatakan,", s)],
            x_kanan,
            lebar_kanan,
            y,
            Gaya::Biasa,
            s,
            Rata::Kiri,
        );
        y -= 0.2 * s;
        let lebar_ttd = lebar_kanan.min(70.0 * MM);
        let dasar_ttd = y - TINGGI_TTD;
        if let Some(c) = &m.citra {
            ops.push(ttd::letakkan_citra(
                c, x_kanan, dasar_ttd, lebar_ttd, TINGGI_TTD,
            ));
        } else if let Some(g) = m.goresan {
            ops.push(ttd::goresan(g, x_kanan, dasar_ttd, lebar_ttd, TINGGI_TTD)?);
        }
        y = dasar_ttd - 0.2 * s;
        let baris = bungkus(&self.tebal, &m.nama, s, lebar_kanan);
        periksa(&baris, |a| a.nama_ttd, "nama")?;
        y = tulis_baris(
            ops,
            &baris,
            x_kanan,
            lebar_kanan,
            y,
            Gaya::Tebal,
            s,
            Rata::Kiri,
        );
        if let Some(nip) = &m.nip {
            let baris = bungkus(&self.biasa, &format!("NIP {nip}"), s, lebar_kanan);
            periksa(&baris, |a| a.nip, "NIP")?;
            y = tulis_baris(
                ops,
                &baris,
                x_kanan,
                lebar_kanan,
                y,
                Gaya::Biasa,
                s,
                Rata::Kiri,
            );
        }
        if !m.metode.is_empty() {
            let k = 0.8 * s;
            let baris = bungkus(
                &self.biasa,
                &format!("Metode penandatanganan: {}", m.metode),
                k,
                lebar_kanan,
            );
            periksa(&baris, |a| a.metode, "metode")?;
            y -= 0.15 * s;
            y = tulis_baris(
                ops,
                &baris,
                x_kanan,
                lebar_kanan,
                y,
                Gaya::Biasa,
                k,
                Rata::Kiri,
            );
        }
        let bawah_kanan = y;

        // QR code and its URL, left column, top aligned with the signature block.
        let atas_qr = atas_bagian - (l - s) / 2.0;
        ops.push(m.qr.op(KIRI, atas_qr, SISI_QR));
        let kotak_qr = [KIRI, atas_qr - SISI_QR, SISI_QR, SISI_QR];
        let lebar_kiri = x_kanan - KIRI - 12.0;
        let baris = bungkus_karakter(&self.biasa, m.url, UKURAN_KECIL, lebar_kiri);
        if baris.len() > BARIS_MAKS.url {
            return Err(terlalu_panjang("url_verifikasi", BARIS_MAKS.url));
        }
        let y_kiri = tulis_baris(
            ops,
            &baris,
            KIRI,
            lebar_kiri,
            atas_qr - SISI_QR - 3.0,
            Gaya::Biasa,
            UKURAN_KECIL,
            Rata::Kiri,
        );
        Ok((bawah_kanan.min(y_kiri), kotak_qr))
    }

    fn baris_tunggal(&self, gaya: Gaya, teks: &str, ukuran: f32) -> Baris {
        let huruf = match gaya {
            Gaya::Biasa => &self.biasa,
            Gaya::Tebal => &self.tebal,
        };
        Baris {
            isi: teks.to_owned(),
            lebar: huruf.lebar(teks, ukuran),
            spasi: 0,
        }
    }
}

/// Lays out the pact text form: opening sentence, numbered clauses with a hanging indent,
/// closing paragraph and the legal references. Origin at the top left, y going down.
fn susun_isi(
    h: &Huruf2<'_>,
    s: f32,
    pembuka: &str,
    butir: &[String],
    penutup: &str,
    dasar: &[String],
) -> (Vec<Op>, f32) {
    let mut ops = Vec::new();
    let mut y = 0.0;
    if !pembuka.is_empty() {
        let baris = bungkus(h.biasa, pembuka, s, LEBAR_ISI);
        y = tulis_baris(
            &mut ops,
            &baris,
            0.0,
            LEBAR_ISI,
            y,
            Gaya::Biasa,
            s,
            Rata::KiriKanan,
        );
        y -= 0.35 * s;
    }
    let nomor_terlebar = format!("{}.", butir.len());
    let indent = h
        .lebar(Gaya::Biasa, &nomor_terlebar, s)
        .max(h.lebar(Gaya::Biasa, "8.", s))
        + 0.7 * s;
    for (i, b) in butir.iter().enumerate() {
        let nomor = format!("{}.", i + 1);
        ops.push(Op::Teks(Teks {
            x: 0.0,
            y: y - s * NAIK,
            gaya: Gaya::Biasa,
            ukuran: s,
            isi: nomor,
            spasi_ekstra: 0.0,
        }));
        let baris = bungkus(h.biasa, b, s, LEBAR_ISI - indent);
        y = tulis_baris(
            &mut ops,
            &baris,
            indent,
            LEBAR_ISI - indent,
            y,
            Gaya::Biasa,
            s,
            Rata::KiriKanan,
        );
        y -= 0.25 * s;
    }
    if !penutup.is_empty() {
        y -= 0.2 * s;
        let baris = bungkus(h.biasa, penutup, s, LEBAR_ISI);
        y = tulis_baris(
            &mut ops,
            &baris,
            0.0,
            LEBAR_ISI,
            y,
            Gaya::Biasa,
            s,
            Rata::KiriKanan,
        );
    }
    if !dasar.is_empty() {
        let k = (0.75 * s).max(UKURAN_KECIL);
        y -= 0.6 * s;
        y = tulis_baris(
            &mut ops,
            &[Baris {
                isi: "Dasar hukum:".into(),
                lebar: h.lebar(Gaya::Biasa, "Dasar hukum:", k),
                spasi: 1,
            }],
            0.0,
            LEBAR_ISI,
            y,
            Gaya::Biasa,
            k,
            Rata::Kiri,
        );
        let indent = h.lebar(Gaya::Biasa, &format!("{}.", dasar.len().max(8)), k) + 0.6 * k;
        for (i, d) in dasar.iter().enumerate() {
            ops.push(Op::Teks(Teks {
                x: 0.0,
                y: y - k * NAIK,
                gaya: Gaya::Biasa,
                ukuran: k,
                isi: format!("{}.", i + 1),
                spasi_ekstra: 0.0,
            }));
            let baris = bungkus(h.biasa, d, k, LEBAR_ISI - indent);
            y = tulis_baris(
                &mut ops,
                &baris,
                indent,
                LEBAR_ISI - indent,
                y,
                Gaya::Biasa,
                k,
                Rata::Kiri,
            );
        }
    }
    (ops, -y)
}

fn terlalu_panjang(kolom: &'static str, maks_baris: usize) -> GalatDokumen {
    GalatDokumen::IsianTerlaluPanjang { kolom, maks_baris }
}

/// Top of the footer, anchored to the bottom margin (the same at every size).
fn atas_kaki(m: &Masukan<'_>) -> f32 {
    BAWAH + m.kaki.len() as f32 * tinggi_baris(UKURAN_KAKI)
}

/// The footer: a rule and the verification note and template hash below it.
fn tulis_kaki(ops: &mut Vec<Op>, m: &Masukan<'_>, atas_kaki: f32) {
    ops.push(Op::Garis {
        x1: KIRI,
        y1: atas_kaki + 3.0,
        x2: KANAN,
        y2: atas_kaki + 3.0,
        tebal: 0.4,
    });
    tulis_baris(
        ops,
        &m.kaki,
        KIRI,
        LEBAR_ISI,
        atas_kaki,
        Gaya::Biasa,
        UKURAN_KAKI,
        Rata::Tengah,
    );
}

/// "Halaman i dari n" in the bottom margin, right-aligned, below the footer.
fn nomor_halaman(biasa: &Huruf, i: usize, n: usize) -> Op {
    let isi = format!("Halaman {i} dari {n}");
    let lebar = biasa.lebar(&isi, UKURAN_KAKI);
    Op::Teks(Teks {
        x: KANAN - lebar,
        y: BAWAH - 1.4 * UKURAN_KAKI,
        gaya: Gaya::Biasa,
        ukuran: UKURAN_KAKI,
        isi,
        spasi_ekstra: 0.0,
    })
}

fn jarak_sebelum_ttd(s: f32) -> f32 {
    1.0 * s
}

/// Height of the identity block with the given line counts.
fn tinggi_identitas(s: f32, a: &AnggaranBaris) -> f32 {
    let baris = 1 + a.nama + a.nip + a.jenis + a.jabatan + a.unit;
    baris as f32 * tinggi_baris(s) + 0.3 * s + 0.4 * s
}

/// Height of the signature section with the given line counts (the taller of its columns).
fn tinggi_ttd(s: f32, a: &AnggaranBaris) -> f32 {
    let l = tinggi_baris(s);
    let kanan = (a.tempat_waktu + 1) as f32 * l
        + 0.2 * s
        + TINGGI_TTD
        + 0.2 * s
        + (a.nama_ttd + a.nip) as f32 * l
        + 0.15 * s
        + a.metode as f32 * tinggi_baris(0.8 * s);
    let kiri = (l - s) / 2.0 + SISI_QR + 3.0 + a.url as f32 * tinggi_baris(UKURAN_KECIL);
    kanan.max(kiri)
}

/// Height of the footer in the worst case.
fn tinggi_kaki_maks() -> f32 {
    (MAKS_KAKI + MAKS_HASH) as f32 * tinggi_baris(UKURAN_KAKI) + 3.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn penyaji_bisa_dibagi_antar_thread() {
        fn perlu_send_sync<T: Send + Sync>() {}
        perlu_send_sync::<Penyaji>();
    }

    #[test]
    fn host_dari_url() {
        assert_eq!(
            host("https://pakta.example.go.id/v/abc"),
            "pakta.example.go.id"
        );
        assert_eq!(host("pakta.example.go.id"), "pakta.example.go.id");
        assert_eq!(host("http://h:8080?x"), "h:8080");
    }

    #[test]
    fn bersihkan_membuang_kendali_dan_karakter_tak_terlihat() {
        assert_eq!(bersihkan("  a\tb\u{200b}c\u{00ad}\n "), "a bc");
    }

    #[test]
    fn subset_mencakup_karakter_aman() {
        let h = Huruf::biasa().unwrap();
        let s = Subset::baru(&h, karakter_aman());
        for c in ['A', 'é', 'Ñ', '“', '”', '–', '’', '€', '\u{a0}'] {
            assert!(s.mencakup(&h, c), "{c}");
        }
        assert!(s.jumlah_glif() > 180);
        // Outside the safe set but in the font: extending keeps every existing CID.
        let mut lebih = s.clone();
        assert!(!s.mencakup(&h, 'Ş'));
        lebih.tambah(&h, ['Ş', 'ệ']);
        assert!(lebih.mencakup(&h, 'Ş') && lebih.mencakup(&h, 'ệ'));
        for c in ['A', 'é', '“'] {
            assert_eq!(s.cid(c), lebih.cid(c));
        }
        // Not in the font at all: drawn as `?`, so "covered".
        assert!(s.mencakup(&h, '漢'));
        assert_eq!(s.cid('漢'), (s.cid('?').0, false));
    }
}
