//! Error types.
//!
//! [`LedgerError`] is the one error type of the crate. Proof verification and
//! signed-note handling have their own small enums ([`ProofError`],
//! [`NoteError`]) that convert into it, and the witness state machine has
//! [`crate::witness::WitnessError`], which carries an HTTP status code.

use std::error::Error as StdError;

/// Why a Merkle inclusion or consistency proof was rejected (RFC 9162 §2.1.3.2, §2.1.4.2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ProofError {
    /// The leaf index is not below the tree size.
    #[error("leaf index {index} is not below tree size {size}")]
    IndexOutOfRange {
        /// Leaf index given.
        index: u64,
        /// Tree size given.
        size: u64,
    },
    /// The old tree size is larger than the new one.
    #[error("old tree size {old} is larger than new tree size {new}")]
    OldSizeTooLarge {
        /// Old tree size.
        old: u64,
        /// New tree size.
        new: u64,
    },
    /// A consistency proof from the empty tree carries no information and is refused.
    #[error("a consistency proof from the empty tree is meaningless")]
    EmptyOldTree,
    /// A hash (leaf, root or proof element) is not 32 bytes long.
    #[error("a hash is {0} bytes long instead of 32")]
    BadHashLength(usize),
    /// The proof has the wrong number of hashes for the tree sizes.
    #[error("the proof has the wrong number of hashes")]
    WrongProofLength,
    /// The recomputed root does not match the expected root.
    #[error("the recomputed root does not match")]
    RootMismatch,
}

/// Why a signed note, key or signature was rejected (C2SP signed-note v1.0.0).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum NoteError {
    /// The note text is not well formed (layout, control characters, base64, size).
    #[error("malformed note: {0}")]
    Malformed(&'static str),
    /// More signature lines than [`crate::note::MAX_SIGNATURES`].
    #[error("too many signatures in note")]
    TooManySignatures,
    /// A signature by a known key failed to verify; the whole note is rejected.
    #[error("invalid signature by known key {name}+{key_id:08x}")]
    InvalidSignature {
        /// Key name of the failing signature.
        name: String,
        /// Key ID of the failing signature.
        key_id: u32,
    },
    /// No signature by a known key was found.
    #[error("no signature by a known key")]
    NoVerifiedSignature,
    /// A verifier or signer key text (vkey / skey) is malformed.
    #[error("malformed key: {0}")]
    BadKey(&'static str),
    /// The key ID in a key text does not match the one computed from the key.
    #[error("key ID does not match the key")]
    KeyIdMismatch,
    /// A key name is empty or contains a space or `+`.
    #[error("invalid key name")]
    BadKeyName,
}

/// The error type of this crate.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LedgerError {
    /// A proof did not verify.
    #[error("proof rejected: {0}")]
    Proof(#[from] ProofError),
    /// A signed note, key or signature was rejected.
    #[error("note rejected: {0}")]
    Note(#[from] NoteError),
    /// Untrusted text or bytes did not parse (checkpoint, tile path, bundle, policy, ...).
    #[error("malformed {what}: {reason}")]
    Malformed {
        /// What was being parsed.
        what: &'static str,
        /// Why it was rejected.
        reason: &'static str,
    },
    /// An argument is outside the valid range (for example a leaf index beyond the tree size).
    #[error("invalid argument: {0}")]
    InvalidArgument(&'static str),
    /// A [`crate::tree::HashReader`] returned the wrong number of hashes.
    #[error("hash reader returned {got} hashes for {want} indexes")]
    ShortRead {
        /// Number of indexes requested.
        want: usize,
        /// Number of hashes returned.
        got: usize,
    },
    /// A stored hash that should exist is missing from the hash storage.
    #[error("stored hash {0} is not available")]
    MissingHash(u64),
    /// The backing storage of a [`crate::tree::HashReader`] failed.
    #[error("hash storage failed")]
    Storage(#[source] Box<dyn StdError + Send + Sync + 'static>),
    /// The checkpoint origin is not one the policy knows.
    #[error("unknown log origin")]
    UnknownOrigin,
    /// The checkpoint carries no valid signature by the log itself.
    #[error("checkpoint is not signed by the log")]
    MissingLogSignature,
    /// The verified cosignatures do not satisfy the policy quorum.
    #[error("witness quorum not satisfied")]
    QuorumNotSatisfied,
}

impl LedgerError {
    /// Wraps an error from the caller's storage backend.
    pub fn storage(err: impl Into<Box<dyn StdError + Send + Sync + 'static>>) -> Self {
        LedgerError::Storage(err.into())
    }

    pub(crate) fn malformed(what: &'static str, reason: &'static str) -> Self {
        LedgerError::Malformed { what, reason }
    }
}
