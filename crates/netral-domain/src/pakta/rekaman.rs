//! The signature record ("rekaman tanda tangan", format `NETRAL-TTD/1`): everything a pact
//! PDF shows, in one canonical JSON document whose SHA-256 is the `hash_isi` of the
//! signature's log entry.
//!
//! Why the leaf commits to the record and not to the PDF: the PDF carries a QR code with the
//! leaf hash, so the leaf cannot also contain the PDF's hash. The PDF is rendered
//! deterministically from this record, which is embedded in it; a verifier extracts the record,
//! checks its hash against the entry proved by the embedded proof bundle, renders the PDF again
//! from the record and compares the bytes. One changed byte anywhere fails.
//!
//! The record carries a random `nonce` so its hash reveals nothing about the signer to
//! someone who guesses the other fields. It stays out of the log (only its hash goes in) and
//! is kept by the Pemda and in the signer's own PDF.
//!
//! Canonical form: `serde_json::to_vec` of [`RekamanTandaTangan`] (fields in declaration
//! order, no whitespace). [`RekamanTandaTangan::parse`] accepts only bytes that re-encode
//! to themselves, so one record has one encoding.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};

use super::HashSha256;
use super::tanda_tangan::{MetodeTandaTangan, PernyataanSaksi};
use crate::entri::{Entri, JenisEntri, Pengenal};

/// The format tag of version 1.
pub const FORMAT_REKAMAN: &str = "NETRAL-TTD/1";

/// Largest accepted record, in bytes (a drawn signature is a few KB).
pub const MAKS_REKAMAN: usize = 256 * 1024;

/// The pact text as signed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RekamanTemplat {
    pub id: u64,
    pub versi: u32,
    /// SHA-256 of the template's canonical text (`NETRAL-PAKTA/1`), lowercase hex.
    pub hash_isi: String,
    pub judul: String,
    pub pembuka: String,
    pub butir: Vec<String>,
    pub penutup: String,
    pub dasar_hukum: Vec<String>,
    pub nomor_se: Option<String>,
}

/// The signer as printed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RekamanPenanda {
    pub nama: String,
    /// NIP or NI PPPK as printed; `None` for non-ASN (their NIK is never printed).
    pub nip_tampil: Option<String>,
    /// Employment type label, e.g. "PNS".
    pub jenis_pegawai: String,
    pub jabatan: Option<String>,
    pub unit: Option<String>,
}

/// A handwritten signature: PNG bytes (base64) or strokes drawn on a phone.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "snake_case")]
pub enum GambarRekaman {
    /// Standard base64 of a PNG file.
    PngBase64(String),
    /// Strokes in a `lebar` × `tinggi` box, y downwards; each stroke a list of points.
    Goresan {
        lebar: f32,
        tinggi: f32,
        garis: Vec<Vec<(f32, f32)>>,
    },
}

/// The signature record. See the module documentation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RekamanTandaTangan {
    /// Always [`FORMAT_REKAMAN`].
    pub format: String,
    /// Kode wilayah of the instansi, e.g. `19.71`.
    pub instansi_kode: String,
    /// Pemda name for the letterhead, e.g. "PEMERINTAH KOTA PANGKALPINANG".
    pub pemda: String,
    pub alamat: Option<String>,
    pub templat: RekamanTemplat,
    pub kampanye_id: Option<u64>,
    pub penanda: RekamanPenanda,
    /// RFC 3339 UTC with milliseconds, e.g. `2026-11-24T01:02:03.456Z`.
    pub waktu: String,
    /// Place as printed ("Pangkalpinang").
    pub tempat: String,
    /// [`MetodeTandaTangan`] code.
    pub metode: String,
    pub gambar_ttd: Option<GambarRekaman>,
    /// SHA-256 (hex) of the evidence file: paper scan, TTE-signed PDF.
    pub bukti_hash: Option<String>,
    /// PERWAKILAN: the people signed for, as printed (name and masked NIP), in roster order.
    pub mewakili: Vec<String>,
    /// PERWAKILAN: SHA-256 (hex) of the mandate document, if any.
    pub mandat_hash: Option<String>,
    /// The verification URL without the leaf hash, e.g. `https://pakta.example.go.id/v/`.
    pub url_verifikasi_dasar: String,
    /// 16 random bytes, lowercase hex.
    pub nonce: String,
}

/// Why bytes are not a valid record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GalatRekaman {
    #[error("rekaman tanda tangan terlalu besar ({0} bita)")]
    TerlaluBesar(usize),
    #[error("rekaman tanda tangan bukan JSON yang sah: {0}")]
    Json(String),
    #[error("format rekaman {0:?} tidak dikenal")]
    Format(String),
    #[error("rekaman tanda tangan tidak dalam bentuk kanonik")]
    TidakKanonik,
    #[error("isian rekaman {0} tidak sah")]
    Isian(&'static str),
}

impl RekamanTandaTangan {
    /// The canonical bytes.
    pub fn kanonik(&self) -> Vec<u8> {
        // A struct of strings, numbers and vectors always serializes.
        serde_json::to_vec(self).unwrap_or_default()
    }

