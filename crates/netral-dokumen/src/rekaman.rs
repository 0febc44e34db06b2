//! The verifiable pact PDF: rendered from a signature record ([`RekamanTandaTangan`],
//! `NETRAL-TTD/1`) and carrying it.
//!
//! [`render_rekaman`] maps the record to the pact page (plus, for a representative signature,
//! pages listing the people signed for) and embeds two PDF/A-3 associated files: the record's
//! canonical bytes (`rekaman-tanda-tangan.json`, relationship `Source`) and the proof bundle
//! (`bukti.tlog-proof`, `Supplement`). Output is a pure function of (record, leaf hash,
//! bundle).
//!
//! [`periksa_pdf`] is the offline check: it extracts both files, parses the record strictly,
//! takes the log entry from the bundle's `extra` line, requires that entry to be a signature
//! whose content hash is the record's hash, checks the inclusion proof against the root in
//! the bundle's checkpoint, and renders the PDF again from what it extracted: the input must
//! be byte-identical. The checkpoint's signatures are the caller's to check (with the log key
//! and witness policy, which the PDF cannot supply): a changed byte in a signature line is
//! the one change this function cannot see.

use std::sync::{Arc, Mutex, OnceLock};

use base64::Engine as _;
use chrono::{Datelike, FixedOffset, SecondsFormat, Timelike};
use netral_domain::entri::{Entri, JenisEntri};
use netral_domain::pakta::rekaman::{GambarRekaman, RekamanTandaTangan};
use netral_domain::pakta::tanda_tangan::{CATATAN_PERWAKILAN, MetodeTandaTangan};
use netral_ledger::bundle::ProofBundle;
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::proof::verify_inclusion;
use pdf_writer::types::AssociationKind;
use sha2::{Digest, Sha256};

use crate::huruf::Gaya;
use crate::tata_letak::{
    ATAS, BAWAH, KIRI, LEBAR_ISI, Op, Pena, Rata, SPASI_BARIS, bungkus, tulis_baris,
};
use crate::{
    DataTandaTangan, GalatDokumen, GambarTtd, Goresan, IsiPakta, Kop, Lampiran, Penandatangan,
    Penyaji, Tambahan,
};

/// File name of the embedded record.
pub const NAMA_LAMPIRAN_REKAMAN: &str = "rekaman-tanda-tangan.json";
/// File name of the embedded proof bundle.
pub const NAMA_LAMPIRAN_BUKTI: &str = "bukti.tlog-proof";

const MIME_REKAMAN: &[u8] = b"application/json";
const MIME_BUKTI: &[u8] = b"text/plain";
/// [`MIME_REKAMAN`] as pdf-writer writes the name.
const SUBTIPE_REKAMAN: &[u8] = b"/Subtype /application#2Fjson";

/// Prepared templates kept for reuse (preparing one takes tens of milliseconds).
const MAKS_CACHE: usize = 16;

/// What [`periksa_pdf`] established.
#[derive(Debug, Clone, PartialEq)]
pub struct PdfTerperiksa {
    /// The embedded record (strictly parsed).
    pub rekaman: RekamanTandaTangan,
    /// The embedded `.tlog-proof` bundle, as embedded.
    pub bundle: Vec<u8>,
    /// RFC 6962 leaf hash of the entry in the bundle's `extra` line; the bundle must prove
    /// this leaf.
    pub hash_daun: [u8; 32],
}

