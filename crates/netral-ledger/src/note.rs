//! Signed notes (C2SP signed-note v1.0.0) with Ed25519 keys.
//!
//! A note is UTF-8 text ending in a newline, a blank line, and one or more
//! signature lines `— <key name> <base64(key ID ‖ signature)>`. The text
//! must be ignored unless a trusted key's signature verified: [`open`]
//! enforces the verification rules of the specification:
//!
//! - signatures by unknown (name, key ID) pairs are ignored (kept in
//!   [`Note::unverified`]);
//! - a signature by a known key that fails to verify rejects the whole note;
//! - a note without any verified signature by a known key is rejected;
//! - at most [`MAX_SIGNATURES`] signature lines and [`MAX_NOTE_SIZE`] bytes.
//!
//! Keys are exchanged as text, like Go's `golang.org/x/mod/sumdb/note`:
//! verifier keys (vkeys) `name+hex(keyID)+base64(0x01 ‖ public key)` and
//! signer keys (skeys) `PRIVATE+KEY+name+hex(keyID)+base64(0x01 ‖ seed)`.

use std::fmt;

use ed25519_dalek::{Signer as _, SigningKey, VerifyingKey};
use sha2::{Digest, Sha256};

use crate::error::NoteError;
use crate::text::{b64_decode, b64_encode};

/// Signature type byte of plain Ed25519 note signatures.
pub const SIG_TYPE_ED25519: u8 = 0x01;
/// Signature type byte of timestamped Ed25519 cosignatures (C2SP tlog-cosignature).
pub const SIG_TYPE_COSIGNATURE_V1: u8 = 0x04;

/// The most signature lines [`open`] accepts (the specification requires at least 16).
pub const MAX_SIGNATURES: usize = 100;
/// The largest note, in bytes, that [`open`] accepts.
pub const MAX_NOTE_SIZE: usize = 1 << 20;

const SIG_PREFIX: &str = "\u{2014} ";
const SKEY_PREFIX: &str = "PRIVATE+KEY+";

/// Computes a key ID: the first four bytes, big endian, of
/// `SHA-256(name ‖ 0x0A ‖ sig_type ‖ public_key)`.
pub fn key_id(name: &str, sig_type: u8, public_key: &[u8]) -> u32 {
    let mut h = Sha256::new();
    h.update(name.as_bytes());
    h.update([b'\n', sig_type]);
    h.update(public_key);
    let d = h.finalize();
    u32::from_be_bytes([d[0], d[1], d[2], d[3]])
}

/// Whether `name` is a valid key name: non-empty, no Unicode space, no `+`.
pub fn is_valid_key_name(name: &str) -> bool {
    !name.is_empty() && !name.chars().any(|c| c.is_whitespace() || c == '+')
}

/// A key that can check note signatures.
///
/// Implemented by [`Verifier`] (Ed25519) and
/// [`crate::cosig::CosignatureVerifier`] (timestamped cosignatures).
pub trait NoteVerifier {
    /// The key name used in signature lines.
    fn name(&self) -> &str;
    /// The key ID used in signature lines.
    fn key_id(&self) -> u32;
    /// Whether `sig` (without the 4-byte key ID) is a valid signature of `body`.
    fn verify(&self, body: &str, sig: &[u8]) -> bool;
}

/// A key that can sign note bodies.
pub trait NoteSigner {
    /// The key name used in signature lines.
    fn name(&self) -> &str;
    /// The key ID used in signature lines.
    fn key_id(&self) -> u32;
    /// Signs `body`, returning the signature bytes without the key ID.
    fn sign(&self, body: &str) -> Result<Vec<u8>, NoteError>;
}

/// One signature line of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signature {
    /// Key name.
    pub name: String,
    /// Key ID.
    pub key_id: u32,
    /// Signature bytes, without the 4-byte key ID prefix.
    pub sig: Vec<u8>,
}

impl Signature {
    /// The signature line, `— <name> <base64(key ID ‖ sig)>\n`.
    pub fn to_line(&self) -> String {
        let mut blob = Vec::with_capacity(4 + self.sig.len());
        blob.extend_from_slice(&self.key_id.to_be_bytes());
        blob.extend_from_slice(&self.sig);
        format!("{SIG_PREFIX}{} {}\n", self.name, b64_encode(&blob))
    }

