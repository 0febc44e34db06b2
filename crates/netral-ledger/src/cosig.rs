//! Timestamped Ed25519 witness cosignatures (C2SP tlog-cosignature v1.0.1,
//! signature type 0x04).
//!
//! A cosignature is a note signature line on a checkpoint. Its key ID is
//! `SHA-256(name ‖ "\n" ‖ 0x04 ‖ public key)[:4]` and its signature bytes are
//! `u64 big-endian timestamp ‖ 64-byte Ed25519 signature` over
//!
//! ```text
//! cosignature/v1
//! time <timestamp>
//! <checkpoint body, extension lines included>
//! ```
//!
//! It states that, as of `timestamp` (POSIX seconds), this is the largest
//! consistent tree head the cosigner has seen for the checkpoint's origin.
//! The message does not commit to the cosigner's name, so every cosigner must
//! have its own key.

use std::fmt;

use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};

use crate::error::NoteError;
use crate::note::{
    NoteVerifier, SIG_TYPE_COSIGNATURE_V1, Signature, is_valid_key_name, key_id, key_text,
    parse_ed25519_skey, parse_ed25519_vkey, skey_text,
};

/// Length of an Ed25519 cosignature: 8-byte timestamp plus 64-byte signature.
pub const COSIGNATURE_LEN: usize = 72;

/// The largest timestamp a cosignature may carry (2^63 − 1).
pub const MAX_TIMESTAMP: u64 = i64::MAX as u64;

/// The message a v1 cosignature signs: `cosignature/v1\ntime <ts>\n` followed
/// by the checkpoint body.
pub fn cosigned_message(checkpoint_body: &str, timestamp: u64) -> String {
    format!("cosignature/v1\ntime {timestamp}\n{checkpoint_body}")
}

/// The timestamp carried by a cosignature, if it has the v1 Ed25519 shape.
pub fn cosignature_timestamp(sig: &Signature) -> Option<u64> {
    if sig.sig.len() != COSIGNATURE_LEN {
        return None;
    }
    let ts = u64::from_be_bytes(sig.sig[..8].try_into().ok()?);
    (ts <= MAX_TIMESTAMP).then_some(ts)
}

/// A witness (cosigner) signing key: a name and an Ed25519 private key.
#[derive(Clone)]
pub struct CosignerKey {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl CosignerKey {
    /// Builds a cosigner from a name and a 32-byte Ed25519 seed (randomness
    /// supplied by the caller).
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Self, NoteError> {
        if !is_valid_key_name(name) {
            return Err(NoteError::BadKeyName);
        }
        let key = SigningKey::from_bytes(&seed);
        let key_id = key_id(
            name,
            SIG_TYPE_COSIGNATURE_V1,
            key.verifying_key().as_bytes(),
        );
        Ok(CosignerKey {
            name: name.to_owned(),
            key_id,
            key,
        })
    }

    /// Parses a private key text `PRIVATE+KEY+name+hex(keyID)+base64(0x04 ‖ seed)`
    /// (the signed-note skey layout with the cosignature type byte).
    pub fn from_skey(skey: &str) -> Result<Self, NoteError> {
        let (name, key) = parse_ed25519_skey(skey, SIG_TYPE_COSIGNATURE_V1)?;
        Self::from_seed(&name, key.to_bytes())
    }

    /// The private key text (secret).
    pub fn skey(&self) -> String {
        skey_text(&self.name, self.key_id, SIG_TYPE_COSIGNATURE_V1, &self.key)
    }

    /// The public key text `name+hex(keyID)+base64(0x04 ‖ public key)`.
    pub fn vkey(&self) -> String {
        key_text(
            &self.name,
            self.key_id,
            SIG_TYPE_COSIGNATURE_V1,
            self.key.verifying_key().as_bytes(),
        )
    }

    /// The cosigner name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The key ID.
    pub fn key_id(&self) -> u32 {
        self.key_id
    }

