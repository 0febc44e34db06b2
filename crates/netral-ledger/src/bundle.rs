//! Offline proof bundles (`c2sp.org/tlog-proof@v1`, file extension `.tlog-proof`).
//!
//! ```text
//! c2sp.org/tlog-proof@v1
//! extra <base64>            (optional, not authenticated)
//! index <n>
//! <base64 inclusion proof hash>...
//!
//! <checkpoint note, verbatim, with its cosignatures>
//! ```
//!
//! [`verify_bundle`] checks, in order: the origin and the log signature, the
//! witness cosignature quorum, and the inclusion proof of the leaf hash the
//! caller recomputed from the application data.

use crate::checkpoint::Checkpoint;
use crate::cosig::cosignature_timestamp;
use crate::error::LedgerError;
use crate::hash::Hash;
use crate::note::{self, NoteVerifier};
use crate::policy::Policy;
use crate::proof::verify_inclusion;
use crate::text::{b64_decode, b64_encode, b64_hash, decimal};

/// First line of every proof bundle.
pub const BUNDLE_HEADER: &str = "c2sp.org/tlog-proof@v1";
/// The most inclusion proof hashes a bundle may carry (trees have at most 2^64 leaves).
pub const MAX_PROOF_HASHES: usize = 64;

const WHAT: &str = "proof bundle";

/// A parsed proof bundle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProofBundle {
    /// Opaque application data; **not authenticated** by the bundle.
    pub extra: Option<Vec<u8>>,
    /// Zero-based index of the entry in the log.
    pub index: u64,
    /// Inclusion proof, from the leaf's sibling up to the root's child.
    pub proof: Vec<Hash>,
    /// The signed checkpoint note, verbatim (ends in a newline).
    pub checkpoint: String,
}

/// What a successful [`verify_bundle`] established.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedProof {
    /// The checkpoint signed by the log.
    pub checkpoint: Checkpoint,
    /// Index of the entry in the log.
    pub index: u64,
    /// Policy names of the witnesses whose cosignatures verified, with their timestamps.
    pub cosigners: Vec<(String, u64)>,
}

impl ProofBundle {
    /// The bundle text.
    pub fn to_text(&self) -> String {
        let mut s = String::with_capacity(64 + self.proof.len() * 45 + self.checkpoint.len());
        s.push_str(BUNDLE_HEADER);
        s.push('\n');
        if let Some(extra) = &self.extra {
            s.push_str("extra ");
            s.push_str(&b64_encode(extra));
            s.push('\n');
        }
        s.push_str(&format!("index {}\n", self.index));
        for h in &self.proof {
            s.push_str(&b64_encode(h));
            s.push('\n');
        }
        s.push('\n');
        s.push_str(&self.checkpoint);
        s
    }

    /// Strictly parses a bundle. The checkpoint note's layout is checked here;
    /// its signatures are checked by [`verify_bundle`].
    pub fn parse(text: &str) -> Result<Self, LedgerError> {
        if text.len() > note::MAX_NOTE_SIZE + 8192 {
            return Err(LedgerError::malformed(WHAT, "too large"));
        }
        let mut rest = text;
        let mut next_line = || -> Result<&str, LedgerError> {
            let (line, tail) = rest
                .split_once('\n')
                .ok_or(LedgerError::malformed(WHAT, "truncated"))?;
            rest = tail;
            Ok(line)
        };
        if next_line()? != BUNDLE_HEADER {
            return Err(LedgerError::malformed(
                WHAT,
                "missing c2sp.org/tlog-proof@v1 header",
            ));
        }
        let mut line = next_line()?;
        let mut extra = None;
        if let Some(b64) = line.strip_prefix("extra ") {
            extra = Some(b64_decode(b64).ok_or(LedgerError::malformed(WHAT, "bad extra base64"))?);
            line = next_line()?;
        }
        let index = line
            .strip_prefix("index ")
            .and_then(decimal)
            .ok_or(LedgerError::malformed(WHAT, "bad index line"))?;
        let mut proof = Vec::new();
        loop {
            let line = next_line()?;
            if line.is_empty() {
                break;
            }
            if proof.len() == MAX_PROOF_HASHES {
                return Err(LedgerError::malformed(WHAT, "too many proof hashes"));
            }
            proof.push(b64_hash(line).ok_or(LedgerError::malformed(WHAT, "bad proof hash"))?);
        }
        note::split_note(rest)?;
        Ok(ProofBundle {
            extra,
            index,
            proof,
            checkpoint: rest.to_owned(),
        })
    }
}

/// Verifies a proof bundle for `leaf_hash` (which the caller recomputes from
/// the application data, never from the bundle) against `policy`:
///
/// 1. the checkpoint origin names a log of the policy, and that log's
///    signature verifies;
/// 2. the witness cosignatures that verify satisfy the policy quorum (a bad
///    signature by any known key rejects the bundle);
/// 3. the inclusion proof leads from `leaf_hash` at `index` to the
///    checkpoint root.
pub fn verify_bundle(
    bundle: &ProofBundle,
    leaf_hash: &Hash,
    policy: &Policy,
) -> Result<VerifiedProof, LedgerError> {
    // 1. Origin and log signature.
    let (body, _) = note::split_note(&bundle.checkpoint)?;
    let origin = Checkpoint::parse(body)?.origin;
    let logs = policy.log_verifiers_for_origin(&origin);
    if logs.is_empty() {
        return Err(LedgerError::UnknownOrigin);
    }
    let mut verifiers: Vec<&dyn NoteVerifier> =
        logs.iter().map(|v| *v as &dyn NoteVerifier).collect();
    verifiers.extend(policy.witnesses().map(|(_, v)| v as &dyn NoteVerifier));
    let (checkpoint, note) = Checkpoint::open(&bundle.checkpoint, &verifiers)?;
    let is_verified = |v: &dyn NoteVerifier| {
        note.verified
            .iter()
            .find(|s| s.name == v.name() && s.key_id == v.key_id())
    };
    if !logs.iter().any(|v| is_verified(*v).is_some()) {
        return Err(LedgerError::MissingLogSignature);
    }
    // 2. Witness quorum.
    let cosigners: Vec<(String, u64)> = policy
        .witnesses()
        .filter_map(|(name, v)| {
            let sig = is_verified(v)?;
            Some((name.to_owned(), cosignature_timestamp(sig)?))
        })
        .collect();
    let names: Vec<&str> = cosigners.iter().map(|(n, _)| n.as_str()).collect();
    if !policy.quorum_satisfied(&names) {
        return Err(LedgerError::QuorumNotSatisfied);
    }
    // 3. Inclusion.
    verify_inclusion(
        bundle.index,
        checkpoint.size,
        leaf_hash,
        &bundle.proof,
        &checkpoint.root,
    )?;
    Ok(VerifiedProof {
        checkpoint,
        index: bundle.index,
        cosigners,
    })
}
