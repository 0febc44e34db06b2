//! The witness side of C2SP tlog-witness v1.0.0 `add-checkpoint`, as a pure
//! state machine: the caller does HTTP, storage and the clock.
//!
//! A server handles `POST <prefix>/add-checkpoint` like this:
//!
//! 1. [`AddCheckpointRequest::parse`] the body (400 if malformed) and read
//!    [`AddCheckpointRequest::origin`];
//! 2. in one transaction, load the recorded [`LogState`] for that origin,
//!    call [`Witness::add_checkpoint`] with the current time, and persist
//!    [`Cosigned::state`] **before** answering (compare-and-swap on the old
//!    size, so that two racing requests cannot roll the state back);
//! 3. answer 200 with [`Cosigned::response_body`], or map the
//!    [`WitnessError`] with [`WitnessError::status`], [`WitnessError::body`] and
//!    [`WitnessError::content_type`].

use std::collections::BTreeMap;

use crate::checkpoint::Checkpoint;
use crate::cosig::{CosignerKey, MAX_TIMESTAMP};
use crate::error::{LedgerError, NoteError, ProofError};
use crate::hash::{Hash, empty_root};
use crate::note::{self, NoteVerifier, Signature, Verifier};
use crate::proof::verify_consistency;
use crate::text::{b64_encode, b64_hash, decimal};

/// The most consistency proof lines a request may carry.
pub const MAX_PROOF_LINES: usize = 63;

/// Why an `add-checkpoint` request was refused, with its HTTP status.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum WitnessError {
    /// 400: the body is malformed, or the old size is larger than the checkpoint size.
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    /// 403: no signature by a trusted log key verifies, or one is invalid.
    #[error("checkpoint signature not verified: {0}")]
    Forbidden(NoteError),
    /// 404: the checkpoint origin is not a known log.
    #[error("unknown log origin")]
    UnknownOrigin,
    /// 409: the old size is not the size the witness recorded for this log.
    #[error("old size does not match the recorded size {recorded_size}")]
    Conflict {
        /// The recorded size, returned to the client in the body.
        recorded_size: u64,
    },
    /// 422: the consistency proof does not verify (or the roots differ at
    /// equal sizes, a proof was sent with old size 0, or a size-0 checkpoint
    /// does not carry the empty-tree root).
    #[error("unprocessable: {0}")]
    Unprocessable(&'static str),
    /// 500: the caller passed an impossible timestamp (above 2^63 − 1).
    #[error("internal error: {0}")]
    Internal(&'static str),
}

impl WitnessError {
    /// The HTTP status code.
    pub fn status(&self) -> u16 {
        match self {
            WitnessError::BadRequest(_) => 400,
            WitnessError::Forbidden(_) => 403,
            WitnessError::UnknownOrigin => 404,
            WitnessError::Conflict { .. } => 409,
            WitnessError::Unprocessable(_) => 422,
            WitnessError::Internal(_) => 500,
        }
    }

    /// The response body: the recorded size and a newline for 409, else a short reason.
    pub fn body(&self) -> String {
        match self {
            WitnessError::Conflict { recorded_size } => format!("{recorded_size}\n"),
            other => format!("{other}\n"),
        }
    }

    /// The response `Content-Type`: `text/x.tlog.size` for 409, else plain text.
    pub fn content_type(&self) -> &'static str {
        match self {
            WitnessError::Conflict { .. } => "text/x.tlog.size",
            _ => "text/plain; charset=utf-8",
        }
    }
}

/// A parsed `add-checkpoint` request body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddCheckpointRequest {
    /// The size of the checkpoint the client believes the witness last cosigned.
    pub old_size: u64,
    /// Consistency proof from `old_size` to the checkpoint size.
    pub proof: Vec<Hash>,
    /// The signed checkpoint note.
    pub checkpoint: String,
}

impl AddCheckpointRequest {
    /// Parses `old <size>\n`, 0–63 base64 proof lines, a blank line, and the
    /// signed checkpoint. Errors are 400s.
    pub fn parse(body: &[u8]) -> Result<Self, WitnessError> {
        if body.len() > note::MAX_NOTE_SIZE + 4096 {
            return Err(WitnessError::BadRequest("request too large"));
        }
        let text =
            std::str::from_utf8(body).map_err(|_| WitnessError::BadRequest("body is not UTF-8"))?;
        let (first, mut rest) = text
            .split_once('\n')
            .ok_or(WitnessError::BadRequest("missing old size line"))?;
        let old_size = first
            .strip_prefix("old ")
            .and_then(decimal)
            .ok_or(WitnessError::BadRequest("bad old size line"))?;
        let mut proof = Vec::new();
        loop {
            let (line, tail) = rest
                .split_once('\n')
                .ok_or(WitnessError::BadRequest("missing blank line"))?;
            rest = tail;
            if line.is_empty() {
                break;
            }
            if proof.len() == MAX_PROOF_LINES {
                return Err(WitnessError::BadRequest("more than 63 proof lines"));
            }
            proof.push(b64_hash(line).ok_or(WitnessError::BadRequest("bad proof line"))?);
        }
        let (cp_body, _) = note::split_note(rest)
            .map_err(|_| WitnessError::BadRequest("malformed checkpoint note"))?;
        Checkpoint::parse(cp_body).map_err(|_| WitnessError::BadRequest("malformed checkpoint"))?;
        Ok(AddCheckpointRequest {
            old_size,
            proof,
            checkpoint: rest.to_owned(),
        })
    }

