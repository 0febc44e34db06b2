//! A storage-agnostic Merkle tree over *stored hashes* (the model of Go's
//! `golang.org/x/mod/sumdb/tlog`).
//!
//! Every complete subtree of the log has one hash, stored at a dense linear
//! position given by [`stored_hash_index`] (Crosby and Wallach, "Efficient Data
//! Structures for Tamper-Evident Logging", §3.3). Appending record `n` adds the
//! leaf hash plus one hash per subtree that the record completes, on average
//! just under two hashes per record; [`stored_hashes_for_record`] computes them.
//! Roots and proofs for any tree size are then computed from those stored
//! hashes through a [`HashReader`], which the caller can back with a database
//! table, files, tiles, or the in-memory [`MemoryHashStore`].
//!
//! The resulting roots and proofs are exactly those of RFC 6962 §2.1; verify
//! them with [`crate::proof`].

use crate::error::LedgerError;
use crate::hash::{Hash, empty_root, leaf_hash, node_hash};

/// The largest tree size this crate works with (2^62 records).
///
/// Keeps every stored-hash index well inside `u64`; a real log never comes close.
pub const MAX_TREE_SIZE: u64 = 1 << 62;

/// Reads stored hashes by their [`stored_hash_index`].
///
/// Implementations must return exactly one hash per requested index, in the
/// same order, or an error. Requests are sorted in increasing order when that
/// is cheap, which lets database-backed readers use one range query.
pub trait HashReader {
    /// Returns the hashes stored at `indexes`.
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, LedgerError>;
}

impl<R: HashReader + ?Sized> HashReader for &R {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, LedgerError> {
        (**self).read_hashes(indexes)
    }
}

/// Maps tree coordinates (`level`, `n`) — the `n`-th hash at height `level`,
/// covering records `[n·2^level, (n+1)·2^level)` — to the dense storage index.
///
/// Hashes are numbered in the order they become known while appending
/// records: record `n`'s leaf hash, then the hashes of the subtrees it
/// completes, bottom up. The result is meaningful for coordinates of trees up
/// to [`MAX_TREE_SIZE`]; other inputs give an unspecified value (never a panic).
pub fn stored_hash_index(level: u32, n: u64) -> u64 {
    // Level L's n-th hash is written right after level L+1's 2n+1-th hash:
    // walk down to the level-0 record that completes this subtree.
    let mut n = n;
    for _ in 0..level.min(64) {
        n = n.wrapping_mul(2).wrapping_add(1);
    }
    // Record n's leaf hash is stored at n + n/2 + n/4 + ...
    let mut i = 0u64;
    while n > 0 {
        i = i.wrapping_add(n);
        n >>= 1;
    }
    i.wrapping_add(u64::from(level))
}

/// The inverse of [`stored_hash_index`]: returns (`level`, `n`).
pub fn split_stored_hash_index(index: u64) -> (u32, u64) {
    // stored_hash_index(0, n) < 2n, so the record n that wrote this hash is in
    // [index/2, index/2 + log2(index)].
    let mut n = index / 2;
    let mut index_n = stored_hash_index(0, n);
    debug_assert!(index_n <= index);
    // Record n+1 starts 1 + trailing_ones(n) hashes after record n.
    while let Some(x) = index_n
        .checked_add(1 + u64::from((n + 1).trailing_zeros()))
        .filter(|&x| x <= index)
    {
        n += 1;
        index_n = x;
    }
    // The hash was written with record n: it is one of (0, n), (1, n/2), (2, n/4), ...
    let level = u32::try_from(index - index_n).unwrap_or(u32::MAX).min(63);
    (level, n >> level)
}

/// The number of stored hashes of a tree with `n` records.
pub fn stored_hash_count(n: u64) -> u64 {
    if n == 0 {
        return 0;
    }
    // Hashes up to and including the last leaf hash, then one per subtree that
    // the last leaf completes (one per trailing 1 bit of n-1).
    stored_hash_index(0, n - 1)
        .wrapping_add(1)
        .wrapping_add(u64::from((n - 1).trailing_ones()))
}

