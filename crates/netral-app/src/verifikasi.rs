//! Public verification of one log leaf (`/v/{leaf_hash}`, `/api/v1/verify/{leaf_hash}`):
//! the page a phone opens from a pact's QR code.
//!
//! Everything is checked **in this request**, from storage, never from a cache: the leaf is
//! found in one of the logs, its entry bytes re-hash to the leaf hash and decode as a
//! canonical Netral record of that log's instansi, the latest signed checkpoint verifies
//! with the log's registered key and matches its row, and an inclusion proof computed from
//! the stored tree verifies against the checkpoint's root. Witness cosignatures are listed
//! by key name; those by witnesses whose keys this process knows ([`App::kenal_saksi`],
//! from `--witness URL=VKEY`) are checked, the others are reported as "present, not
//! checked here" (an independent verifier checks them with `netral verify` and a
//! tlog-policy).
//!
//! Only what the leaf carries is shown: kind, instansi, time, content hash and ids. A person
//! appears in a leaf only as a salted commitment, which is reported as present or absent.
//! Unknown, altered or malformed hashes are a "not valid" result, not an error.

use chrono::{DateTime, Utc};
use netral_domain::entri::{Entri, JenisEntri, Pengenal};
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::cosig::{CosignatureVerifier, cosignature_timestamp};
use netral_ledger::note::{NoteVerifier, Signature, Verifier, append_signatures};
use netral_ledger::proof::verify_inclusion;
use netral_ledger::tree::prove_record;
use netral_ledger::{Hash, leaf_hash};

use crate::{App, AppError, AppResult};

/// The verdict of a verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusVerifikasi {
    /// In the log and covered by a signed checkpoint whose proof verified here.
    Asli,
    /// In the log, but newer than the latest signed checkpoint: not verifiable yet.
    MenungguCheckpoint,
    /// No log of this server holds a leaf with this hash.
    TidakDitemukan,
    /// Not 64 hexadecimal digits.
    TidakValid,
    /// The leaf exists but a check failed (signature, proof, entry): do not trust it.
    Gagal,
}

impl StatusVerifikasi {
    /// Stable machine code, used in the JSON answer (`status`).
    pub fn kode(self) -> &'static str {
        match self {
            StatusVerifikasi::Asli => "genuine",
            StatusVerifikasi::MenungguCheckpoint => "awaiting_checkpoint",
            StatusVerifikasi::TidakDitemukan => "not_found",
            StatusVerifikasi::TidakValid => "malformed",
            StatusVerifikasi::Gagal => "check_failed",
        }
    }
}

/// One check performed, in order; `kode` is stable (`leaf_found`, …) for texts and JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pemeriksaan {
    pub kode: &'static str,
    pub lulus: bool,
}

/// The record the leaf attests (no personal data: the leaf has none).
#[derive(Debug, Clone)]
pub struct EntriPublik {
    pub jenis: JenisEntri,
    pub instansi_kode: String,
    pub waktu: Option<DateTime<Utc>>,
    pub waktu_ms: u64,
    /// SHA-256 of the attested content, hex.
    pub hash_isi: String,
    /// The record's ids (meaning defined by the kind), as text.
    pub pengenal: Vec<String>,
    /// Whether the record names a person (as a salted commitment only).
    pub ada_komitmen: bool,
}

/// A witness cosignature line stored with the checkpoint.
#[derive(Debug, Clone)]
pub struct KosignaturPublik {
    /// The witness key name, e.g. `saksi.bawaslu.go.id`.
    pub nama: String,
    /// Key id, 8 hex digits.
    pub key_id: String,
    /// The cosignature's own timestamp, if it has the tlog-cosignature v1 shape.
    pub waktu: Option<DateTime<Utc>>,
    /// Whether its signature was checked in this request: only when this server knows the
    /// witness key ([`App::kenal_saksi`], from `--witness`).
    pub diperiksa: bool,
    /// Whether it verified (meaningful only when `diperiksa`).
    pub sah: bool,
}

