//! Offline verification of `.tlog-proof` bundles, with Indonesian messages.
//!
//! [`verifikasi_bundle`] wraps [`netral_ledger::bundle::verify_bundle`]: it
//! checks that the checkpoint in the bundle is signed by a log the policy
//! trusts, that the witness cosignatures satisfy the policy quorum, and that
//! the entry is included in the tree at the given index.
//!
//! # Which entry?
//!
//! A bundle proves that *an entry* is in the log; the verifier must say which
//! ([`Daun`]):
//!
//! - [`Daun::Hash`]: the leaf hash (`SHA-256(0x00 ‖ entry)`), e.g. from the QR
//!   code on a pact or from `/v/{leaf_hash}`;
//! - [`Daun::Data`]: the entry bytes themselves (a leaf record file);
//! - [`Daun::Extra`]: the entry bytes carried in the bundle's `extra` line.
//!   `extra` is not authenticated by the bundle, but it is hashed here and the
//!   inclusion proof then shows that exactly these bytes are in the log. What
//!   it does **not** show is that the entry is about the document you hold:
//!   compare the entry with it.
//!
//! # Which policy?
//!
//! The trust decision is the verifier's, never the bundle's: a policy text
//! (C2SP tlog-policy) is required. [`teks_kebijakan`] builds one from an
//! optional policy file plus log vkeys (`netral verify --policy FILE --log
//! VKEY`): a national witness policy can be combined with one Pemda's log key.
//! With log keys only, the policy is `quorum none`: the log's signature and
//! the inclusion are checked, but no witness is required — the report then
//! says so ([`Laporan::tanpa_saksi`]), because such a proof does not rule out
//! a log that shows different histories to different people.

use netral_ledger::bundle::{ProofBundle, verify_bundle};
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::hash::{Hash, leaf_hash};
use netral_ledger::note::{self, NoteVerifier, Verifier};
use netral_ledger::policy::Policy;
use netral_ledger::{LedgerError, NoteError};

/// Which entry the bundle must prove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Daun<'a> {
    /// The RFC 6962 leaf hash.
    Hash(Hash),
    /// The entry bytes (hashed as a leaf).
    Data(&'a [u8]),
    /// The bundle's `extra` bytes (hashed as a leaf).
    Extra,
}

/// Where the verified leaf hash came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SumberDaun {
    /// Given as a hash.
    Hash,
    /// Hashed from entry bytes given by the verifier.
    Data,
    /// Hashed from the bundle's `extra` line.
    Extra,
}

/// What a successful verification established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Laporan {
    /// The log origin.
    pub origin: String,
    /// Tree size of the checkpoint.
    pub ukuran: u64,
    /// Root of the checkpoint.
    pub akar: Hash,
    /// Index of the entry.
    pub indeks: u64,
    /// The leaf hash proved.
    pub hash_daun: Hash,
    /// Where the leaf hash came from.
    pub sumber_daun: SumberDaun,
    /// The entry bytes, when they were given or taken from `extra`.
    pub entri: Option<Vec<u8>>,
    /// Witnesses (policy names) whose cosignatures verified, with their timestamps.
    pub saksi: Vec<(String, u64)>,
    /// The policy requires no witness (`quorum none`).
    pub tanpa_saksi: bool,
}

