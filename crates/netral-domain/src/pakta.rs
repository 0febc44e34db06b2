//! Pakta integritas netralitas (DOMAIN.md §3.3, §3.4; LEDGER.md "Design recommendations" 1–3):
//! the election a pact is for, the versioned template and its canonical hash, the Indonesian
//! starter texts, the staged signing campaign, and the signatures, witness statements,
//! revocations and ikrar attendance it produces.
//!
//! Pure like the rest of the crate: no I/O, no async, no clock. Every function that needs
//! "now" takes it as a parameter.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub mod kampanye;
pub mod pemilihan;
pub mod rekaman;
pub mod tanda_tangan;
pub mod templat;
pub mod templat_awal;

pub use kampanye::{
    AlasanTolak, AnggotaTahap, Kampanye, KampanyeError, KampanyeId, KeadaanTahap, LingkupKampanye,
    PegawaiRingkas, RekapAngka, RekapKampanye, SifatTahap, TahapKampanye,
};
pub use pemilihan::{
    JenisPemilihan, JenisTahapan, Pemilihan, PemilihanError, PemilihanId, PosisiPenetapan,
    StatusPemilihan, Tahapan,
};
pub use rekaman::{
    FORMAT_REKAMAN, GalatRekaman, GambarRekaman, RekamanPenanda, RekamanTandaTangan,
    RekamanTemplat, entri_pencabutan, entri_saksi, teks_pencabutan, waktu_rekaman,
};
pub use tanda_tangan::{
    AcaraIkrar, AcaraIkrarId, JenisAcaraIkrar, KehadiranIkrar, MetodeTandaTangan, Pembatalan,
    PernyataanSaksi, Saksi, TandaTanganBaru, TandaTanganError, TandaTanganId, TandaTanganPakta,
};
pub use templat::{
    IsiPakta, ModePakta, PaktaError, PaktaTemplate, PaktaTemplateBaru, Perubahan, TemplateId,
};
pub use templat_awal::{JenisTemplatAwal, KonteksTemplat, templat_awal};

/// A SHA-256 digest written as 64 lower-case hex digits: the hash of a pact's canonical
/// text, of an evidence file, of a mandate, or a ledger leaf.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HashSha256(String);

/// A string that is not a SHA-256 hex digest.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("hash SHA-256 tidak sah: \"{0}\" (harus 64 digit heksadesimal)")]
pub struct HashTidakSah(pub String);

impl HashSha256 {
    /// Hashes bytes.
    pub fn dari_bytes(data: &[u8]) -> Self {
        HashSha256(hex::encode(Sha256::digest(data)))
    }

    /// Parses 64 hex digits (any case; stored lower case).
    pub fn parse(s: &str) -> Result<Self, HashTidakSah> {
        let t = s.trim();
        if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
            Ok(HashSha256(t.to_ascii_lowercase()))
        } else {
            Err(HashTidakSah(t.to_string()))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for HashSha256 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for HashSha256 {
    type Error = HashTidakSah;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        HashSha256::parse(&s)
    }
}

impl From<HashSha256> for String {
    fn from(h: HashSha256) -> String {
        h.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_of_empty_input_is_the_known_digest() {
        assert_eq!(
            HashSha256::dari_bytes(b"").as_str(),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn hash_parse_accepts_upper_case_and_rejects_junk() {
        let h = HashSha256::dari_bytes(b"netral");
        let up = h.as_str().to_ascii_uppercase();
        assert_eq!(HashSha256::parse(&up), Ok(h.clone()));
        assert!(HashSha256::parse("abc").is_err());
        assert!(HashSha256::parse(&"g".repeat(64)).is_err());
        assert_eq!(String::from(h.clone()), h.as_str());
    }
}
