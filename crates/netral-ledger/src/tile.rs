//! Tiles and entry bundles (C2SP tlog-tiles v0.1.0).
//!
//! A tiled log serves its Merkle tree as static "tiles": tile `n` at level
//! `l` is the sequence of hashes, for `i` in `0..256`,
//! `MTH(D[(n·256+i)·256^l .. (n·256+i+1)·256^l])` — 256 hashes (8,192 bytes)
//! for a full tile. The rightmost tiles of each level are *partial*
//! (`.p/<W>`, `W` in `1..=255`) and are never hashed into a higher level.
//! In stored-hash terms ([`crate::tree`]), tile (`l`, `n`) holds the stored
//! hashes at tree level `8·l`, positions `n·256 ..`.
//!
//! Paths are `tile/<L>/<N>[.p/<W>]` and `tile/entries/<N>[.p/<W>]`, where
//! `N` is written in 3-digit groups, each but the last prefixed with `x`
//! (1234067 → `x001/x234/067`). Entry bundles are the concatenated entries,
//! each prefixed by its big-endian `u16` length.

use std::cell::RefCell;

use crate::error::LedgerError;
use crate::hash::{HASH_SIZE, Hash, node_hash};
use crate::text::decimal;
use crate::tree::{HashReader, MAX_TREE_SIZE, split_stored_hash_index, stored_hash_index};

/// Tree levels per tile level (tiles are 2^8 = 256 hashes wide).
pub const TILE_HEIGHT: u32 = 8;
/// Hashes in a full tile, and entries in a full entry bundle.
pub const FULL_TILE_WIDTH: u16 = 256;
/// The highest level a tile path may name.
pub const MAX_TILE_LEVEL: u8 = 63;
/// The largest entry an entry bundle can hold.
pub const MAX_ENTRY_SIZE: usize = u16::MAX as usize;

const WHAT: &str = "tile";

/// A tile: `width` hashes at tile level `level`, index `n`.
///
/// For entry bundles the same coordinates are used with `level == 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Tile {
    /// Tile level (tree level `8·level`).
    pub level: u8,
    /// Index of the tile within its level.
    pub n: u64,
    /// Number of hashes, 1..=256; 256 is a full tile.
    pub width: u16,
}

/// A parsed tile path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TilePath {
    /// `tile/<L>/<N>[.p/<W>]`: a hash tile.
    Hashes(Tile),
    /// `tile/entries/<N>[.p/<W>]`: an entry bundle (level is 0).
    Entries(Tile),
}

impl Tile {
    /// A validated tile: level at most [`MAX_TILE_LEVEL`], width in 1..=256,
    /// and part of some tree of at most [`MAX_TREE_SIZE`] entries.
    pub fn new(level: u8, n: u64, width: u16) -> Result<Self, LedgerError> {
        let t = Tile { level, n, width };
        t.validate()?;
        Ok(t)
    }

    fn validate(&self) -> Result<(), LedgerError> {
        if self.level > MAX_TILE_LEVEL {
            return Err(LedgerError::malformed(WHAT, "level above 63"));
        }
        if self.width == 0 || self.width > FULL_TILE_WIDTH {
            return Err(LedgerError::malformed(WHAT, "width must be 1..=256"));
        }
        match self.min_tree_size_u128() {
            Some(s) if s <= u128::from(MAX_TREE_SIZE) => Ok(()),
            _ => Err(LedgerError::malformed(
                WHAT,
                "beyond the largest supported tree",
            )),
        }
    }

    /// Whether this is a full (256-hash) tile.
    pub fn is_full(&self) -> bool {
        self.width == FULL_TILE_WIDTH
    }

    /// The hash tile path, `tile/<L>/<N>[.p/<W>]`.
    pub fn path(&self) -> String {
        format!(
            "tile/{}/{}{}",
            self.level,
            encode_tile_index(self.n),
            self.partial_suffix()
        )
    }

    /// The entry bundle path, `tile/entries/<N>[.p/<W>]` (the level is ignored).
    pub fn entries_path(&self) -> String {
        format!(
            "tile/entries/{}{}",
            encode_tile_index(self.n),
            self.partial_suffix()
        )
    }