impl Laporan {
    /// The one-line verdict.
    pub fn putusan(&self) -> String {
        let saksi = if self.tanpa_saksi {
            "tanpa syarat saksi".to_owned()
        } else {
            format!(
                "dikosignasi {} saksi ({})",
                self.saksi.len(),
                self.saksi
                    .iter()
                    .map(|(n, _)| n.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        format!(
            "ASLI: entri tercatat di log {} pada indeks {} (ukuran {}), ditandatangani log, {saksi}",
            self.origin, self.indeks, self.ukuran
        )
    }

    /// Detail lines after the verdict.
    pub fn rincian(&self) -> Vec<String> {
        let mut r = vec![
            format!("log: {}", self.origin),
            format!("ukuran pohon: {}", self.ukuran),
            format!("akar: {}", hex::encode(self.akar)),
            format!("indeks entri: {}", self.indeks),
            format!(
                "hash daun: {} ({})",
                hex::encode(self.hash_daun),
                match self.sumber_daun {
                    SumberDaun::Hash => "diberikan",
                    SumberDaun::Data => "dihitung dari berkas entri",
                    SumberDaun::Extra => "dihitung dari baris extra bundel",
                }
            ),
        ];
        if let Some(e) = &self.entri {
            r.push(format!("entri: {}", tampilan_entri(e)));
        }
        for (nama, waktu) in &self.saksi {
            r.push(format!("kosignatur saksi {nama}: {}", waktu_utc(*waktu)));
        }
        if self.tanpa_saksi {
            r.push(
                "PERINGATAN: tidak ada kebijakan saksi (--policy); tanpa kosignatur saksi, \
                 bukti ini tidak menjamin bahwa log menunjukkan riwayat yang sama kepada semua orang"
                    .to_owned(),
            );
        }
        if self.sumber_daun == SumberDaun::Extra {
            r.push(
                "catatan: bukti ini menunjukkan bahwa entri di atas tercatat di log; \
                 cocokkan isinya dengan dokumen yang Anda pegang"
                    .to_owned(),
            );
        }
        r
    }
}

/// Why a bundle is not accepted (or could not be checked).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Galat {
    /// No policy and no log key.
    #[error("tidak ada kebijakan kepercayaan: berikan --policy FILE atau --log VKEY")]
    TanpaKebijakan,
    /// The policy (or a `--log` key) does not parse.
    #[error("kebijakan tidak valid: {0}")]
    KebijakanTidakValid(String),
    /// The bundle does not parse.
    #[error("berkas bukan bundel bukti .tlog-proof yang valid: {0}")]
    BundelTidakValid(String),
    /// No leaf given and the bundle has no `extra` line.
    #[error(
        "bundel tidak memuat entri (baris extra); berikan --leaf HEX atau --entry FILE untuk entri yang hendak diperiksa"
    )]
    TanpaDaun,
    /// The checkpoint's log is not in the policy.
    #[error("log {0} tidak dikenal oleh kebijakan")]
    LogTidakDikenal(String),
    /// The log's signature is missing or does not verify.
    #[error("tanda tangan log tidak sah: {0}")]
    TandaTanganLog(String),
    /// A witness cosignature by a known key does not verify.
    #[error("kosignatur saksi {0} tidak sah")]
    KosignaturTidakSah(String),
    /// Too few valid witness cosignatures.
    #[error("kuorum saksi tidak terpenuhi (kosignatur sah: {})", daftar(.0))]
    KuorumTidakTerpenuhi(Vec<String>),
    /// The inclusion proof does not lead to the checkpoint root.
    #[error("entri tidak terbukti tercatat di log: {0}")]
    TidakTercatat(String),
}

fn daftar(nama: &[String]) -> String {
    if nama.is_empty() {
        "tidak ada".to_owned()
    } else {
        nama.join(", ")
    }
}

/// Parses a leaf hash written as 64 hex digits (as in `/v/{leaf_hash}`).
pub fn hash_dari_hex(teks: &str) -> Option<Hash> {
    hex::decode(teks.trim()).ok()?.try_into().ok()
}

/// The policy text for a policy file and/or log vkeys (see the module
/// documentation). Log keys already in the policy are not repeated.
pub fn teks_kebijakan(kebijakan: Option<&str>, log_vkey: &[String]) -> Result<String, Galat> {
    let salah = |e: &dyn std::fmt::Display| Galat::KebijakanTidakValid(e.to_string());
    let mut teks = match kebijakan {
        Some(t) => {
            Policy::parse(t).map_err(|e| salah(&e))?;
            let mut t = t.to_owned();
            if !t.is_empty() && !t.ends_with('\n') {
                t.push('\n');
            }
            t
        }
        None if log_vkey.is_empty() => return Err(Galat::TanpaKebijakan),
        None => "quorum none\n".to_owned(),
    };
    let mut kunci = match kebijakan {
        Some(t) => Policy::parse(t)
            .map_err(|e| salah(&e))?
            .logs()
            .iter()
            .map(|l| *l.verifier.public_key())
            .collect(),
        None => Vec::new(),
    };
    for vkey in log_vkey {
        let v = Verifier::from_vkey(vkey.trim())
            .map_err(|e| Galat::KebijakanTidakValid(format!("kunci log \"{vkey}\": {e}")))?;
        if !kunci.contains(v.public_key()) {
            kunci.push(*v.public_key());
            teks.push_str(&format!("log {}\n", v.vkey()));
        }
    }
    Policy::parse(&teks).map_err(|e| salah(&e))?;
    Ok(teks)
}