    /// Parses one signature line (without its trailing newline).
    pub fn parse_line(line: &str) -> Result<Self, NoteError> {
        let rest = line.strip_prefix(SIG_PREFIX).ok_or(NoteError::Malformed(
            "signature line must start with an em dash and a space",
        ))?;
        let (name, b64) = rest
            .split_once(' ')
            .ok_or(NoteError::Malformed("signature line has no signature"))?;
        if !is_valid_key_name(name) {
            return Err(NoteError::Malformed("invalid key name in signature line"));
        }
        let blob = b64_decode(b64).ok_or(NoteError::Malformed("bad signature base64"))?;
        if blob.len() < 5 {
            return Err(NoteError::Malformed("signature too short"));
        }
        Ok(Signature {
            name: name.to_owned(),
            key_id: u32::from_be_bytes([blob[0], blob[1], blob[2], blob[3]]),
            sig: blob[4..].to_vec(),
        })
    }
}

/// A note whose signatures were checked by [`open`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// The note text, including its final newline.
    pub body: String,
    /// Signatures by known keys, all verified.
    pub verified: Vec<Signature>,
    /// Signatures by unknown keys (not verified), without exact duplicates.
    pub unverified: Vec<Signature>,
}

/// Splits a note into its text and its signature lines *without verifying
/// anything*. The text must not be trusted; use [`open`] for that.
pub fn split_note(text: &str) -> Result<(&str, Vec<Signature>), NoteError> {
    if text.len() > MAX_NOTE_SIZE {
        return Err(NoteError::Malformed("note too large"));
    }
    if text.bytes().any(|b| b < 0x20 && b != b'\n') {
        return Err(NoteError::Malformed("control character in note"));
    }
    // The last blank line separates the text from the signatures.
    let split = text
        .rfind("\n\n")
        .ok_or(NoteError::Malformed("no blank line before the signatures"))?;
    let (body, sigs) = (&text[..=split], &text[split + 2..]);
    if sigs.is_empty() || !sigs.ends_with('\n') {
        return Err(NoteError::Malformed(
            "signature block must end in a newline",
        ));
    }
    let mut out = Vec::new();
    for line in sigs[..sigs.len() - 1].split('\n') {
        if out.len() >= MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        out.push(Signature::parse_line(line)?);
    }
    Ok((body, out))
}

/// Parses a signed note and verifies it against `verifiers` following the
/// rules of C2SP signed-note v1.0.0 (see the module documentation).
///
/// Repeated signatures by the same known key and repeated identical unknown
/// lines are dropped, like Go's `note.Open`.
pub fn open(text: &str, verifiers: &[&dyn NoteVerifier]) -> Result<Note, NoteError> {
    let (body, sigs) = split_note(text)?;
    let mut note = Note {
        body: body.to_owned(),
        verified: Vec::new(),
        unverified: Vec::new(),
    };
    for sig in sigs {
        let known = verifiers
            .iter()
            .find(|v| v.name() == sig.name && v.key_id() == sig.key_id);
        match known {
            None => {
                if !note.unverified.contains(&sig) {
                    note.unverified.push(sig);
                }
            }
            Some(v) => {
                if note
                    .verified
                    .iter()
                    .any(|s| s.name == sig.name && s.key_id == sig.key_id)
                {
                    continue;
                }
                if !v.verify(body, &sig.sig) {
                    return Err(NoteError::InvalidSignature {
                        name: sig.name,
                        key_id: sig.key_id,
                    });
                }
                note.verified.push(sig);
            }
        }
    }
    if note.verified.is_empty() {
        return Err(NoteError::NoVerifiedSignature);
    }
    Ok(note)
}

/// Signs `body` with each signer and returns the complete note text.
///
/// `body` must be valid note text: non-empty, ending in a newline, without
/// control characters other than newline.
pub fn sign(body: &str, signers: &[&dyn NoteSigner]) -> Result<String, NoteError> {
    check_body(body)?;
    if signers.is_empty() {
        return Err(NoteError::Malformed("a note needs at least one signature"));
    }
    let mut out = String::with_capacity(body.len() + 1 + signers.len() * 100);
    out.push_str(body);
    out.push('\n');
    for s in signers {
        if !is_valid_key_name(s.name()) {
            return Err(NoteError::BadKeyName);
        }
        let sig = Signature {
            name: s.name().to_owned(),
            key_id: s.key_id(),
            sig: s.sign(body)?,
        };
        out.push_str(&sig.to_line());
    }
    Ok(out)
}

/// Appends signature lines (for example witness cosignatures) to a signed
/// note, skipping lines already present. Verifies nothing.
pub fn append_signatures(note_text: &str, sigs: &[Signature]) -> Result<String, NoteError> {
    let (_, existing) = split_note(note_text)?;
    let mut out = note_text.to_owned();
    let mut count = existing.len();
    for sig in sigs {
        if !is_valid_key_name(&sig.name) || sig.sig.is_empty() {
            return Err(NoteError::Malformed("invalid signature to append"));
        }
        if existing.contains(sig) {
            continue;
        }
        count += 1;
        if count > MAX_SIGNATURES {
            return Err(NoteError::TooManySignatures);
        }
        out.push_str(&sig.to_line());
    }
    Ok(out)
}

