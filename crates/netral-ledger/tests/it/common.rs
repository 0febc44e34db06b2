//! Shared helpers: an independent RFC 6962 reference implementation of audit
//! paths and consistency proofs, straight from the definitions in §2.1.1 and
//! §2.1.2, used to cross-check the stored-hash implementation.

use std::sync::OnceLock;

use netral_ledger::hash::{Hash, leaf_hash};
use netral_ledger::tree::{MemoryHashStore, root_from_leaf_hashes};

/// Largest power of two strictly below `n` (n >= 2).
fn split(n: usize) -> usize {
    let mut k = 1;
    while k * 2 < n {
        k *= 2;
    }
    k
}

/// PATH(m, D[n]) of RFC 6962 §2.1.1.
pub fn reference_path(m: usize, leaves: &[Hash]) -> Vec<Hash> {
    let n = leaves.len();
    if n <= 1 {
        return Vec::new();
    }
    let k = split(n);
    if m < k {
        let mut p = reference_path(m, &leaves[..k]);
        p.push(root_from_leaf_hashes(&leaves[k..]));
        p
    } else {
        let mut p = reference_path(m - k, &leaves[k..]);
        p.push(root_from_leaf_hashes(&leaves[..k]));
        p
    }
}

/// PROOF(m, D[n]) of RFC 6962 §2.1.2.
pub fn reference_consistency(m: usize, leaves: &[Hash]) -> Vec<Hash> {
    fn subproof(m: usize, leaves: &[Hash], complete: bool) -> Vec<Hash> {
        let n = leaves.len();
        if m == n {
            return if complete {
                Vec::new()
            } else {
                vec![root_from_leaf_hashes(leaves)]
            };
        }
        let k = split(n);
        if m <= k {
            let mut p = subproof(m, &leaves[..k], complete);
            p.push(root_from_leaf_hashes(&leaves[k..]));
            p
        } else {
            let mut p = subproof(m - k, &leaves[k..], false);
            p.push(root_from_leaf_hashes(&leaves[..k]));
            p
        }
    }
    subproof(m, leaves, true)
}

/// Leaf hashes of the test log: leaf i hashes the big-endian bytes of i.
pub fn test_leaf(i: u64) -> Hash {
    leaf_hash(&i.to_be_bytes())
}

/// The number of leaves of the shared test log.
pub const BIG: u64 = 10_000;

/// A log of [`BIG`] test leaves, built once; any prefix size is a valid tree.
pub fn big_log() -> &'static (MemoryHashStore, Vec<Hash>) {
    static LOG: OnceLock<(MemoryHashStore, Vec<Hash>)> = OnceLock::new();
    LOG.get_or_init(|| {
        let mut store = MemoryHashStore::with_capacity(BIG as usize);
        let mut leaves = Vec::with_capacity(BIG as usize);
        for i in 0..BIG {
            let h = test_leaf(i);
            store.append_leaf_hash(h).expect("append");
            leaves.push(h);
        }
        (store, leaves)
    })
}

/// Flips bit `bit` (mod 256) of a hash.
pub fn flip(h: &Hash, bit: usize) -> Hash {
    let mut h = *h;
    h[(bit / 8) % 32] ^= 1 << (bit % 8);
    h
}
