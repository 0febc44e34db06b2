//! Checkpoints (C2SP tlog-checkpoint v1.0.0): the signed tree head of a log.
//!
//! The note body is
//!
//! ```text
//! <origin>
//! <tree size, decimal, no leading zeroes>
//! <base64 root hash>
//! [<extension line>...]
//! ```
//!
//! The log signs it as a signed note ([`crate::note`]) with a key whose name
//! should equal the origin, and must never sign two checkpoints that are not
//! mutually consistent.

use crate::error::LedgerError;
use crate::hash::Hash;
use crate::note::{self, Note, NoteVerifier};
use crate::text::{b64_encode, b64_hash, decimal};

const WHAT: &str = "checkpoint";

/// A parsed checkpoint body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkpoint {
    /// Unique identity of the log, e.g. `pakta.example.go.id/kab-kotim/pilkada2029`.
    pub origin: String,
    /// Number of entries in the tree.
    pub size: u64,
    /// RFC 6962 root hash of the tree at `size`.
    pub root: Hash,
    /// Optional non-empty extension lines (not recommended: monitors cannot audit them).
    pub extensions: Vec<String>,
}

impl Checkpoint {
    /// A checkpoint without extension lines.
    pub fn new(origin: impl Into<String>, size: u64, root: Hash) -> Self {
        Checkpoint {
            origin: origin.into(),
            size,
            root,
            extensions: Vec::new(),
        }
    }

    /// The note body: origin, size and base64 root lines, then extension lines,
    /// each ending in a newline.
    pub fn body(&self) -> String {
        let mut s = format!(
            "{}\n{}\n{}\n",
            self.origin,
            self.size,
            b64_encode(&self.root)
        );
        for ext in &self.extensions {
            s.push_str(ext);
            s.push('\n');
        }
        s
    }

    /// Checks that [`Checkpoint::body`] would parse back to `self`: non-empty
    /// origin and extension lines, no newline or control character in them.
    pub fn validate(&self) -> Result<(), LedgerError> {
        let line_ok = |l: &str| !l.is_empty() && !l.chars().any(|c| (c as u32) < 0x20);
        if !line_ok(&self.origin) {
            return Err(LedgerError::malformed(
                WHAT,
                "origin must be a non-empty line",
            ));
        }
        if !self.extensions.iter().all(|e| line_ok(e)) {
            return Err(LedgerError::malformed(
                WHAT,
                "extension lines must be non-empty lines",
            ));
        }
        Ok(())
    }

    /// Strictly parses a checkpoint body (the note text, ending in a newline).
    pub fn parse(body: &str) -> Result<Self, LedgerError> {
        let text = body
            .strip_suffix('\n')
            .ok_or(LedgerError::malformed(WHAT, "body must end in a newline"))?;
        if body.bytes().any(|b| b < 0x20 && b != b'\n') {
            return Err(LedgerError::malformed(WHAT, "control character"));
        }
        let mut lines = text.split('\n');
        let origin = lines.next().unwrap_or_default();
        let size = lines
            .next()
            .ok_or(LedgerError::malformed(WHAT, "fewer than three lines"))?;
        let root = lines
            .next()
            .ok_or(LedgerError::malformed(WHAT, "fewer than three lines"))?;
        if origin.is_empty() {
            return Err(LedgerError::malformed(WHAT, "empty origin"));
        }
        let size = decimal(size).ok_or(LedgerError::malformed(WHAT, "bad tree size"))?;
        let root = b64_hash(root).ok_or(LedgerError::malformed(WHAT, "bad root hash"))?;
        let extensions: Vec<String> = lines.map(str::to_owned).collect();
        if extensions.iter().any(String::is_empty) {
            return Err(LedgerError::malformed(WHAT, "empty extension line"));
        }
        Ok(Checkpoint {
            origin: origin.to_owned(),
            size,
            root,
            extensions,
        })
    }

    /// Signs the checkpoint body with the given signers and returns the note text.
    pub fn sign(&self, signers: &[&dyn note::NoteSigner]) -> Result<String, LedgerError> {
        self.validate()?;
        Ok(note::sign(&self.body(), signers)?)
    }

    /// Opens a signed checkpoint note with [`note::open`] and parses its body.
    ///
    /// This checks the signed-note rules only; callers decide which verified
    /// signatures they need (for example one by the log whose key name is the origin).
    pub fn open(
        note_text: &str,
        verifiers: &[&dyn NoteVerifier],
    ) -> Result<(Checkpoint, Note), LedgerError> {
        let note = note::open(note_text, verifiers)?;
        let cp = Checkpoint::parse(&note.body)?;
        Ok((cp, note))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_spec_example() {
        let body =
            "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        let cp = Checkpoint::parse(body).unwrap();
        assert_eq!(cp.origin, "example.com/behind-the-sofa");
        assert_eq!(cp.size, 20852163);
        assert!(cp.extensions.is_empty());
        assert_eq!(cp.body(), body);
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "o\n1\n",
            "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=",
            "\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
            "o\n01\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
            "o\n-1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
            "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I\n",
            "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n\n",
            "o\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jx\n",
            "o\r\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n",
        ] {
            assert!(Checkpoint::parse(bad).is_err(), "{bad:?}");
        }
    }
}