pub(crate) fn check_body(body: &str) -> Result<(), NoteError> {
    if body.is_empty() || !body.ends_with('\n') {
        return Err(NoteError::Malformed("note text must end in a newline"));
    }
    if body.bytes().any(|b| b < 0x20 && b != b'\n') {
        return Err(NoteError::Malformed("control character in note"));
    }
    if body.len() > MAX_NOTE_SIZE / 2 {
        return Err(NoteError::Malformed("note too large"));
    }
    Ok(())
}

/// A parsed vkey: `name+hex(keyID)+base64(type ‖ key)`, key ID checked.
pub(crate) struct ParsedKey {
    pub(crate) name: String,
    pub(crate) key_id: u32,
    pub(crate) sig_type: u8,
    pub(crate) key: Vec<u8>,
}

/// Parses `name+hex8+base64(type ‖ key)` and checks the key ID against the
/// recommended SHA-256 construction.
pub(crate) fn parse_key_text(text: &str) -> Result<ParsedKey, NoteError> {
    let (name, rest) = text
        .split_once('+')
        .ok_or(NoteError::BadKey("missing '+'"))?;
    let (id_hex, key_b64) = rest
        .split_once('+')
        .ok_or(NoteError::BadKey("missing '+'"))?;
    if !is_valid_key_name(name) {
        return Err(NoteError::BadKeyName);
    }
    if id_hex.len() != 8 || !id_hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(NoteError::BadKey("key ID must be 8 hex digits"));
    }
    let key_id = u32::from_str_radix(id_hex, 16)
        .map_err(|_| NoteError::BadKey("key ID must be 8 hex digits"))?;
    let blob = b64_decode(key_b64).ok_or(NoteError::BadKey("bad key base64"))?;
    let (&sig_type, key) = blob.split_first().ok_or(NoteError::BadKey("empty key"))?;
    Ok(ParsedKey {
        name: name.to_owned(),
        key_id,
        sig_type,
        key: key.to_vec(),
    })
}

pub(crate) fn key_text(name: &str, key_id: u32, sig_type: u8, key: &[u8]) -> String {
    let mut blob = Vec::with_capacity(1 + key.len());
    blob.push(sig_type);
    blob.extend_from_slice(key);
    format!("{name}+{key_id:08x}+{}", b64_encode(&blob))
}

/// Parses an Ed25519 public key text of the given signature type.
pub(crate) fn parse_ed25519_vkey(
    text: &str,
    sig_type: u8,
) -> Result<(String, u32, VerifyingKey), NoteError> {
    let k = parse_key_text(text)?;
    if k.sig_type != sig_type {
        return Err(NoteError::BadKey("unsupported signature type"));
    }
    let bytes: [u8; 32] = k
        .key
        .as_slice()
        .try_into()
        .map_err(|_| NoteError::BadKey("Ed25519 public key must be 32 bytes"))?;
    if key_id(&k.name, sig_type, &bytes) != k.key_id {
        return Err(NoteError::KeyIdMismatch);
    }
    let vk = VerifyingKey::from_bytes(&bytes)
        .map_err(|_| NoteError::BadKey("invalid Ed25519 public key"))?;
    Ok((k.name, k.key_id, vk))
}

/// Parses an Ed25519 private key text `PRIVATE+KEY+name+hex(id)+base64(type ‖ seed)`.
pub(crate) fn parse_ed25519_skey(
    text: &str,
    sig_type: u8,
) -> Result<(String, SigningKey), NoteError> {
    let rest = text.strip_prefix(SKEY_PREFIX).ok_or(NoteError::BadKey(
        "private key must start with PRIVATE+KEY+",
    ))?;
    let k = parse_key_text(rest)?;
    if k.sig_type != sig_type {
        return Err(NoteError::BadKey("unsupported signature type"));
    }
    let seed: [u8; 32] = k
        .key
        .as_slice()
        .try_into()
        .map_err(|_| NoteError::BadKey("Ed25519 seed must be 32 bytes"))?;
    let sk = SigningKey::from_bytes(&seed);
    if key_id(&k.name, sig_type, sk.verifying_key().as_bytes()) != k.key_id {
        return Err(NoteError::KeyIdMismatch);
    }
    Ok((k.name, sk))
}

pub(crate) fn skey_text(name: &str, key_id: u32, sig_type: u8, sk: &SigningKey) -> String {
    format!(
        "{SKEY_PREFIX}{}",
        key_text(name, key_id, sig_type, sk.as_bytes())
    )
}

/// An Ed25519 note signer (signature type 0x01): a key name and a private key.
#[derive(Clone)]
pub struct Signer {
    name: String,
    key_id: u32,
    key: SigningKey,
}