    /// The matching verifier.
    pub fn verifier(&self) -> CosignatureVerifier {
        CosignatureVerifier {
            name: self.name.clone(),
            key_id: self.key_id,
            key: self.key.verifying_key(),
        }
    }

    /// Cosigns a checkpoint body at `timestamp` (POSIX seconds, at most
    /// [`MAX_TIMESTAMP`]); the caller reads the clock.
    pub fn cosign(&self, checkpoint_body: &str, timestamp: u64) -> Result<Signature, NoteError> {
        if timestamp > MAX_TIMESTAMP {
            return Err(NoteError::Malformed("cosignature timestamp exceeds 2^63-1"));
        }
        crate::note::check_body(checkpoint_body)?;
        let msg = cosigned_message(checkpoint_body, timestamp);
        let mut sig = Vec::with_capacity(COSIGNATURE_LEN);
        sig.extend_from_slice(&timestamp.to_be_bytes());
        sig.extend_from_slice(&self.key.sign(msg.as_bytes()).to_bytes());
        Ok(Signature {
            name: self.name.clone(),
            key_id: self.key_id,
            sig,
        })
    }
}

impl fmt::Debug for CosignerKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CosignerKey")
            .field("name", &self.name)
            .field("key_id", &format_args!("{:08x}", self.key_id))
            .finish_non_exhaustive()
    }
}

/// Verifies v1 Ed25519 cosignatures by one witness. Implements
/// [`NoteVerifier`], so it can be passed to [`crate::note::open`] next to the
/// log's own verifier.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CosignatureVerifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl CosignatureVerifier {
    /// Parses a vkey `name+hex(keyID)+base64(0x04 ‖ 32-byte public key)`.
    pub fn from_vkey(vkey: &str) -> Result<Self, NoteError> {
        let (name, key_id, key) = parse_ed25519_vkey(vkey, SIG_TYPE_COSIGNATURE_V1)?;
        Ok(CosignatureVerifier { name, key_id, key })
    }

    /// The vkey text of this verifier.
    pub fn vkey(&self) -> String {
        key_text(
            &self.name,
            self.key_id,
            SIG_TYPE_COSIGNATURE_V1,
            self.key.as_bytes(),
        )
    }

    /// The Ed25519 public key.
    pub fn public_key(&self) -> &VerifyingKey {
        &self.key
    }

    /// Checks one cosignature line (as returned by a witness, with or without
    /// the trailing newline) on the checkpoint body; returns its timestamp.
    pub fn verify_line(&self, checkpoint_body: &str, line: &str) -> Result<u64, NoteError> {
        let sig = Signature::parse_line(line.strip_suffix('\n').unwrap_or(line))?;
        if sig.name != self.name || sig.key_id != self.key_id {
            return Err(NoteError::NoVerifiedSignature);
        }
        if !self.verify(checkpoint_body, &sig.sig) {
            return Err(NoteError::InvalidSignature {
                name: sig.name,
                key_id: sig.key_id,
            });
        }
        cosignature_timestamp(&sig).ok_or(NoteError::Malformed("bad cosignature"))
    }
}

impl NoteVerifier for CosignatureVerifier {
    fn name(&self) -> &str {
        &self.name
    }
    fn key_id(&self) -> u32 {
        self.key_id
    }
    fn verify(&self, body: &str, sig: &[u8]) -> bool {
        if sig.len() != COSIGNATURE_LEN {
            return false;
        }
        let (ts, raw) = sig.split_at(8);
        let Ok(ts) = <[u8; 8]>::try_from(ts).map(u64::from_be_bytes) else {
            return false;
        };
        if ts > MAX_TIMESTAMP {
            return false;
        }
        let Ok(raw) = ed25519_dalek::Signature::from_slice(raw) else {
            return false;
        };
        self.key
            .verify_strict(cosigned_message(body, ts).as_bytes(), &raw)
            .is_ok()
    }
}