/// Renders the pact PDF of a signature record. `hash_daun_hex` is the leaf hash (64
/// lowercase hex digits) the verification URL and QR code point to; `bundle` is the
/// `.tlog-proof` text proving that leaf. Same inputs, same bytes.
pub fn render_rekaman(
    rekaman: &RekamanTandaTangan,
    hash_daun_hex: &str,
    bundle: &[u8],
) -> Result<Vec<u8>, GalatDokumen> {
    rekaman
        .periksa()
        .map_err(|e| GalatDokumen::RekamanTidakSah(e.to_string()))?;
    if hash_daun_hex.len() != 64
        || !hash_daun_hex
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(GalatDokumen::Url(format!(
            "hash daun harus 64 digit heksadesimal huruf kecil, bukan {hash_daun_hex:?}"
        )));
    }
    let penyaji = penyaji_untuk(rekaman)?;
    let r = &rekaman.penanda;
    let p = Penandatangan {
        nama: r.nama.clone(),
        nip_tampil: r.nip_tampil.clone(),
        jenis_pegawai: r.jenis_pegawai.clone(),
        jabatan: r.jabatan.clone(),
        unit: r.unit.clone(),
    };
    let (waktu_wib, waktu_rfc3339) = waktu_wib(rekaman)?;
    let metode = rekaman.metode();
    let perwakilan = metode == Some(MetodeTandaTangan::Perwakilan) || !rekaman.mewakili.is_empty();
    let gambar_ttd = match &rekaman.gambar_ttd {
        None => None,
        Some(GambarRekaman::PngBase64(b64)) => Some(GambarTtd::Png(
            base64::engine::general_purpose::STANDARD
                .decode(b64)
                .map_err(|e| GalatDokumen::GambarTtd(format!("base64 tidak sah: {e}")))?,
        )),
        Some(GambarRekaman::Goresan {
            lebar,
            tinggi,
            garis,
        }) => Some(GambarTtd::Goresan(Goresan {
            lebar: *lebar,
            tinggi: *tinggi,
            garis: garis.clone(),
        })),
    };
    let t = DataTandaTangan {
        waktu_wib,
        waktu_rfc3339,
        tempat: rekaman.tempat.clone(),
        metode: match metode {
            Some(m) if perwakilan => {
                format!("{}; daftar pegawai yang diwakili pada lampiran", m.label())
            }
            Some(m) => m.label().to_owned(),
            None => String::new(),
        },
        gambar_ttd,
        url_verifikasi: rekaman.url_verifikasi(hash_daun_hex),
        hash_isi: rekaman.templat.hash_isi.clone(),
    };
    let kanonik = rekaman.kanonik();
    let tambahan = Tambahan {
        halaman: if perwakilan {
            halaman_perwakilan(&penyaji, rekaman)
        } else {
            Vec::new()
        },
        lampiran: vec![
            Lampiran {
                nama: NAMA_LAMPIRAN_REKAMAN,
                deskripsi: "Rekaman tanda tangan (NETRAL-TTD/1) yang menjadi sumber dokumen ini",
                mime: MIME_REKAMAN,
                relasi: AssociationKind::Source,
                isi: &kanonik,
            },
            Lampiran {
                nama: NAMA_LAMPIRAN_BUKTI,
                deskripsi: "Bukti pencatatan di log transparansi (c2sp.org/tlog-proof@v1)",
                mime: MIME_BUKTI,
                relasi: AssociationKind::Supplement,
                isi: bundle,
            },
        ],
    };
    penyaji.render_dengan(&p, &t, &tambahan)
}