    fn partial_suffix(&self) -> String {
        if self.is_full() {
            String::new()
        } else {
            format!(".p/{}", self.width)
        }
    }

    /// The smallest tree size that contains this tile (with its width).
    fn min_tree_size_u128(&self) -> Option<u128> {
        if u32::from(self.level) >= 8 {
            // 256^8 = 2^64 entries per tile hash: beyond any u64 tree.
            return None;
        }
        let per_hash = 1u128 << (TILE_HEIGHT * u32::from(self.level));
        Some((u128::from(self.n) * 256 + u128::from(self.width)) * per_hash)
    }

    /// The stored-hash indexes ([`crate::tree::stored_hash_index`]) of the
    /// hashes this tile holds, in tile order.
    pub fn stored_hash_indexes(&self) -> Result<Vec<u64>, LedgerError> {
        self.validate()?;
        let level = TILE_HEIGHT * u32::from(self.level);
        let first = self.n * u64::from(FULL_TILE_WIDTH);
        Ok((0..u64::from(self.width))
            .map(|i| stored_hash_index(level, first + i))
            .collect())
    }
}

/// Encodes a tile index in 3-digit path groups: 1234067 → `x001/x234/067`.
pub fn encode_tile_index(n: u64) -> String {
    let mut groups = Vec::new();
    let mut n = n;
    loop {
        groups.push(n % 1000);
        n /= 1000;
        if n == 0 {
            break;
        }
    }
    let mut out = String::new();
    for (i, g) in groups.iter().rev().enumerate() {
        if i + 1 < groups.len() {
            out.push_str(&format!("x{g:03}/"));
        } else {
            out.push_str(&format!("{g:03}"));
        }
    }
    out
}

/// Parses a tile path relative to the log prefix (`tile/...`).
///
/// Rejects anything that is not the canonical encoding: leading zeroes in the
/// level or width, non-3-digit groups, missing or extra `x` prefixes, a
/// redundant leading `x000/` group, width outside 1..=255, level above 63,
/// and tiles that no tree of at most [`MAX_TREE_SIZE`] entries contains.
pub fn parse_tile_path(path: &str) -> Result<TilePath, LedgerError> {
    let rest = path
        .strip_prefix("tile/")
        .ok_or(LedgerError::malformed(WHAT, "path must start with tile/"))?;
    let (kind, rest) = rest
        .split_once('/')
        .ok_or(LedgerError::malformed(WHAT, "missing tile index"))?;
    let entries = kind == "entries";
    let level = if entries {
        0
    } else {
        decimal(kind)
            .filter(|&l| l <= u64::from(MAX_TILE_LEVEL))
            .and_then(|l| u8::try_from(l).ok())
            .ok_or(LedgerError::malformed(WHAT, "bad level"))?
    };
    let (index, width) = match rest.split_once(".p/") {
        Some((index, w)) => {
            let w = decimal(w)
                .filter(|w| (1..u64::from(FULL_TILE_WIDTH)).contains(w))
                .ok_or(LedgerError::malformed(WHAT, "bad partial width"))?;
            (index, w as u16)
        }
        None => (rest, FULL_TILE_WIDTH),
    };
    let n = parse_tile_index(index)?;
    let tile = Tile::new(level, n, width)?;
    Ok(if entries {
        TilePath::Entries(tile)
    } else {
        TilePath::Hashes(tile)
    })
}

fn parse_tile_index(text: &str) -> Result<u64, LedgerError> {
    let bad = || LedgerError::malformed(WHAT, "bad tile index");
    let groups: Vec<&str> = text.split('/').collect();
    if groups.len() > 7 {
        return Err(bad());
    }
    let mut n: u64 = 0;
    for (i, g) in groups.iter().enumerate() {
        let digits = if i + 1 < groups.len() {
            g.strip_prefix('x').ok_or_else(bad)?
        } else {
            g
        };
        if digits.len() != 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let v: u64 = digits.parse().map_err(|_| bad())?;
        n = n
            .checked_mul(1000)
            .and_then(|n| n.checked_add(v))
            .ok_or_else(bad)?;
    }
    if encode_tile_index(n) != text {
        return Err(bad());
    }
    Ok(n)
}

