//! Port types of the transparency log (one log per instansi).
//!
//! Storage keeps four things per log, all keyed `(instansi_id, …)`:
//!
//! - the **head** row: origin, verifier key, the next leaf index (`urut`), how many leaves
//!   are integrated into the stored-hash tree (`pohon`) and the size of the latest signed
//!   checkpoint. Appends lock it (`FOR UPDATE` on PostgreSQL, the single writer on
//!   SQLite), so leaf indexes are dense and strictly sequenced even across processes;
//! - the **leaves**: index, leaf hash (unique per log: appends are deduplicated) and the
//!   canonical entry bytes;
//! - the **stored hashes** of the Merkle tree in the Go `sumdb/tlog` layout
//!   (`netral_ledger::tree::stored_hash_index`), written by the sequencer;
//! - every **signed checkpoint** (compare-and-swap on the previous size) and the witness
//!   **cosignature** lines received for them.
//!
//! Adapters never compute hashes beyond what they are given; the tree maths lives in
//! `netral-ledger` and the signing in `netral-app`.

use chrono::{DateTime, Utc};

use crate::InstansiId;

/// A 32-byte SHA-256 hash.
pub type Hash32 = [u8; 32];

/// The largest entry a leaf may carry (the entry-bundle limit of tlog-tiles).
pub const MAKS_ENTRI_DAUN: usize = u16::MAX as usize;

/// A leaf to append: its RFC 6962 leaf hash and the entry bytes it hashes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DaunBaru {
    pub hash: Hash32,
    pub entri: Vec<u8>,
}

impl DaunBaru {
    /// A leaf for `entri`, hashed as `SHA-256(0x00 ‖ entri)`.
    pub fn baru(entri: Vec<u8>) -> DaunBaru {
        DaunBaru {
            hash: netral_ledger::leaf_hash(&entri),
            entri,
        }
    }

    /// Checks the leaf before it is written: entry size within the bundle limit and the
    /// hash matching the entry. Adapters call this inside the append transaction.
    pub fn periksa(&self) -> crate::StoreResult<()> {
        if self.entri.len() > MAKS_ENTRI_DAUN {
            return Err(crate::StoreError::Konflik(format!(
                "entri log terlalu besar ({} bita, maksimum {MAKS_ENTRI_DAUN})",
                self.entri.len()
            )));
        }
        if netral_ledger::leaf_hash(&self.entri) != self.hash {
            return Err(crate::StoreError::Konflik(
                "hash daun tidak cocok dengan entrinya".into(),
            ));
        }
        Ok(())
    }
}

/// A stored leaf.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Daun {
    pub indeks: u64,
    pub hash: Hash32,
    pub entri: Vec<u8>,
}

/// The head of one log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InfoLog {
    pub instansi_id: InstansiId,
    /// Checkpoint origin and key name (`<host>/<kode>/<slug>`); `None` until the log's
    /// key is registered with [`crate::Store::daftarkan_log`].
    pub origin: Option<String>,
    /// The log's verifier key (`name+id+base64`), public.
    pub vkey: Option<String>,
    /// Leaves sequenced so far (the next leaf index).
    pub urut: u64,
    /// Leaves integrated into the stored-hash tree (`pohon <= urut`).
    pub pohon: u64,
    /// Size of the latest signed checkpoint.
    pub checkpoint: Option<u64>,
}

/// A signed checkpoint to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointBaru {
    pub ukuran: u64,
    pub akar: Hash32,
    /// The signed note text (body, blank line, the log's signature line).
    pub catatan: String,
    pub waktu: DateTime<Utc>,
}

/// A stored signed checkpoint.
pub type CheckpointTersimpan = CheckpointBaru;

/// Checks the arithmetic of a [`crate::Store::tulis_pohon`] call: growing sizes, hashes
/// starting at the stored-hash count of the old size and exactly covering the new leaves.
pub fn periksa_pohon(
    pohon_lama: u64,
    pohon_baru: u64,
    mulai: u64,
    jumlah: usize,
) -> crate::StoreResult<()> {
    use netral_ledger::tree::stored_hash_count;
    let ok = pohon_baru >= pohon_lama
        && pohon_baru <= netral_ledger::tree::MAX_TREE_SIZE
        && mulai == stored_hash_count(pohon_lama)
        && jumlah as u64 == stored_hash_count(pohon_baru) - stored_hash_count(pohon_lama);
    if ok {
        Ok(())
    } else {
        Err(crate::StoreError::Konflik(format!(
            "hash pohon tidak sesuai: {jumlah} hash mulai {mulai} untuk daun {pohon_lama}..{pohon_baru}"
        )))
    }
}

/// Converts a stored `i64` count or index back to `u64`.
pub fn ke_u64(x: i64) -> crate::StoreResult<u64> {
    u64::try_from(x)
        .map_err(|_| crate::StoreError::Backend(format!("nilai negatif tersimpan: {x}")))
}

/// Converts a `u64` count or index to the `i64` the databases store (logs stay far below).
pub fn ke_i64(x: u64) -> crate::StoreResult<i64> {
    i64::try_from(x).map_err(|_| crate::StoreError::Konflik(format!("indeks terlalu besar: {x}")))
}

/// A stored 32-byte hash column.
pub fn ke_hash(b: &[u8]) -> crate::StoreResult<Hash32> {
    b.try_into()
        .map_err(|_| crate::StoreError::Backend(format!("hash tersimpan {} bita", b.len())))
}