/// The outcome of [`App::verifikasi_daun`].
#[derive(Debug, Clone)]
pub struct HasilVerifikasi {
    pub valid: bool,
    pub status: StatusVerifikasi,
    /// One Indonesian sentence explaining the verdict.
    pub alasan: String,
    /// The leaf hash asked for, lowercase hex (`None` when it was not a hash).
    pub leaf_hash: Option<String>,
    pub instansi_kode: Option<String>,
    pub instansi_nama: Option<String>,
    /// The log's origin (checkpoint first line).
    pub origin: Option<String>,
    pub entri: Option<EntriPublik>,
    pub leaf_index: Option<u64>,
    pub tree_size: Option<u64>,
    /// Root of the checkpoint, hex.
    pub akar: Option<String>,
    /// When the checkpoint was signed.
    pub waktu_checkpoint: Option<DateTime<Utc>>,
    /// The signed checkpoint note, verbatim, with the cosignatures appended.
    pub checkpoint: Option<String>,
    /// Audit path from the leaf to the root, hex.
    pub inclusion_proof: Vec<String>,
    pub kosignatur: Vec<KosignaturPublik>,
    pub pemeriksaan: Vec<Pemeriksaan>,
}

impl HasilVerifikasi {
    fn baru(status: StatusVerifikasi, alasan: impl Into<String>) -> Self {
        HasilVerifikasi {
            valid: false,
            status,
            alasan: alasan.into(),
            leaf_hash: None,
            instansi_kode: None,
            instansi_nama: None,
            origin: None,
            entri: None,
            leaf_index: None,
            tree_size: None,
            akar: None,
            waktu_checkpoint: None,
            checkpoint: None,
            inclusion_proof: Vec::new(),
            kosignatur: Vec::new(),
            pemeriksaan: Vec::new(),
        }
    }

    fn periksa(&mut self, kode: &'static str, lulus: bool) -> bool {
        self.pemeriksaan.push(Pemeriksaan { kode, lulus });
        lulus
    }

    fn gagal(mut self, alasan: impl Into<String>) -> Self {
        self.valid = false;
        self.status = StatusVerifikasi::Gagal;
        self.alasan = alasan.into();
        self
    }
}

/// Parses a leaf hash: exactly 64 hexadecimal digits (either case), surrounding spaces
/// ignored.
pub fn parse_hash_daun(s: &str) -> Option<Hash> {
    let s = s.trim();
    if s.len() != 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    hex::decode(s).ok()?.try_into().ok()
}

fn teks_pengenal(p: &Pengenal) -> String {
    match p {
        Pengenal::Angka(n) => n.to_string(),
        Pengenal::Teks(s) => s.clone(),
    }
}

impl App {
    /// Makes a witness key known, so the cosignatures it made are checked by
    /// [`App::verifikasi_daun`] (`netral serve --witness URL=VKEY` registers each).
    pub fn kenal_saksi(&self, saksi: CosignatureVerifier) {
        if let Ok(mut s) = self.log.saksi.write()
            && !s.contains(&saksi)
        {
            s.push(saksi);
        }
    }