    /// The request body text (what a log sends to a witness).
    pub fn to_body(&self) -> String {
        let mut s = format!("old {}\n", self.old_size);
        for h in &self.proof {
            s.push_str(&b64_encode(h));
            s.push('\n');
        }
        s.push('\n');
        s.push_str(&self.checkpoint);
        s
    }

    /// The checkpoint origin (unverified), to look up the log and its state.
    pub fn origin(&self) -> Result<String, WitnessError> {
        Ok(self.unverified_checkpoint()?.origin)
    }

    fn unverified_checkpoint(&self) -> Result<Checkpoint, WitnessError> {
        let (body, _) = note::split_note(&self.checkpoint)
            .map_err(|_| WitnessError::BadRequest("malformed checkpoint note"))?;
        Checkpoint::parse(body).map_err(|_| WitnessError::BadRequest("malformed checkpoint"))
    }
}

/// What the witness records per log: the latest cosigned size and root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LogState {
    /// Tree size of the latest cosigned checkpoint.
    pub size: u64,
    /// Root hash of the latest cosigned checkpoint.
    pub root: Hash,
}

/// A successful `add-checkpoint`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cosigned {
    /// The log origin.
    pub origin: String,
    /// The state to persist (atomically with the old-size check) before answering.
    pub state: LogState,
    /// The verified checkpoint.
    pub checkpoint: Checkpoint,
    /// The cosignatures, one per witness key.
    pub cosignatures: Vec<Signature>,
}

impl Cosigned {
    /// The 200 response body: one note signature line per cosignature.
    pub fn response_body(&self) -> String {
        self.cosignatures.iter().map(Signature::to_line).collect()
    }
}

/// A witness: its cosigning key(s) and the logs it knows (origin → log verifiers).
#[derive(Debug, Clone)]
pub struct Witness {
    keys: Vec<CosignerKey>,
    logs: BTreeMap<String, Vec<Verifier>>,
}

impl Witness {
    /// A witness that cosigns with `keys` (usually one).
    pub fn new(keys: Vec<CosignerKey>) -> Self {
        Witness {
            keys,
            logs: BTreeMap::new(),
        }
    }

    /// Trusts `verifier` for checkpoints of `origin`.
    pub fn add_log(&mut self, origin: impl Into<String>, verifier: Verifier) {
        self.logs.entry(origin.into()).or_default().push(verifier);
    }

    /// Whether `origin` is a known log.
    pub fn knows(&self, origin: &str) -> bool {
        self.logs.contains_key(origin)
    }

    /// Decides an `add-checkpoint` request given the state recorded for the
    /// request's origin (`None` if the witness never cosigned for it) and the
    /// current time in POSIX seconds.
    ///
    /// Checks, in order: known origin (404), a valid log signature and no
    /// invalid one (403), old ≤ new (400), old = recorded size (409), then the
    /// consistency proof (422). Old size 0 means "trust on first use": the
    /// proof must then be empty, and a size-0 checkpoint must carry the
    /// empty-tree root.
    pub fn add_checkpoint(
        &self,
        req: &AddCheckpointRequest,
        recorded: Option<&LogState>,
        timestamp: u64,
    ) -> Result<Cosigned, WitnessError> {
        if timestamp > MAX_TIMESTAMP {
            return Err(WitnessError::Internal("cosignature timestamp out of range"));
        }
        let origin = req.origin()?;
        let verifiers = self.logs.get(&origin).ok_or(WitnessError::UnknownOrigin)?;
        let dyn_verifiers: Vec<&dyn NoteVerifier> =
            verifiers.iter().map(|v| v as &dyn NoteVerifier).collect();
        let (checkpoint, note) =
            Checkpoint::open(&req.checkpoint, &dyn_verifiers).map_err(|e| match e {
                LedgerError::Note(n) => WitnessError::Forbidden(n),
                _ => WitnessError::BadRequest("malformed checkpoint"),
            })?;
        if req.old_size > checkpoint.size {
            return Err(WitnessError::BadRequest(
                "old size is larger than the checkpoint size",
            ));
        }
        let recorded_size = recorded.map_or(0, |s| s.size);
        if req.old_size != recorded_size {
            return Err(WitnessError::Conflict { recorded_size });
        }
        if req.old_size == 0 {
            if !req.proof.is_empty() {
                return Err(WitnessError::Unprocessable(
                    "old size 0 needs an empty proof",
                ));
            }
            if checkpoint.size == 0 && checkpoint.root != empty_root() {
                return Err(WitnessError::Unprocessable(
                    "size-0 checkpoint without the empty-tree root",
                ));
            }
        } else {
            let old_root = recorded.map_or(empty_root(), |s| s.root);
            verify_consistency(
                req.old_size,
                checkpoint.size,
                &req.proof,
                &old_root,
                &checkpoint.root,
            )
            .map_err(|e| match e {
                ProofError::RootMismatch if req.old_size == checkpoint.size => {
                    WitnessError::Unprocessable(
                        "root differs from the recorded root at the same size",
                    )
                }
                _ => WitnessError::Unprocessable("consistency proof does not verify"),
            })?;
        }
        let cosignatures = self
            .keys
            .iter()
            .map(|k| k.cosign(&note.body, timestamp))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| WitnessError::Internal("cosignature timestamp out of range"))?;
        Ok(Cosigned {
            origin,
            state: LogState {
                size: checkpoint.size,
                root: checkpoint.root,
            },
            checkpoint,
            cosignatures,
        })
    }
}