    /// SHA-256 of the canonical bytes: the entry's `hash_isi`.
    pub fn hash(&self) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        Sha256::digest(self.kanonik()).into()
    }

    /// Strictly parses canonical bytes.
    pub fn parse(bytes: &[u8]) -> Result<Self, GalatRekaman> {
        if bytes.len() > MAKS_REKAMAN {
            return Err(GalatRekaman::TerlaluBesar(bytes.len()));
        }
        let r: RekamanTandaTangan =
            serde_json::from_slice(bytes).map_err(|e| GalatRekaman::Json(e.to_string()))?;
        if r.format != FORMAT_REKAMAN {
            return Err(GalatRekaman::Format(r.format));
        }
        if r.kanonik() != bytes {
            return Err(GalatRekaman::TidakKanonik);
        }
        r.periksa()?;
        Ok(r)
    }

    /// Field checks shared by building and parsing.
    pub fn periksa(&self) -> Result<(), GalatRekaman> {
        if HashSha256::parse(&self.templat.hash_isi).is_err() {
            return Err(GalatRekaman::Isian("templat.hash_isi"));
        }
        if self.waktu_utc().is_none() {
            return Err(GalatRekaman::Isian("waktu"));
        }
        if MetodeTandaTangan::parse(&self.metode).is_err() {
            return Err(GalatRekaman::Isian("metode"));
        }
        if self.nonce.len() != 32 || hex::decode(&self.nonce).is_err() {
            return Err(GalatRekaman::Isian("nonce"));
        }
        for (h, kolom) in [
            (&self.bukti_hash, "bukti_hash"),
            (&self.mandat_hash, "mandat_hash"),
        ] {
            if let Some(h) = h
                && HashSha256::parse(h).is_err()
            {
                return Err(GalatRekaman::Isian(kolom));
            }
        }
        if self.penanda.nama.trim().is_empty() {
            return Err(GalatRekaman::Isian("penanda.nama"));
        }
        Ok(())
    }

    /// The signing time.
    pub fn waktu_utc(&self) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(&self.waktu)
            .ok()
            .map(|t| t.with_timezone(&Utc))
    }

    /// The method.
    pub fn metode(&self) -> Option<MetodeTandaTangan> {
        MetodeTandaTangan::parse(&self.metode).ok()
    }

    /// The log entry attesting this record. `komitmen` is the salted commitment to the
    /// signer's identifier, computed by the application.
    pub fn entri(&self, komitmen: [u8; 32]) -> Entri {
        self.entri_dari_kanonik(&self.kanonik(), komitmen)
    }

    /// [`Self::entri`] from the canonical bytes already serialized by the caller (the
    /// signing path keeps them as the stored record): the record is not serialized again.
    pub fn entri_dari_kanonik(&self, kanonik: &[u8], komitmen: [u8; 32]) -> Entri {
        use sha2::{Digest, Sha256};
        debug_assert_eq!(
            kanonik,
            self.kanonik().as_slice(),
            "bukan bentuk kanonik rekaman ini"
        );
        let waktu_ms = self
            .waktu_utc()
            .map(|t| t.timestamp_millis().max(0) as u64)
            .unwrap_or(0);
        Entri {
            jenis: JenisEntri::TandaTangan,
            instansi: self.instansi_kode.clone(),
            pengenal: vec![
                Pengenal::Angka(self.templat.id),
                Pengenal::Angka(u64::from(self.templat.versi)),
                Pengenal::Angka(self.kampanye_id.unwrap_or(0)),
            ],
            waktu_ms,
            hash_isi: Sha256::digest(kanonik).into(),
            komitmen: Some(komitmen),
        }
    }

    /// The full verification URL for a leaf hash.
    pub fn url_verifikasi(&self, hash_daun_hex: &str) -> String {
        format!("{}{hash_daun_hex}", self.url_verifikasi_dasar)
    }
}

