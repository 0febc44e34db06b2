//! Verification of Merkle inclusion and consistency proofs, exactly as the
//! algorithms of RFC 9162 §2.1.3.2 and §2.1.4.2.
//!
//! Hashes are taken as byte slices so that proofs can be checked straight
//! from a wire format; any hash that is not 32 bytes long makes the proof
//! fail (roots are compared byte for byte). Pass a [`Hash`](type@crate::hash::Hash) as
//! `&hash` and a `Vec<Hash>` as `&proof`.

use crate::error::ProofError;
use crate::hash::{Hash, node_hash};

/// Verifies that `leaf_hash` is the leaf at `index` in the tree of `size`
/// leaves with root `root`, given the audit path `proof` (RFC 9162 §2.1.3.2).
pub fn verify_inclusion<H: AsRef<[u8]>>(
    index: u64,
    size: u64,
    leaf_hash: &[u8],
    proof: &[H],
    root: &[u8],
) -> Result<(), ProofError> {
    // 1. Reject if index >= size.
    if index >= size {
        return Err(ProofError::IndexOutOfRange { index, size });
    }
    // 2. fn = index, sn = size - 1, r = leaf hash.
    let mut fn_ = index;
    let mut sn = size - 1;
    let mut r = to_hash(leaf_hash)?;
    // 3. Fold in each proof hash.
    for p in proof {
        let p = to_hash(p.as_ref())?;
        if sn == 0 {
            return Err(ProofError::WrongProofLength);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            r = node_hash(&p, &r);
            if fn_ & 1 == 0 {
                while fn_ & 1 == 0 && fn_ != 0 {
                    fn_ >>= 1;
                    sn >>= 1;
                }
            }
        } else {
            r = node_hash(&r, &p);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    // 4. Accept only if sn == 0 and r equals the root.
    if sn != 0 {
        return Err(ProofError::WrongProofLength);
    }
    if r[..] != *root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

/// Verifies that the tree of `new_size` leaves with root `new_root` extends
/// the tree of `old_size` leaves with root `old_root`, given the consistency
/// proof `proof` (RFC 9162 §2.1.4.2).
///
/// Equal sizes need an empty proof and equal roots. A proof from the empty
/// tree (`old_size == 0`) is meaningless and always rejected; callers that
/// accept any first tree (trust on first use) handle that case themselves.
pub fn verify_consistency<H: AsRef<[u8]>>(
    old_size: u64,
    new_size: u64,
    proof: &[H],
    old_root: &[u8],
    new_root: &[u8],
) -> Result<(), ProofError> {
    if old_size > new_size {
        return Err(ProofError::OldSizeTooLarge {
            old: old_size,
            new: new_size,
        });
    }
    if old_size == 0 {
        return Err(ProofError::EmptyOldTree);
    }
    // 1. Equal sizes: empty proof and equal roots.
    if old_size == new_size {
        if !proof.is_empty() {
            return Err(ProofError::WrongProofLength);
        }
        if old_root != new_root {
            return Err(ProofError::RootMismatch);
        }
        return Ok(());
    }
    if proof.is_empty() {
        return Err(ProofError::WrongProofLength);
    }
    // 2. If the old size is a power of two, the old root is the first path element.
    let (first, rest) = if old_size.is_power_of_two() {
        (to_hash(old_root)?, proof)
    } else {
        (to_hash(proof[0].as_ref())?, &proof[1..])
    };
    // 3. fn = old - 1, sn = new - 1; shift both while fn is odd.
    let mut fn_ = old_size - 1;
    let mut sn = new_size - 1;
    while fn_ & 1 == 1 {
        fn_ >>= 1;
        sn >>= 1;
    }
    // 4. Both accumulators start from the first path element.
    let mut fr = first;
    let mut sr = first;
    // 5. Fold in the remaining hashes.
    for c in rest {
        let c = to_hash(c.as_ref())?;
        if sn == 0 {
            return Err(ProofError::WrongProofLength);
        }
        if fn_ & 1 == 1 || fn_ == sn {
            fr = node_hash(&c, &fr);
            sr = node_hash(&c, &sr);
            while fn_ & 1 == 0 && fn_ != 0 {
                fn_ >>= 1;
                sn >>= 1;
            }
        } else {
            sr = node_hash(&sr, &c);
        }
        fn_ >>= 1;
        sn >>= 1;
    }
    // 6. Accept only if both roots match and sn == 0.
    if sn != 0 {
        return Err(ProofError::WrongProofLength);
    }
    if fr[..] != *old_root || sr[..] != *new_root {
        return Err(ProofError::RootMismatch);
    }
    Ok(())
}

fn to_hash(bytes: &[u8]) -> Result<Hash, ProofError> {
    Hash::try_from(bytes).map_err(|_| ProofError::BadHashLength(bytes.len()))
}