/// All tiles (full and partial, every level) of a tree of `size` entries,
/// level by level: about `size / 255` tiles, so call it with real log sizes.
pub fn tiles_for_size(size: u64) -> Vec<Tile> {
    new_tiles(0, size)
}

/// The tiles that exist at `new_size` but not at `old_size` (the ones to
/// write after growing the tree), like Go's `tlog.NewTiles`.
pub fn new_tiles(old_size: u64, new_size: u64) -> Vec<Tile> {
    let mut tiles = Vec::new();
    let new_size = new_size.min(MAX_TREE_SIZE);
    let old_size = old_size.min(new_size);
    let mut level = 0u8;
    while u32::from(level) < 8 && (new_size >> (TILE_HEIGHT * u32::from(level))) > 0 {
        let shift = TILE_HEIGHT * u32::from(level);
        let old_n = old_size >> shift;
        let new_n = new_size >> shift;
        if old_n != new_n {
            for n in (old_n >> TILE_HEIGHT)..(new_n >> TILE_HEIGHT) {
                tiles.push(Tile {
                    level,
                    n,
                    width: FULL_TILE_WIDTH,
                });
            }
            let n = new_n >> TILE_HEIGHT;
            let w = (new_n & 0xff) as u16;
            if w > 0 {
                tiles.push(Tile { level, n, width: w });
            }
        }
        level += 1;
    }
    tiles
}

/// Builds a tile's bytes (`width` × 32 bytes) from stored hashes.
pub fn read_tile<R: HashReader + ?Sized>(tile: &Tile, reader: &R) -> Result<Vec<u8>, LedgerError> {
    let indexes = tile.stored_hash_indexes()?;
    let hashes = reader.read_hashes(&indexes)?;
    if hashes.len() != indexes.len() {
        return Err(LedgerError::ShortRead {
            want: indexes.len(),
            got: hashes.len(),
        });
    }
    Ok(hashes.concat())
}

/// The narrowest tile containing the data needed for the stored hash
/// `index`, and the byte range of that data within the tile.
fn tile_for_index_range(index: u64) -> Result<(Tile, usize, usize), LedgerError> {
    let (level, n) = split_stored_hash_index(index);
    // Reject coordinates outside every supported tree before shifting.
    if (u128::from(n) + 1) << level > u128::from(MAX_TREE_SIZE) {
        return Err(LedgerError::InvalidArgument(
            "stored hash index beyond the largest tree",
        ));
    }
    let tile_level = level / TILE_HEIGHT;
    let within = level - tile_level * TILE_HEIGHT;
    let tn = (n << within) >> TILE_HEIGHT;
    let n_in = n - ((tn << TILE_HEIGHT) >> within);
    let width = (n_in + 1) << within;
    let start = ((n_in << within) as usize) * HASH_SIZE;
    let end = (width as usize) * HASH_SIZE;
    let tile = Tile {
        level: tile_level as u8,
        n: tn,
        width: width as u16,
    };
    Ok((tile, start, end))
}

/// The narrowest tile whose hashes determine the stored hash `index`
/// (like Go's `tlog.TileForIndex`). Any wider tile with the same level and
/// `n` works too.
pub fn tile_for_index(index: u64) -> Result<Tile, LedgerError> {
    tile_for_index_range(index).map(|(t, _, _)| t)
}

/// Computes the stored hash `index` from the bytes of `tile` (which must be
/// the tile of [`tile_for_index`] or a wider one with the same coordinates).
pub fn hash_from_tile(tile: &Tile, data: &[u8], index: u64) -> Result<Hash, LedgerError> {
    tile.validate()?;
    if data.len() != usize::from(tile.width) * HASH_SIZE {
        return Err(LedgerError::malformed(
            WHAT,
            "tile data length does not match its width",
        ));
    }
    let (t, start, end) = tile_for_index_range(index)?;
    if t.level != tile.level || t.n != tile.n || t.width > tile.width {
        return Err(LedgerError::InvalidArgument(
            "stored hash is not in this tile",
        ));
    }
    Ok(tile_hash(&data[start..end]))
}