impl Signer {
    /// Builds a signer from a key name and a 32-byte Ed25519 seed (the caller
    /// supplies the randomness, e.g. from `rand::rngs::OsRng`).
    pub fn from_seed(name: &str, seed: [u8; 32]) -> Result<Self, NoteError> {
        if !is_valid_key_name(name) {
            return Err(NoteError::BadKeyName);
        }
        let key = SigningKey::from_bytes(&seed);
        let key_id = key_id(name, SIG_TYPE_ED25519, key.verifying_key().as_bytes());
        Ok(Signer {
            name: name.to_owned(),
            key_id,
            key,
        })
    }

    /// Parses a private key text `PRIVATE+KEY+name+hex(keyID)+base64(0x01 ‖ seed)`.
    pub fn from_skey(skey: &str) -> Result<Self, NoteError> {
        let (name, key) = parse_ed25519_skey(skey, SIG_TYPE_ED25519)?;
        Self::from_seed(&name, key.to_bytes())
    }

    /// The private key text (secret: store it like a password).
    pub fn skey(&self) -> String {
        skey_text(&self.name, self.key_id, SIG_TYPE_ED25519, &self.key)
    }

    /// The public key text `name+hex(keyID)+base64(0x01 ‖ public key)`.
    pub fn vkey(&self) -> String {
        key_text(
            &self.name,
            self.key_id,
            SIG_TYPE_ED25519,
            self.key.verifying_key().as_bytes(),
        )
    }

    /// The matching verifier.
    pub fn verifier(&self) -> Verifier {
        Verifier {
            name: self.name.clone(),
            key_id: self.key_id,
            key: self.key.verifying_key(),
        }
    }
}

impl fmt::Debug for Signer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Signer")
            .field("name", &self.name)
            .field("key_id", &format_args!("{:08x}", self.key_id))
            .finish_non_exhaustive()
    }
}

impl NoteSigner for Signer {
    fn name(&self) -> &str {
        &self.name
    }
    fn key_id(&self) -> u32 {
        self.key_id
    }
    fn sign(&self, body: &str) -> Result<Vec<u8>, NoteError> {
        Ok(self.key.sign(body.as_bytes()).to_bytes().to_vec())
    }
}

/// An Ed25519 note verifier (signature type 0x01).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verifier {
    name: String,
    key_id: u32,
    key: VerifyingKey,
}

impl Verifier {
    /// Parses a vkey `name+hex(keyID)+base64(0x01 ‖ 32-byte public key)`,
    /// checking that the key ID matches the name and key.
    pub fn from_vkey(vkey: &str) -> Result<Self, NoteError> {
        let (name, key_id, key) = parse_ed25519_vkey(vkey, SIG_TYPE_ED25519)?;
        Ok(Verifier { name, key_id, key })
    }

    /// The vkey text of this verifier.
    pub fn vkey(&self) -> String {
        key_text(
            &self.name,
            self.key_id,
            SIG_TYPE_ED25519,
            self.key.as_bytes(),
        )
    }

    /// The Ed25519 public key.
    pub fn public_key(&self) -> &VerifyingKey {
        &self.key
    }
}

impl NoteVerifier for Verifier {
    fn name(&self) -> &str {
        &self.name
    }
    fn key_id(&self) -> u32 {
        self.key_id
    }
    fn verify(&self, body: &str, sig: &[u8]) -> bool {
        let Ok(sig) = ed25519_dalek::Signature::from_slice(sig) else {
            return false;
        };
        self.key.verify_strict(body.as_bytes(), &sig).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VKEY: &str = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
    const NOTE: &str = "This is an example message.\n\n\u{2014} example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    #[test]
    fn published_vector_verifies() {
        let v = Verifier::from_vkey(VKEY).unwrap();
        assert_eq!(v.key_id(), 0x530d903a);
        assert_eq!(v.vkey(), VKEY);
        let note = open(NOTE, &[&v]).unwrap();
        assert_eq!(note.body, "This is an example message.\n");
        assert_eq!(note.verified.len(), 1);
        assert!(note.unverified.is_empty());
    }

    #[test]
    fn sign_open_round_trip_and_skey() {
        let s = Signer::from_seed("netral.test/log", [7; 32]).unwrap();
        let s2 = Signer::from_skey(&s.skey()).unwrap();
        assert_eq!(s2.vkey(), s.vkey());
        let v = Verifier::from_vkey(&s.vkey()).unwrap();
        let text = sign("hello\n\nworld\n", &[&s]).unwrap();
        let note = open(&text, &[&v]).unwrap();
        assert_eq!(note.body, "hello\n\nworld\n");
        assert!(!format!("{s:?}").contains("PRIVATE"));
    }
}