/// Checks a pact PDF offline, except for the checkpoint signature (see the module docs).
pub fn periksa_pdf(pdf: &[u8]) -> Result<PdfTerperiksa, GalatDokumen> {
    if !pdf.starts_with(b"%PDF-") {
        return Err(GalatDokumen::BukanPdf);
    }
    let (json, bundle) = ambil_lampiran(pdf)?;
    let rekaman = RekamanTandaTangan::parse(json)
        .map_err(|e| GalatDokumen::RekamanTidakSah(e.to_string()))?;
    let teks = std::str::from_utf8(bundle)
        .map_err(|_| GalatDokumen::BundelTidakSah("bukan teks UTF-8".into()))?;
    let bukti =
        ProofBundle::parse(teks).map_err(|e| GalatDokumen::BundelTidakSah(e.to_string()))?;
    let entri_bytes = bukti.extra.as_deref().ok_or_else(|| {
        GalatDokumen::BundelTidakSah("bundel tidak memuat entri (baris extra)".into())
    })?;
    let entri = Entri::decode(entri_bytes)
        .map_err(|e| GalatDokumen::BundelTidakSah(format!("entri tidak sah: {e}")))?;
    if entri.jenis != JenisEntri::TandaTangan {
        return Err(GalatDokumen::BundelTidakSah(format!(
            "entri bukan tanda tangan pakta ({:?})",
            entri.jenis
        )));
    }
    if entri.hash_isi != rekaman.hash() {
        return Err(GalatDokumen::HashTidakCocok);
    }
    let hash_daun = netral_ledger::leaf_hash(entri_bytes);
    // The inclusion proof needs no key: check it here, so a changed proof or checkpoint body
    // fails without the policy. Only the signature lines are left to the caller.
    let (badan, _) = netral_ledger::note::split_note(&bukti.checkpoint)
        .map_err(|e| GalatDokumen::BundelTidakSah(format!("checkpoint: {e}")))?;
    let cp = Checkpoint::parse(badan)
        .map_err(|e| GalatDokumen::BundelTidakSah(format!("checkpoint: {e}")))?;
    verify_inclusion(bukti.index, cp.size, &hash_daun, &bukti.proof, &cp.root).map_err(|e| {
        GalatDokumen::BundelTidakSah(format!("bukti inklusi tidak cocok dengan checkpoint: {e}"))
    })?;
    let ulang = render_rekaman(&rekaman, &hex(&hash_daun), bundle)?;
    if ulang != pdf {
        return Err(GalatDokumen::IsiDiubah);
    }
    Ok(PdfTerperiksa {
        rekaman,
        bundle: bundle.to_vec(),
        hash_daun,
    })
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// Prepared templates by the digest of their letterhead and text, oldest first.
type CachePenyaji = Vec<([u8; 32], Arc<Penyaji>)>;

/// The prepared template of a record, from the cache or built now.
fn penyaji_untuk(r: &RekamanTandaTangan) -> Result<Arc<Penyaji>, GalatDokumen> {
    static CACHE: OnceLock<Mutex<CachePenyaji>> = OnceLock::new();
    let kop = Kop {
        pemda: r.pemda.clone(),
        alamat: r.alamat.clone(),
    };
    let t = &r.templat;
    let isi = IsiPakta {
        judul: t.judul.clone(),
        pembuka: t.pembuka.clone(),
        butir: t.butir.clone(),
        penutup: t.penutup.clone(),
        dasar_hukum: t.dasar_hukum.clone(),
    };
    let mut h = Sha256::new();
    let mut tambah = |s: &str| {
        h.update((s.len() as u64).to_be_bytes());
        h.update(s.as_bytes());
    };
    tambah(&kop.pemda);
    tambah(kop.alamat.as_deref().unwrap_or("\u{0}"));
    for s in [&isi.judul, &isi.pembuka, &isi.penutup] {
        tambah(s);
    }
    for daftar in [&isi.butir, &isi.dasar_hukum] {
        tambah(&daftar.len().to_string());
        for s in daftar {
            tambah(s);
        }
    }
    let kunci: [u8; 32] = h.finalize().into();
    let cache = CACHE.get_or_init(|| Mutex::new(Vec::new()));
    if let Some(p) = cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .iter()
        .find(|(k, _)| *k == kunci)
        .map(|(_, p)| p.clone())
    {
        return Ok(p);
    }
    let p = Arc::new(Penyaji::baru(&kop, &isi)?);
    let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
    if c.len() >= MAKS_CACHE {
        c.remove(0);
    }
    c.push((kunci, p.clone()));
    Ok(p)
}

const HARI: [&str; 7] = [
    "Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu",
];
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

/// The signing time in WIB (UTC+7): as printed (`Selasa, 24 November 2026 08.02 WIB`) and
/// as RFC 3339 (`2026-11-24T08:02:03+07:00`), exactly as the PDF shows it.
pub fn waktu_wib(r: &RekamanTandaTangan) -> Result<(String, String), GalatDokumen> {
    let wib =
        FixedOffset::east_opt(7 * 3600).ok_or_else(|| GalatDokumen::Waktu(r.waktu.clone()))?;
    let t = r
        .waktu_utc()
        .ok_or_else(|| GalatDokumen::Waktu(r.waktu.clone()))?
        .with_timezone(&wib);
    let cetak = format!(
        "{}, {} {} {} {:02}.{:02} WIB",
        HARI[t.weekday().num_days_from_monday() as usize],
        t.day(),
        BULAN[t.month0() as usize],
        t.year(),
        t.hour(),
        t.minute()
    );
    Ok((cetak, t.to_rfc3339_opts(SecondsFormat::Secs, false)))
}

/// The pages after the pact page of a representative signature: the note that it is not
/// each person's own consent, and the roster signed for.
fn halaman_perwakilan(penyaji: &Penyaji, r: &RekamanTandaTangan) -> Vec<Vec<Op>> {
    const S: f32 = 10.0;
    let l = S * SPASI_BARIS;
    let biasa = &penyaji.biasa;
    let tebal = &penyaji.tebal;
    let mut halaman = Vec::new();
    let mut ops = Vec::new();
    let judul = "LAMPIRAN: PEGAWAI YANG DIWAKILI";
    let mut y = Pena::baru(tebal, Gaya::Tebal, 12.0, Rata::Tengah)
        .tulis(&mut ops, judul, KIRI, LEBAR_ISI, ATAS);
    y -= 0.6 * S;
    let pengantar = format!(
        "{} menandatangani pakta integritas ini atas nama pegawai berikut.",
        crate::bersihkan(&r.penanda.nama)
    );
    y = Pena::baru(biasa, Gaya::Biasa, S, Rata::Kiri)
        .tulis(&mut ops, &pengantar, KIRI, LEBAR_ISI, y);
    y -= 0.4 * S;
    y = Pena::baru(tebal, Gaya::Tebal, S, Rata::KiriKanan).tulis(
        &mut ops,
        &format!("Catatan: {CATATAN_PERWAKILAN}"),
        KIRI,
        LEBAR_ISI,
        y,
    );
    y -= 0.8 * S;
    if r.mewakili.is_empty() {
        Pena::baru(biasa, Gaya::Biasa, S, Rata::Kiri).tulis(
            &mut ops,
            "(daftar pegawai tidak dicantumkan)",
            KIRI,
            LEBAR_ISI,
            y,
        );
    }
    let nomor_terlebar = format!("{}.", r.mewakili.len().max(8));
    let indent = biasa.lebar(&nomor_terlebar, S) + 0.7 * S;
    for (i, nama) in r.mewakili.iter().enumerate() {
        let baris = bungkus(biasa, &crate::bersihkan(nama), S, LEBAR_ISI - indent);
        if y - baris.len() as f32 * l < BAWAH {
            halaman.push(std::mem::take(&mut ops));
            y = Pena::baru(biasa, Gaya::Biasa, S, Rata::Kiri).tulis(
                &mut ops,
                "Pegawai yang diwakili (lanjutan)",
                KIRI,
                LEBAR_ISI,
                ATAS,
            );
            y -= 0.4 * S;
        }
        tulis_baris(
            &mut ops,
            &bungkus(biasa, &format!("{}.", i + 1), S, indent),
            KIRI,
            indent,
            y,
            Gaya::Biasa,
            S,
            Rata::Kiri,
        );
        y = tulis_baris(
            &mut ops,
            &baris,
            KIRI + indent,
            LEBAR_ISI - indent,
            y,
            Gaya::Biasa,
            S,
            Rata::Kiri,
        );
    }
    halaman.push(ops);
    halaman
}

/// The two associated files of a pact PDF, found where [`render_rekaman`] writes them: the
/// first two objects after the header, each an embedded file stream with an exact
/// `/Length`. Anything else is not a Netral pact PDF (and a lookalike that parses here still
/// has to re-render byte for byte).
fn ambil_lampiran(pdf: &[u8]) -> Result<(&[u8], &[u8]), GalatDokumen> {
    let tanpa = || GalatDokumen::TanpaLampiran;
    // Header line and binary marker line.
    let mut i = 0;
    for _ in 0..2 {
        i += pdf
            .get(i..)
            .and_then(|s| s.iter().position(|&b| b == b'\n'))
            .ok_or_else(tanpa)?
            + 1;
    }
    if pdf.get(i) == Some(&b'\n') {
        i += 1;
    }
    let mut rekaman = None;
    let mut bukti = None;
    for _ in 0..2 {
        let (kamus, isi, berikut) = aliran(pdf, i).ok_or_else(tanpa)?;
        if !cari(kamus, b"/Type /EmbeddedFile") {
            return Err(tanpa());
        }
        if cari(kamus, SUBTIPE_REKAMAN) {
            rekaman = Some(isi);
        } else {
            bukti = Some(isi);
        }
        i = berikut;
    }
    match (rekaman, bukti) {
        (Some(r), Some(b)) => Ok((r, b)),
        _ => Err(tanpa()),
    }
}

fn cari(h: &[u8], jarum: &[u8]) -> bool {
    h.windows(jarum.len()).any(|w| w == jarum)
}

/// Parses `N 0 obj\n<<…>>\nstream\n<Length bytes>\nendstream\nendobj\n` at `i`; returns the
/// dictionary, the stream data and the position after the object (and its blank line).
fn aliran(pdf: &[u8], i: usize) -> Option<(&[u8], &[u8], usize)> {
    let sisa = pdf.get(i..)?;
    let angka = sisa.iter().take_while(|b| b.is_ascii_digit()).count();
    if angka == 0 || angka > 10 {
        return None;
    }
    let sisa = sisa[angka..].strip_prefix(b" 0 obj\n<<")?;
    // The dictionary holds only names, numbers and a date: its end is the first `stream`.
    const AKHIR_KAMUS: &[u8] = b">>\nstream\n";
    let akhir = sisa
        .windows(AKHIR_KAMUS.len())
        .take(4096)
        .position(|w| w == AKHIR_KAMUS)?;
    let kamus = &sisa[..akhir];
    let posisi = kamus.windows(8).position(|w| w == b"/Length ")?;
    let panjang: usize = kamus[posisi + 8..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .try_fold(0usize, |n, d| {
            n.checked_mul(10)?.checked_add(usize::from(d - b'0'))
        })?;
    let data_mulai = akhir + AKHIR_KAMUS.len();
    let data = sisa.get(data_mulai..data_mulai.checked_add(panjang)?)?;
    let ekor = sisa[data_mulai + panjang..].strip_prefix(b"\nendstream\nendobj\n")?;
    let ekor = ekor.strip_prefix(b"\n").unwrap_or(ekor);
    Some((kamus, data, pdf.len() - ekor.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliran_menolak_yang_bukan_aliran() {
        assert!(
            aliran(
                b"12 0 obj\n<< /Length 3 >>\nstream\nabc\nendstream\nendobj\n",
                0
            )
            .is_some()
        );
        assert!(
            aliran(
                b"12 0 obj\n<< /Length 4 >>\nstream\nabc\nendstream\nendobj\n",
                0
            )
            .is_none()
        );
        assert!(
            aliran(
                b"12 0 obj\n<< /Length 99999999999999999999999 >>\nstream\n",
                0
            )
            .is_none()
        );
        assert!(aliran(b"x 0 obj", 0).is_none());
        assert!(aliran(b"", 5).is_none());
    }
}