fn tile_hash(data: &[u8]) -> Hash {
    if data.len() <= HASH_SIZE {
        let mut h = [0u8; HASH_SIZE];
        h[..data.len()].copy_from_slice(data);
        return h;
    }
    let mid = data.len() / 2;
    node_hash(&tile_hash(&data[..mid]), &tile_hash(&data[mid..]))
}

/// A [`HashReader`] over hash tiles fetched by the caller, for clients that
/// compute proofs from a tiled log (tile-based logs serve no proofs).
///
/// `fetch` returns the bytes of a tile; tiles are fetched at the width that
/// exists in the tree of `size` entries (full, or the rightmost partial).
/// Tile contents are **not** authenticated here: always verify the proofs
/// built from them against a verified checkpoint root, as
/// [`crate::proof`] does. Fetched tiles are cached for the reader's
/// lifetime, so use one reader per checkpoint.
pub struct TileHashReader<F> {
    size: u64,
    fetch: F,
    cache: RefCell<Vec<(Tile, Vec<u8>)>>,
}

impl<F> TileHashReader<F>
where
    F: Fn(&Tile) -> Result<Vec<u8>, LedgerError>,
{
    /// A reader for the tree of `size` entries.
    pub fn new(size: u64, fetch: F) -> Self {
        TileHashReader {
            size,
            fetch,
            cache: RefCell::new(Vec::new()),
        }
    }

    fn tile_in_tree(&self, t: Tile) -> Result<Tile, LedgerError> {
        let full = Tile {
            width: FULL_TILE_WIDTH,
            ..t
        };
        if full
            .min_tree_size_u128()
            .is_some_and(|s| s <= u128::from(self.size))
        {
            return Ok(full);
        }
        let shift = TILE_HEIGHT * u32::from(t.level);
        let at_level = self.size >> shift;
        if at_level >> TILE_HEIGHT == t.n {
            let w = (at_level & 0xff) as u16;
            if w >= t.width {
                return Ok(Tile { width: w, ..t });
            }
        }
        Err(LedgerError::InvalidArgument(
            "stored hash is not in the tree",
        ))
    }
}

impl<F> HashReader for TileHashReader<F>
where
    F: Fn(&Tile) -> Result<Vec<u8>, LedgerError>,
{
    fn read_hashes(&self, indexes: &[u64]) -> Result<Vec<Hash>, LedgerError> {
        let mut out = Vec::with_capacity(indexes.len());
        for &index in indexes {
            let tile = self.tile_in_tree(tile_for_index(index)?)?;
            let mut cache = self.cache.borrow_mut();
            let pos = match cache.iter().position(|(t, _)| *t == tile) {
                Some(p) => p,
                None => {
                    let data = (self.fetch)(&tile)?;
                    cache.push((tile, data));
                    cache.len() - 1
                }
            };
            out.push(hash_from_tile(&tile, &cache[pos].1, index)?);
        }
        Ok(out)
    }
}

/// Encodes an entry bundle: each entry prefixed by its big-endian `u16`
/// length. At most 256 entries of at most 65,535 bytes each.
pub fn encode_entry_bundle<E: AsRef<[u8]>>(entries: &[E]) -> Result<Vec<u8>, LedgerError> {
    if entries.len() > usize::from(FULL_TILE_WIDTH) {
        return Err(LedgerError::InvalidArgument(
            "more than 256 entries in a bundle",
        ));
    }
    let mut out = Vec::with_capacity(entries.iter().map(|e| 2 + e.as_ref().len()).sum());
    for e in entries {
        let e = e.as_ref();
        let len = u16::try_from(e.len())
            .map_err(|_| LedgerError::InvalidArgument("entry longer than 65,535 bytes"))?;
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(e);
    }
    Ok(out)
}