/// The hashes to persist when appending record `n` with the given leaf hash,
/// to be stored starting at `stored_hash_index(0, n)`.
///
/// The first element is `leaf_hash` itself, followed by one hash for each
/// subtree completed by record `n` (at most `1 + log2 n` in total). Reads up to
/// `log2 n` earlier hashes from `reader`.
pub fn stored_hashes_for_record<R: HashReader + ?Sized>(
    n: u64,
    leaf_hash: Hash,
    reader: &R,
) -> Result<Vec<Hash>, LedgerError> {
    if n >= MAX_TREE_SIZE {
        return Err(LedgerError::InvalidArgument("record index too large"));
    }
    // Each trailing 1 bit of n completes a subtree and consumes the hash of
    // the adjacent subtree on its left.
    let m = (n + 1).trailing_zeros();
    let indexes: Vec<u64> = (0..m)
        .rev()
        .map(|i| stored_hash_index(i, (n >> i) - 1))
        .collect();
    let old = read_exact(reader, &indexes)?;
    let mut hashes = Vec::with_capacity(1 + old.len());
    let mut h = leaf_hash;
    hashes.push(h);
    for left in old.iter().rev() {
        h = node_hash(left, &h);
        hashes.push(h);
    }
    Ok(hashes)
}

/// The Merkle Tree Hash (root) of the first `size` records (RFC 6962 §2.1).
///
/// The empty tree has root `SHA-256("")`. Makes one `read_hashes` call for at
/// most `1 + log2 size` hashes.
pub fn tree_hash<R: HashReader + ?Sized>(size: u64, reader: &R) -> Result<Hash, LedgerError> {
    check_size(size)?;
    if size == 0 {
        return Ok(empty_root());
    }
    let mut need = Vec::new();
    sub_tree_index(0, size, &mut need);
    let hashes = read_exact(reader, &need)?;
    let mut cur = Cursor::new(&hashes);
    let h = sub_tree_hash(0, size, &mut cur)?;
    cur.finish()?;
    Ok(h)
}

/// The inclusion proof (RFC 6962 §2.1.1 audit path) that record `index` is in
/// the tree of size `size`: sibling hashes from the leaf's sibling up to the
/// root's child. Verify with [`crate::proof::verify_inclusion`].
pub fn prove_record<R: HashReader + ?Sized>(
    size: u64,
    index: u64,
    reader: &R,
) -> Result<Vec<Hash>, LedgerError> {
    check_size(size)?;
    if index >= size {
        return Err(LedgerError::InvalidArgument(
            "leaf index not below tree size",
        ));
    }
    let mut need = Vec::new();
    leaf_proof_index(0, size, index, &mut need);
    if need.is_empty() {
        return Ok(Vec::new());
    }
    let hashes = read_exact(reader, &need)?;
    let mut cur = Cursor::new(&hashes);
    let mut proof = Vec::new();
    leaf_proof(0, size, index, &mut cur, &mut proof)?;
    cur.finish()?;
    Ok(proof)
}

/// The consistency proof (RFC 6962 §2.1.2) that the tree of size `new_size`
/// extends the tree of size `old_size`. Requires `1 <= old_size <= new_size`;
/// the proof is empty when the sizes are equal. Verify with
/// [`crate::proof::verify_consistency`].
pub fn prove_tree<R: HashReader + ?Sized>(
    new_size: u64,
    old_size: u64,
    reader: &R,
) -> Result<Vec<Hash>, LedgerError> {
    check_size(new_size)?;
    if old_size == 0 || old_size > new_size {
        return Err(LedgerError::InvalidArgument(
            "consistency proof needs 1 <= old size <= new size",
        ));
    }
    let mut need = Vec::new();
    tree_proof_index(0, new_size, old_size, &mut need);
    if need.is_empty() {
        return Ok(Vec::new());
    }
    let hashes = read_exact(reader, &need)?;
    let mut cur = Cursor::new(&hashes);
    let mut proof = Vec::new();
    tree_proof(0, new_size, old_size, &mut cur, &mut proof)?;
    cur.finish()?;
    Ok(proof)
}

/// Computes the root of a list of leaf hashes directly from the RFC 6962 §2.1
/// definition. This is the slow reference implementation, for tests and for
/// small trees held in memory.
pub fn root_from_leaf_hashes(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => empty_root(),
        1 => leaves[0],
        n => {
            let k = largest_pow2_below(n as u64) as usize;
            node_hash(
                &root_from_leaf_hashes(&leaves[..k]),
                &root_from_leaf_hashes(&leaves[k..]),
            )
        }
    }
}

/// An in-memory [`HashReader`]: the stored hashes of a log kept in a `Vec`.
///
/// For tests, benchmarks and small tools; a server keeps the same hashes in a
/// database table keyed by stored-hash index.
#[derive(Debug, Clone, Default)]
pub struct MemoryHashStore {
    hashes: Vec<Hash>,
    size: u64,
}

impl MemoryHashStore {
    /// An empty log.
    pub fn new() -> Self {
        Self::default()
    }

