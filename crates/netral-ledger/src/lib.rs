//! Pure transparency-log primitives for Netral.
//!
//! Netral records civil servants' election-neutrality pacts in a
//! tamper-evident, publicly verifiable log. This crate holds everything about
//! that log that is pure computation — no I/O, no clock, no randomness, no
//! domain types; time and key seeds are parameters:
//!
//! | Module | Specification |
//! |---|---|
//! | [`hash`] | RFC 6962 §2.1 leaf and node hashing |
//! | [`tree`] | stored-hash Merkle tree, roots and proofs over a [`tree::HashReader`] (Go `sumdb/tlog` model) |
//! | [`proof`] | RFC 9162 §2.1.3.2 inclusion and §2.1.4.2 consistency verification |
//! | [`note`] | C2SP signed-note v1.0.0 (Ed25519) |
//! | [`checkpoint`] | C2SP tlog-checkpoint v1.0.0 |
//! | [`cosig`] | C2SP tlog-cosignature v1.0.1 (Ed25519, type 0x04) |
//! | [`tile`] | C2SP tlog-tiles v0.1.0 tiles, paths and entry bundles |
//! | [`bundle`] | `c2sp.org/tlog-proof@v1` offline proof bundles |
//! | [`policy`] | C2SP tlog-policy files and quorum evaluation |
//! | [`witness`] | C2SP tlog-witness v1.0.0 `add-checkpoint` state machine |
//!
//! Every parser takes untrusted input and returns an error instead of panicking.
//!
//! # Example
//!
//! A log appends entries, signs a checkpoint, and proves inclusion; a
//! verifier checks the signature and the proof:
//!
//! ```
//! use netral_ledger::checkpoint::Checkpoint;
//! use netral_ledger::note::Signer;
//! use netral_ledger::proof::verify_inclusion;
//! use netral_ledger::tree::{MemoryHashStore, prove_record};
//!
//! let mut log = MemoryHashStore::new();
//! for pact in ["pakta 1", "pakta 2", "pakta 3"] {
//!     log.append(pact.as_bytes())?;
//! }
//! let signer = Signer::from_seed("pakta.example.go.id/kab-kotim/pilkada2029", [42; 32])?;
//! let note = Checkpoint::new("pakta.example.go.id/kab-kotim/pilkada2029", log.size(), log.root()?)
//!     .sign(&[&signer])?;
//! let proof = prove_record(log.size(), 1, &log)?;
//!
//! // The verifier knows the log's public key and the entry it holds.
//! let (checkpoint, _) = Checkpoint::open(&note, &[&signer.verifier()])?;
//! let leaf = netral_ledger::leaf_hash(b"pakta 2");
//! verify_inclusion(1, checkpoint.size, &leaf, &proof, &checkpoint.root)?;
//! # Ok::<(), netral_ledger::LedgerError>(())
//! ```

#![warn(missing_docs)]

pub mod bundle;
pub mod checkpoint;
pub mod cosig;
mod error;
pub mod hash;
pub mod note;
pub mod policy;
pub mod proof;
mod text;
pub mod tile;
pub mod tree;
pub mod witness;

pub use error::{LedgerError, NoteError, ProofError};
pub use hash::{Hash, empty_root, leaf_hash, node_hash};