/// Decodes an entry bundle into its entries (borrowed from `data`).
/// Rejects truncated data and bundles of more than 256 entries.
pub fn decode_entry_bundle(data: &[u8]) -> Result<Vec<&[u8]>, LedgerError> {
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        if out.len() == usize::from(FULL_TILE_WIDTH) {
            return Err(LedgerError::malformed(
                "entry bundle",
                "more than 256 entries",
            ));
        }
        let (len, tail) = rest
            .split_first_chunk::<2>()
            .ok_or(LedgerError::malformed("entry bundle", "truncated length"))?;
        let len = usize::from(u16::from_be_bytes(*len));
        if tail.len() < len {
            return Err(LedgerError::malformed("entry bundle", "truncated entry"));
        }
        let (entry, tail) = tail.split_at(len);
        out.push(entry);
        rest = tail;
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_encoding() {
        assert_eq!(encode_tile_index(0), "000");
        assert_eq!(encode_tile_index(67), "067");
        assert_eq!(encode_tile_index(1000), "x001/000");
        assert_eq!(encode_tile_index(1234067), "x001/x234/067");
    }

    #[test]
    fn spec_example_70000() {
        let tiles = tiles_for_size(70_000);
        let count = |l: u8, full: bool| {
            tiles
                .iter()
                .filter(|t| t.level == l && t.is_full() == full)
                .count()
        };
        assert_eq!(count(0, true), 273);
        assert_eq!(count(1, true), 1);
        assert_eq!(count(2, true), 0);
        let partial: Vec<_> = tiles.iter().filter(|t| !t.is_full()).collect();
        assert_eq!(partial.len(), 3);
        assert_eq!((partial[0].level, partial[0].width), (0, 112));
        assert_eq!((partial[1].level, partial[1].width), (1, 17));
        assert_eq!((partial[2].level, partial[2].width), (2, 1));
        // A tree of size 256: one full level-0 tile and a 1-wide level-1 tile.
        assert_eq!(
            tiles_for_size(256),
            vec![
                Tile {
                    level: 0,
                    n: 0,
                    width: 256
                },
                Tile {
                    level: 1,
                    n: 0,
                    width: 1
                }
            ]
        );
    }

    #[test]
    fn paths() {
        let t = Tile::new(0, 1234067, 256).unwrap();
        assert_eq!(t.path(), "tile/0/x001/x234/067");
        assert_eq!(
            parse_tile_path("tile/0/x001/x234/067").unwrap(),
            TilePath::Hashes(t)
        );
        let p = Tile::new(2, 5, 17).unwrap();
        assert_eq!(p.path(), "tile/2/005.p/17");
        assert_eq!(p.entries_path(), "tile/entries/005.p/17");
        assert_eq!(
            parse_tile_path("tile/entries/005.p/17").unwrap(),
            TilePath::Entries(Tile::new(0, 5, 17).unwrap())
        );
        for bad in [
            "",
            "tile/",
            "tile/0",
            "tile/0/",
            "tile/00/000",
            "tile/01/000",
            "tile/64/000",
            "tile/-1/000",
            "tile/0/0",
            "tile/0/0000",
            "tile/0/x000/001",
            "tile/0/001/002",
            "tile/0/x001",
            "tile/0/x001/x002",
            "tile/0/000.p/0",
            "tile/0/000.p/256",
            "tile/0/000.p/01",
            "tile/0/000.p/",
            "tile/0/000.p/1/",
            "tile/0/000/",
            "tile/8/000",
            "tile/0/x999/x999/x999/x999/x999/x999/999",
            "tile/entries/x001",
            "tiles/0/000",
            "/tile/0/000",
        ] {
            assert!(parse_tile_path(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn entry_bundles() {
        let entries: Vec<Vec<u8>> = vec![vec![], b"a".to_vec(), vec![7; 300]];
        let data = encode_entry_bundle(&entries).unwrap();
        assert_eq!(&data[..3], &[0, 0, 0]);
        let back = decode_entry_bundle(&data).unwrap();
        assert_eq!(back, entries.iter().map(Vec::as_slice).collect::<Vec<_>>());
        assert!(decode_entry_bundle(&data[..data.len() - 1]).is_err());
        assert!(decode_entry_bundle(&[0]).is_err());
        assert!(encode_entry_bundle(&[vec![0u8; 65_536]]).is_err());
    }
}