/// Verifies a `.tlog-proof` bundle offline for the entry `daun` against the
/// tlog-policy `teks_kebijakan`.
pub fn verifikasi_bundle(
    teks_bundle: &str,
    daun: Daun<'_>,
    teks_kebijakan: &str,
) -> Result<Laporan, Galat> {
    let kebijakan =
        Policy::parse(teks_kebijakan).map_err(|e| Galat::KebijakanTidakValid(e.to_string()))?;
    let bundel =
        ProofBundle::parse(teks_bundle).map_err(|e| Galat::BundelTidakValid(e.to_string()))?;
    let (badan, _) =
        note::split_note(&bundel.checkpoint).map_err(|e| Galat::BundelTidakValid(e.to_string()))?;
    let origin = Checkpoint::parse(badan)
        .map_err(|e| Galat::BundelTidakValid(e.to_string()))?
        .origin;
    let (hash_daun, sumber_daun, entri) = match daun {
        Daun::Hash(h) => (h, SumberDaun::Hash, None),
        Daun::Data(d) => (leaf_hash(d), SumberDaun::Data, Some(d.to_vec())),
        Daun::Extra => {
            let e = bundel.extra.clone().ok_or(Galat::TanpaDaun)?;
            (leaf_hash(&e), SumberDaun::Extra, Some(e))
        }
    };
    let hasil = verify_bundle(&bundel, &hash_daun, &kebijakan).map_err(|e| match e {
        LedgerError::UnknownOrigin => Galat::LogTidakDikenal(origin.clone()),
        LedgerError::MissingLogSignature | LedgerError::Note(NoteError::NoVerifiedSignature) => {
            Galat::TandaTanganLog(format!("checkpoint tidak memuat tanda tangan log {origin}"))
        }
        LedgerError::Note(NoteError::InvalidSignature { name, .. }) => {
            if name == origin {
                Galat::TandaTanganLog(format!("tanda tangan oleh {name} tidak cocok"))
            } else {
                let nama = kebijakan
                    .witnesses()
                    .find(|(_, v)| v.name() == name)
                    .map_or(name, |(n, _)| n.to_owned());
                Galat::KosignaturTidakSah(nama)
            }
        }
        LedgerError::QuorumNotSatisfied => {
            Galat::KuorumTidakTerpenuhi(saksi_sah(&bundel.checkpoint, &kebijakan))
        }
        LedgerError::Proof(p) => Galat::TidakTercatat(p.to_string()),
        lain => Galat::BundelTidakValid(lain.to_string()),
    })?;
    Ok(Laporan {
        origin: hasil.checkpoint.origin,
        ukuran: hasil.checkpoint.size,
        akar: hasil.checkpoint.root,
        indeks: hasil.index,
        hash_daun,
        sumber_daun,
        entri,
        saksi: hasil.cosigners,
        tanpa_saksi: kebijakan.quorum_satisfied::<&str>(&[]),
    })
}

/// Policy names of the witnesses whose cosignatures verify on the checkpoint.
fn saksi_sah(checkpoint: &str, kebijakan: &Policy) -> Vec<String> {
    let Ok((badan, tanda)) = note::split_note(checkpoint) else {
        return Vec::new();
    };
    kebijakan
        .witnesses()
        .filter(|(_, v)| {
            tanda
                .iter()
                .any(|s| s.name == v.name() && s.key_id == v.key_id() && v.verify(badan, &s.sig))
        })
        .map(|(n, _)| n.to_owned())
        .collect()
}

/// The entry for display: text if it is printable UTF-8 (shortened), else hex.
fn tampilan_entri(e: &[u8]) -> String {
    const BATAS: usize = 200;
    match std::str::from_utf8(e) {
        Ok(t) if !t.chars().any(|c| c.is_control() && c != '\n') => {
            let satu: String = t.replace('\n', "⏎");
            if satu.chars().count() > BATAS {
                format!("{}…", satu.chars().take(BATAS).collect::<String>())
            } else {
                satu
            }
        }
        _ if e.len() > BATAS / 2 => {
            format!("{}… ({} byte, hex)", hex::encode(&e[..BATAS / 2]), e.len())
        }
        _ => format!("{} (hex)", hex::encode(e)),
    }
}

/// `YYYY-MM-DD hh:mm:ss UTC` for POSIX seconds.
pub fn waktu_utc(detik: u64) -> String {
    let hari = detik / 86_400;
    let sisa = detik % 86_400;
    // Civil date from days since 1970-01-01 (H. Hinnant's algorithm).
    let z = hari as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02} UTC",
        sisa / 3600,
        sisa % 3600 / 60,
        sisa % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(waktu_utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(waktu_utc(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(waktu_utc(1_893_456_000), "2030-01-01 00:00:00 UTC");
        assert_eq!(waktu_utc(1_700_000_000), "2023-11-14 22:13:20 UTC");
    }

    #[test]
    fn policy_text_needs_policy_or_log() {
        assert_eq!(teks_kebijakan(None, &[]), Err(Galat::TanpaKebijakan));
        assert!(matches!(
            teks_kebijakan(None, &["bukan-kunci".into()]),
            Err(Galat::KebijakanTidakValid(_))
        ));
        assert!(matches!(
            teks_kebijakan(Some("quorum"), &[]),
            Err(Galat::KebijakanTidakValid(_))
        ));
    }

    #[test]
    fn leaf_hash_from_hex() {
        let h = leaf_hash(b"");
        assert_eq!(hash_dari_hex(&hex::encode(h)), Some(h));
        assert_eq!(hash_dari_hex(&hex::encode(h).to_uppercase()), Some(h));
        assert_eq!(hash_dari_hex("abcd"), None);
        assert_eq!(hash_dari_hex("zz"), None);
    }

    #[test]
    fn entry_display() {
        assert_eq!(tampilan_entri(b"pakta 1"), "pakta 1");
        assert_eq!(tampilan_entri(&[0, 1]), "0001 (hex)");
        assert!(tampilan_entri(&[0; 300]).ends_with("(300 byte, hex)"));
    }
}