    /// An empty log with room for about `records` records.
    pub fn with_capacity(records: usize) -> Self {
        MemoryHashStore {
            hashes: Vec::with_capacity(records.saturating_mul(2)),
            size: 0,
        }
    }

    /// Appends a record given its leaf hash; returns the record's index.
    pub fn append_leaf_hash(&mut self, leaf_hash: Hash) -> Result<u64, LedgerError> {
        let n = self.size;
        let new = stored_hashes_for_record(n, leaf_hash, &*self)?;
        self.hashes.extend_from_slice(&new);
        self.size += 1;
        Ok(n)
    }

    /// Appends a record given its data (hashed with [`leaf_hash`]); returns its index.
    pub fn append(&mut self, data: &[u8]) -> Result<u64, LedgerError> {
        self.append_leaf_hash(leaf_hash(data))
    }

    /// Number of records in the log.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// The current root.
    pub fn root(&self) -> Result<Hash, LedgerError> {
        tree_hash(self.size, self)
    }

    /// All stored hashes, in stored-hash-index order.
    pub fn stored_hashes(&self) -> &[Hash] {
        &self.hashes
    }
}

impl HashReader for MemoryHashStore {
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, LedgerError> {
        indexes
            .iter()
            .map(|&i| {
                usize::try_from(i)
                    .ok()
                    .and_then(|u| self.hashes.get(u))
                    .copied()
                    .ok_or(LedgerError::MissingHash(i))
            })
            .collect()
    }
}

fn check_size(size: u64) -> Result<(), LedgerError> {
    if size > MAX_TREE_SIZE {
        return Err(LedgerError::InvalidArgument("tree size too large"));
    }
    Ok(())
}

fn read_exact<R: HashReader + ?Sized>(
    reader: &R,
    indexes: &[u64],
) -> Result<Vec<Hash>, LedgerError> {
    if indexes.is_empty() {
        return Ok(Vec::new());
    }
    let hashes = reader.read_hashes(indexes)?;
    if hashes.len() != indexes.len() {
        return Err(LedgerError::ShortRead {
            want: indexes.len(),
            got: hashes.len(),
        });
    }
    Ok(hashes)
}

/// Largest power of two strictly below `n` (`n >= 2`), or 1 for `n <= 1`.
pub(crate) fn largest_pow2_below(n: u64) -> u64 {
    if n <= 2 {
        return 1;
    }
    1 << (63 - (n - 1).leading_zeros())
}

/// Consumes the hashes returned by a reader in the order they were requested.
struct Cursor<'a> {
    hashes: &'a [Hash],
}

impl<'a> Cursor<'a> {
    fn new(hashes: &'a [Hash]) -> Self {
        Cursor { hashes }
    }

    fn take(&mut self, n: usize) -> Result<&'a [Hash], LedgerError> {
        if self.hashes.len() < n {
            return Err(LedgerError::InvalidArgument(
                "internal: stored hash accounting",
            ));
        }
        let (head, tail) = self.hashes.split_at(n);
        self.hashes = tail;
        Ok(head)
    }

    fn finish(self) -> Result<(), LedgerError> {
        if self.hashes.is_empty() {
            Ok(())
        } else {
            Err(LedgerError::InvalidArgument(
                "internal: stored hash accounting",
            ))
        }
    }
}

/// Appends the stored-hash indexes needed for the hash of records `[lo, hi)`:
/// the maximal complete subtrees from left to right.
fn sub_tree_index(mut lo: u64, hi: u64, need: &mut Vec<u64>) {
    while lo < hi {
        let k = largest_pow2_at_most(hi - lo);
        let level = k.trailing_zeros();
        need.push(stored_hash_index(level, lo >> level));
        lo += k;
    }
}

/// Computes the hash of records `[lo, hi)` from the hashes requested by
/// [`sub_tree_index`] (right-to-left fold of the complete subtrees).
fn sub_tree_hash(mut lo: u64, hi: u64, cur: &mut Cursor<'_>) -> Result<Hash, LedgerError> {
    let mut num_tree = 0usize;
    while lo < hi {
        lo += largest_pow2_at_most(hi - lo);
        num_tree += 1;
    }
    let parts = cur.take(num_tree)?;
    let mut iter = parts.iter().rev();
    let mut h = *iter
        .next()
        .ok_or(LedgerError::InvalidArgument("internal: empty subtree"))?;
    for left in iter {
        h = node_hash(left, &h);
    }
    Ok(h)
}

/// Largest power of two `<= n` (`n >= 1`).
fn largest_pow2_at_most(n: u64) -> u64 {
    1 << (63 - n.max(1).leading_zeros())
}