/// Formats a time the way records store it.
pub fn waktu_rekaman(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The log entry of a witness statement: ids `[signature id]`, content = the statement's
/// hash, no personal commitment (the witness is named in the statement).
pub fn entri_saksi(instansi_kode: &str, p: &PernyataanSaksi) -> Entri {
    let hash = p.hash();
    Entri {
        jenis: JenisEntri::PernyataanSaksi,
        instansi: instansi_kode.to_string(),
        pengenal: vec![
            Pengenal::Angka(p.tanda_tangan_id.0 as u64),
            Pengenal::Teks(p.hash_daun.as_str().to_string()),
        ],
        waktu_ms: p.waktu.timestamp_millis().max(0) as u64,
        hash_isi: hash_bytes(&hash),
        komitmen: None,
    }
}

/// The text a revocation entry hashes: the revoked leaf, the time, the reason and who.
pub fn teks_pencabutan(
    hash_daun: &HashSha256,
    waktu: DateTime<Utc>,
    alasan: &str,
    oleh: &str,
) -> String {
    format!(
        "NETRAL-BATAL/1\ndaun: {}\nwaktu: {}\nalasan: {}\noleh: {}\n",
        hash_daun,
        waktu_rekaman(waktu),
        alasan,
        oleh
    )
}

/// The log entry of a revocation: ids `[signature id, revoked leaf hash]`, content = the
/// hash of [`teks_pencabutan`], the same commitment as the revoked signature.
pub fn entri_pencabutan(
    instansi_kode: &str,
    tanda_tangan_id: u64,
    hash_daun: &HashSha256,
    waktu: DateTime<Utc>,
    alasan: &str,
    oleh: &str,
    komitmen: Option<[u8; 32]>,
) -> Entri {
    let teks = teks_pencabutan(hash_daun, waktu, alasan, oleh);
    Entri {
        jenis: JenisEntri::Pencabutan,
        instansi: instansi_kode.to_string(),
        pengenal: vec![
            Pengenal::Angka(tanda_tangan_id),
            Pengenal::Teks(hash_daun.as_str().to_string()),
        ],
        waktu_ms: waktu.timestamp_millis().max(0) as u64,
        hash_isi: hash_bytes(&HashSha256::dari_bytes(teks.as_bytes())),
        komitmen,
    }
}

fn hash_bytes(h: &HashSha256) -> [u8; 32] {
    let mut out = [0u8; 32];
    if let Ok(v) = hex::decode(h.as_str()) {
        out.copy_from_slice(&v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn contoh() -> RekamanTandaTangan {
        RekamanTandaTangan {
            format: FORMAT_REKAMAN.into(),
            instansi_kode: "19.71".into(),
            pemda: "PEMERINTAH KOTA PANGKALPINANG".into(),
            alamat: Some("Jl. Rasakunda No. 1".into()),
            templat: RekamanTemplat {
                id: 1,
                versi: 1,
                hash_isi: "ab".repeat(32),
                judul: "PAKTA INTEGRITAS NETRALITAS ASN".into(),
                pembuka: "Saya yang bertanda tangan di bawah ini:".into(),
                butir: vec!["Menjaga netralitas.".into(), "Menolak politik uang.".into()],
                penutup: "Demikian pakta integritas ini saya buat.".into(),
                dasar_hukum: vec!["UU 20/2023".into()],
                nomor_se: None,
            },
            kampanye_id: Some(3),
            penanda: RekamanPenanda {
                nama: "Siti Aminah".into(),
                nip_tampil: Some("198501012010012001".into()),
                jenis_pegawai: "PNS".into(),
                jabatan: Some("Analis SDM".into()),
                unit: Some("BKPSDM".into()),
            },
            waktu: "2026-11-24T01:02:03.456Z".into(),
            tempat: "Pangkalpinang".into(),
            metode: "DARING_OTP".into(),
            gambar_ttd: Some(GambarRekaman::Goresan {
                lebar: 300.0,
                tinggi: 100.0,
                garis: vec![vec![(1.5, 2.25), (30.0, 40.125)]],
            }),
            bukti_hash: None,
            mewakili: vec![],
            mandat_hash: None,
            url_verifikasi_dasar: "https://pakta.example.go.id/v/".into(),
            nonce: "00112233445566778899aabbccddeeff".into(),
        }
    }

    #[test]
    fn entri_dari_kanonik_sama_dengan_entri() {
        let r = contoh();
        let k = [7u8; 32];
        assert_eq!(r.entri_dari_kanonik(&r.kanonik(), k), r.entri(k));
        assert_eq!(r.entri(k).hash_isi, r.hash());
    }

    #[test]
    fn kanonik_bolak_balik() {
        let r = contoh();
        let b = r.kanonik();
        assert_eq!(RekamanTandaTangan::parse(&b).unwrap(), r);
        // Whitespace makes it non-canonical.
        let mut spasi = b.clone();
        spasi.insert(1, b' ');
        assert_eq!(
            RekamanTandaTangan::parse(&spasi),
            Err(GalatRekaman::TidakKanonik)
        );
    }

    #[test]
    fn hash_berubah_bila_isian_berubah() {
        let a = contoh();
        let mut b = contoh();
        b.penanda.nama = "Siti Aminah ".into();
        assert_ne!(a.hash(), b.hash());
        let e = a.entri([7; 32]);
        assert_eq!(e.hash_isi, a.hash());
        assert_eq!(e.jenis, JenisEntri::TandaTangan);
        assert_eq!(Entri::decode(&e.encode().unwrap()).unwrap(), e);
    }

    #[test]
    fn tolak_isian_rusak() {
        let mut r = contoh();
        r.nonce = "xyz".into();
        assert_eq!(
            RekamanTandaTangan::parse(&r.kanonik()),
            Err(GalatRekaman::Isian("nonce"))
        );
        let mut r = contoh();
        r.format = "NETRAL-TTD/9".into();
        assert!(matches!(
            RekamanTandaTangan::parse(&r.kanonik()),
            Err(GalatRekaman::Format(_))
        ));
        let mut r = contoh();
        r.metode = "SULAP".into();
        assert_eq!(
            RekamanTandaTangan::parse(&r.kanonik()),
            Err(GalatRekaman::Isian("metode"))
        );
        assert!(matches!(
            RekamanTandaTangan::parse(b"{\"format\":1}"),
            Err(GalatRekaman::Json(_))
        ));
    }
}