    /// Verifies one leaf for the public (see the module documentation). Never an error for
    /// unknown, altered or malformed hashes; only storage failures are errors.
    pub async fn verifikasi_daun(&self, leaf_hash_hex: &str) -> AppResult<HasilVerifikasi> {
        let Some(hash) = parse_hash_daun(leaf_hash_hex) else {
            let mut h = HasilVerifikasi::baru(
                StatusVerifikasi::TidakValid,
                "Kode verifikasi tidak valid: harus 64 digit heksadesimal (hash daun SHA-256).",
            );
            h.periksa("hash_format", false);
            return Ok(h);
        };
        let mut h = HasilVerifikasi::baru(
            StatusVerifikasi::TidakDitemukan,
            "Tidak ada catatan dengan kode ini di log mana pun di server ini. \
             Dokumen yang kodenya diubah atau dipalsukan tidak akan ditemukan.",
        );
        h.leaf_hash = Some(hex::encode(hash));
        h.periksa("hash_format", true);

        // Find the leaf (hundreds of logs at most: one indexed lookup each).
        let mut ketemu = None;
        for info in self.store.daftar_log().await? {
            if let Some(i) = self.store.indeks_daun(info.instansi_id, &hash).await? {
                ketemu = Some((info, i));
                break;
            }
        }
        let Some((info, indeks)) = ketemu else {
            h.periksa("leaf_found", false);
            return Ok(h);
        };
        h.periksa("leaf_found", true);
        h.leaf_index = Some(indeks);
        h.origin = info.origin.clone();
        let id = info.instansi_id;
        let instansi = self.store.instansi(id).await?;
        if let Some(i) = &instansi {
            h.instansi_kode = Some(i.kode.to_string());
            h.instansi_nama = Some(i.nama.clone());
        }
        let nama_log = instansi
            .as_ref()
            .map(|i| i.nama.clone())
            .unwrap_or_else(|| "instansi".into());

        // The entry: bytes that hash to the leaf, a canonical record of this log's instansi.
        let daun = self.store.daun_log(id, indeks, indeks + 1).await?;
        let Some(daun) = daun.into_iter().find(|d| d.indeks == indeks) else {
            return Err(AppError::Internal(format!("daun #{indeks} hilang")));
        };
        if !h.periksa("entry_hash", leaf_hash(&daun.entri) == hash) {
            return Ok(h.gagal("Isi catatan tersimpan tidak cocok dengan kodenya."));
        }
        let entri = match Entri::decode(&daun.entri) {
            Ok(e) => e,
            Err(_) => {
                h.periksa("entry_canonical", false);
                return Ok(h.gagal("Catatan ini bukan catatan Netral yang sah."));
            }
        };
        let kode_cocok = h.instansi_kode.as_deref() == Some(entri.instansi.as_str());
        h.periksa("entry_canonical", kode_cocok);
        h.entri = Some(EntriPublik {
            jenis: entri.jenis,
            instansi_kode: entri.instansi.clone(),
            waktu: i64::try_from(entri.waktu_ms)
                .ok()
                .and_then(DateTime::<Utc>::from_timestamp_millis),
            waktu_ms: entri.waktu_ms,
            hash_isi: hex::encode(entri.hash_isi),
            pengenal: entri.pengenal.iter().map(teks_pengenal).collect(),
            ada_komitmen: entri.komitmen.is_some(),
        });
        if !kode_cocok {
            return Ok(h.gagal(format!(
                "Catatan ini menyebut instansi {} tetapi tersimpan di log {nama_log}.",
                entri.instansi
            )));
        }

        // The latest signed checkpoint must cover the leaf.
        let cp = self.store.checkpoint_terakhir(id).await?;
        let Some(cp) = cp.filter(|c| c.ukuran > indeks) else {
            h.periksa("checkpoint_covers", false);
            h.status = StatusVerifikasi::MenungguCheckpoint;
            h.alasan = format!(
                "Tercatat dalam log {nama_log}, tetapi belum dicakup checkpoint yang \
                 ditandatangani. Belum dapat diverifikasi; coba lagi sebentar lagi."
            );
            return Ok(h);
        };
        h.periksa("checkpoint_covers", true);
        h.tree_size = Some(cp.ukuran);
        h.akar = Some(hex::encode(cp.akar));
        h.waktu_checkpoint = Some(cp.waktu);

        // The checkpoint with its cosignatures, as served.
        let baris = self.store.kosignatur(id, cp.ukuran).await?;
        let sig: Vec<Signature> = baris
            .iter()
            .filter_map(|b| Signature::parse_line(b).ok())
            .collect();
        let teks = if sig.is_empty() {
            cp.catatan.clone()
        } else {
            append_signatures(&cp.catatan, &sig).unwrap_or_else(|_| cp.catatan.clone())
        };
        h.checkpoint = Some(teks.clone());
        h.kosignatur = sig
            .iter()
            .map(|s| KosignaturPublik {
                nama: s.name.clone(),
                key_id: format!("{:08x}", s.key_id),
                waktu: cosignature_timestamp(s)
                    .and_then(|t| i64::try_from(t).ok())
                    .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0)),
                diperiksa: false,
                sah: false,
            })
            .collect();

        // Its signature, with the log's registered key; its body matches its row.
        let verifier = info
            .vkey
            .as_deref()
            .and_then(|v| Verifier::from_vkey(v).ok());
        let terbuka = verifier
            .as_ref()
            .and_then(|v| Checkpoint::open(&teks, &[v]).ok());
        let ttd_ok = terbuka.as_ref().is_some_and(|(isi, note)| {
            Some(&isi.origin) == info.origin.as_ref()
                && isi.size == cp.ukuran
                && isi.root == cp.akar
                && note
                    .verified
                    .iter()
                    .any(|s| Some(&s.name) == info.origin.as_ref())
        });
        // Cosignatures by witnesses whose keys this server knows are checked; the others
        // are only listed.
        if let Some((_, note)) = &terbuka
            && let Ok(saksi) = self.log.saksi.read()
        {
            for (k, s) in h.kosignatur.iter_mut().zip(&sig) {
                if let Some(v) = saksi
                    .iter()
                    .find(|v| v.name() == s.name && v.key_id() == s.key_id)
                {
                    k.diperiksa = true;
                    k.sah = v.verify(&note.body, &s.sig);
                }
            }
        }
        if !h.periksa("checkpoint_signature", ttd_ok) {
            return Ok(h.gagal(
                "Tanda tangan checkpoint log tidak sah. Jangan percayai catatan ini; \
                 laporkan ke pengelola.",
            ));
        }

        // The inclusion proof, computed from the stored tree and verified here.
        let bukti = match self
            .dengan_hash(id, |r| prove_record(cp.ukuran, indeks, r))
            .await
        {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = ?e, indeks, "bukti inklusi tidak dapat dihitung");
                h.periksa("inclusion_proof", false);
                return Ok(h.gagal(
                    "Bukti inklusi tidak dapat dihitung dari pohon log. Jangan percayai \
                     catatan ini; laporkan ke pengelola.",
                ));
            }
        };
        h.inclusion_proof = bukti.iter().map(hex::encode).collect();
        let ok = verify_inclusion(indeks, cp.ukuran, &hash, &bukti, &cp.akar).is_ok();
        if !h.periksa("inclusion_proof", ok) {
            return Ok(h.gagal(
                "Bukti inklusi tidak cocok dengan akar checkpoint. Jangan percayai catatan \
                 ini; laporkan ke pengelola.",
            ));
        }
        h.valid = true;
        h.status = StatusVerifikasi::Asli;
        h.alasan = format!(
            "ASLI — tercatat dalam log {nama_log} dan dicakup checkpoint yang ditandatangani \
             (ukuran {}).",
            cp.ukuran
        );
        Ok(h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_daun_64_hex_either_case() {
        let h = "E3b4de145494ac4b285029f0d1fed390097eecc42338dffb895470781ec9d988";
        assert_eq!(parse_hash_daun(h).map(hex::encode), Some(h.to_lowercase()));
        assert!(parse_hash_daun(&format!("  {h}\n")).is_some());
        for bad in [
            "",
            "xyz",
            &h[..63],
            &format!("{h}0"),
            &format!("{}zz", &h[..62]),
        ] {
            assert!(parse_hash_daun(bad).is_none(), "{bad}");
        }
        assert!(parse_hash_daun(&format!("+{}", &h[1..])).is_none());
    }
}