fn leaf_proof_index(lo: u64, hi: u64, n: u64, need: &mut Vec<u64>) {
    if lo + 1 >= hi {
        return;
    }
    let k = largest_pow2_below(hi - lo);
    if n < lo + k {
        leaf_proof_index(lo, lo + k, n, need);
        sub_tree_index(lo + k, hi, need);
    } else {
        sub_tree_index(lo, lo + k, need);
        leaf_proof_index(lo + k, hi, n, need);
    }
}

fn leaf_proof(
    lo: u64,
    hi: u64,
    n: u64,
    cur: &mut Cursor<'_>,
    proof: &mut Vec<Hash>,
) -> Result<(), LedgerError> {
    if lo + 1 >= hi {
        return Ok(());
    }
    // Walk down towards n, recording the hash of the path not taken; the
    // deepest sibling comes first in the proof.
    let k = largest_pow2_below(hi - lo);
    let sibling = if n < lo + k {
        leaf_proof(lo, lo + k, n, cur, proof)?;
        sub_tree_hash(lo + k, hi, cur)?
    } else {
        let th = sub_tree_hash(lo, lo + k, cur)?;
        leaf_proof(lo + k, hi, n, cur, proof)?;
        th
    };
    proof.push(sibling);
    Ok(())
}

fn tree_proof_index(lo: u64, hi: u64, n: u64, need: &mut Vec<u64>) {
    if n == hi {
        if lo != 0 {
            sub_tree_index(lo, hi, need);
        }
        return;
    }
    let k = largest_pow2_below(hi - lo);
    if n <= lo + k {
        tree_proof_index(lo, lo + k, n, need);
        sub_tree_index(lo + k, hi, need);
    } else {
        sub_tree_index(lo, lo + k, need);
        tree_proof_index(lo + k, hi, n, need);
    }
}

fn tree_proof(
    lo: u64,
    hi: u64,
    n: u64,
    cur: &mut Cursor<'_>,
    proof: &mut Vec<Hash>,
) -> Result<(), LedgerError> {
    if n == hi {
        // Reached common ground. When this subtree is exactly the old tree the
        // verifier already knows its hash.
        if lo != 0 {
            proof.push(sub_tree_hash(lo, hi, cur)?);
        }
        return Ok(());
    }
    let k = largest_pow2_below(hi - lo);
    let th = if n <= lo + k {
        tree_proof(lo, lo + k, n, cur, proof)?;
        sub_tree_hash(lo + k, hi, cur)?
    } else {
        let th = sub_tree_hash(lo, lo + k, cur)?;
        tree_proof(lo + k, hi, n, cur, proof)?;
        th
    };
    proof.push(th);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_hash_index_round_trips() {
        for index in 0..10_000u64 {
            let (level, n) = split_stored_hash_index(index);
            assert_eq!(stored_hash_index(level, n), index, "index {index}");
        }
    }

    #[test]
    fn stored_hash_count_matches_appends() {
        let mut store = MemoryHashStore::new();
        for i in 0..600u64 {
            assert_eq!(stored_hash_count(i), store.stored_hashes().len() as u64);
            store.append(&i.to_be_bytes()).unwrap();
        }
    }

    #[test]
    fn split_handles_extreme_indexes() {
        for index in (u64::MAX - 200..=u64::MAX).chain([1 << 63, (1 << 63) - 1]) {
            let (level, n) = split_stored_hash_index(index);
            assert!(level < 64, "{index}: {level} {n}");
        }
        let _ = stored_hash_count(u64::MAX);
    }

    #[test]
    fn pow2_helpers() {
        assert_eq!(largest_pow2_below(2), 1);
        assert_eq!(largest_pow2_below(3), 2);
        assert_eq!(largest_pow2_below(4), 2);
        assert_eq!(largest_pow2_below(5), 4);
        assert_eq!(largest_pow2_at_most(1), 1);
        assert_eq!(largest_pow2_at_most(4), 4);
        assert_eq!(largest_pow2_at_most(7), 4);
    }

    #[test]
    fn roots_match_reference() {
        let mut store = MemoryHashStore::new();
        let mut leaves = Vec::new();
        for i in 0..300u64 {
            assert_eq!(store.root().unwrap(), root_from_leaf_hashes(&leaves));
            let h = leaf_hash(&i.to_le_bytes());
            leaves.push(h);
            store.append_leaf_hash(h).unwrap();
        }
        for size in 0..=300u64 {
            assert_eq!(
                tree_hash(size, &store).unwrap(),
                root_from_leaf_hashes(&leaves[..size as usize])
            );
        }
    }
}
