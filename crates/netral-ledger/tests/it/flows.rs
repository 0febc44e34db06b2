//! End-to-end flows: a log signs checkpoints, witnesses cosign them through
//! the tlog-witness state machine, and an offline verifier checks a
//! `.tlog-proof` bundle against a tlog-policy.

use netral_ledger::NoteError;
use netral_ledger::bundle::{ProofBundle, verify_bundle};
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::cosig::{
    CosignatureVerifier, CosignerKey, cosignature_timestamp, cosigned_message,
};
use netral_ledger::hash::{Hash, empty_root, leaf_hash};
use netral_ledger::note::{self, NoteVerifier, Signature, Signer, Verifier};
use netral_ledger::policy::Policy;
use netral_ledger::tree::{MemoryHashStore, prove_record, prove_tree};
use netral_ledger::witness::{AddCheckpointRequest, LogState, Witness, WitnessError};
use netral_ledger::{LedgerError, ProofError};

const ORIGIN: &str = "pakta.example.go.id/kab-kotim/pilkada2029";
const NOW: u64 = 1_893_456_000;

struct Log {
    signer: Signer,
    store: MemoryHashStore,
}

impl Log {
    fn new(entries: u64) -> Self {
        let mut log = Log {
            signer: Signer::from_seed(ORIGIN, [11; 32]).expect("signer"),
            store: MemoryHashStore::new(),
        };
        log.grow(entries);
        log
    }

    fn grow(&mut self, entries: u64) {
        for _ in 0..entries {
            let i = self.store.size();
            self.store
                .append(format!("pakta {i}").as_bytes())
                .expect("append");
        }
    }

    fn checkpoint(&self) -> Checkpoint {
        Checkpoint::new(ORIGIN, self.store.size(), self.store.root().expect("root"))
    }

    fn signed(&self) -> String {
        self.checkpoint().sign(&[&self.signer]).expect("sign")
    }

    fn request(&self, old: u64) -> AddCheckpointRequest {
        let proof = if old == 0 {
            Vec::new()
        } else {
            prove_tree(self.store.size(), old, &self.store).expect("consistency")
        };
        AddCheckpointRequest {
            old_size: old,
            proof,
            checkpoint: self.signed(),
        }
    }
}

fn witness_key(i: u8) -> CosignerKey {
    let name = [
        "bkn.go.id/witness",
        "bawaslu.go.id/witness",
        "komdigi.go.id/witness",
    ][usize::from(i)];
    CosignerKey::from_seed(name, [40 + i; 32]).expect("key")
}

fn witness(i: u8, log: &Log) -> Witness {
    let mut w = Witness::new(vec![witness_key(i)]);
    w.add_log(ORIGIN, log.signer.verifier());
    w
}

fn post(
    w: &Witness,
    req: &AddCheckpointRequest,
    state: Option<&LogState>,
) -> Result<netral_ledger::witness::Cosigned, WitnessError> {
    // Go through the wire format, as a server would.
    let parsed = AddCheckpointRequest::parse(req.to_body().as_bytes())?;
    assert_eq!(&parsed, req);
    w.add_checkpoint(&parsed, state, NOW)
}

#[test]
fn witness_accepts_first_checkpoint_then_consistent_growth() {
    let mut log = Log::new(5);
    let w = witness(0, &log);

    let first = post(&w, &log.request(0), None).expect("first checkpoint");
    assert_eq!(first.origin, ORIGIN);
    assert_eq!(first.state.size, 5);
    assert_eq!(first.cosignatures.len(), 1);
    let body = log.checkpoint().body();
    let line = first.response_body();
    assert!(line.starts_with("\u{2014} bkn.go.id/witness "));
    let ts = witness_key(0)
        .verifier()
        .verify_line(&body, &line)
        .expect("cosignature verifies");
    assert_eq!(ts, NOW);

    log.grow(37);
    let second = post(&w, &log.request(5), Some(&first.state)).expect("growth");
    assert_eq!(second.state.size, 42);
    assert_eq!(second.state.root, log.store.root().expect("root"));

    // Same size, same root, empty proof: cosigned again.
    let again = post(&w, &log.request(42), Some(&second.state)).expect("same size");
    assert_eq!(again.state, second.state);
}

#[test]
fn witness_error_statuses() {
    let mut log = Log::new(8);
    let w = witness(0, &log);
    let state = post(&w, &log.request(0), None).expect("first").state;
    log.grow(4);

    // 409: stale old size; the body is the recorded size.
    let err = post(&w, &log.request(3), Some(&state)).expect_err("conflict");
    assert_eq!(err, WitnessError::Conflict { recorded_size: 8 });
    assert_eq!(
        (err.status(), err.body(), err.content_type()),
        (409, "8\n".to_owned(), "text/x.tlog.size")
    );
    let err = post(&w, &log.request(0), Some(&state)).expect_err("conflict");
    assert_eq!(err.status(), 409);

    // 400: old larger than the checkpoint size.
    let mut req = log.request(8);
    req.old_size = 13;
    req.proof.clear();
    assert_eq!(
        post(&w, &req, Some(&state))
            .expect_err("bad request")
            .status(),
        400
    );

    // 422: a proof hash flipped.
    let mut req = log.request(8);
    req.proof[0][0] ^= 1;
    assert_eq!(
        post(&w, &req, Some(&state))
            .expect_err("bad proof")
            .status(),
        422
    );

    // 422: non-empty proof with old size 0.
    let mut req = log.request(0);
    req.proof.push([0; 32]);
    assert_eq!(
        post(&w, &req, None).expect_err("proof with old 0").status(),
        422
    );

    // 422: root mismatch at equal size (a split view).
    let forked = Checkpoint::new(ORIGIN, 8, [7; 32])
        .sign(&[&log.signer])
        .expect("sign");
    let req = AddCheckpointRequest {
        old_size: 8,
        proof: vec![],
        checkpoint: forked,
    };
    assert_eq!(
        post(&w, &req, Some(&state)).expect_err("fork").status(),
        422
    );

    // 404: unknown origin.
    let other = Signer::from_seed("other.example/log", [3; 32]).expect("signer");
    let cp = Checkpoint::new("other.example/log", 1, [1; 32])
        .sign(&[&other])
        .expect("sign");
    let req = AddCheckpointRequest {
        old_size: 0,
        proof: vec![],
        checkpoint: cp,
    };
    assert_eq!(post(&w, &req, None).expect_err("unknown").status(), 404);

    // 403: signed only by an unknown key with the log's name.
    let impostor = Signer::from_seed(ORIGIN, [99; 32]).expect("signer");
    let cp = log.checkpoint().sign(&[&impostor]).expect("sign");
    let req = AddCheckpointRequest {
        old_size: 0,
        proof: vec![],
        checkpoint: cp,
    };
    assert_eq!(post(&w, &req, None).expect_err("unsigned").status(), 403);

    // 403: the log's signature is invalid (signed a different body).
    let good = log.signed();
    let sig_lines = &good[good.rfind("\n\n").expect("split") + 1..];
    let tampered = format!(
        "{}{}",
        Checkpoint::new(ORIGIN, 12, [5; 32]).body(),
        sig_lines
    );
    let req = AddCheckpointRequest {
        old_size: 0,
        proof: vec![],
        checkpoint: tampered,
    };
    let err = post(&w, &req, None).expect_err("bad signature");
    assert!(
        matches!(
            err,
            WitnessError::Forbidden(NoteError::InvalidSignature { .. })
        ),
        "{err:?}"
    );

    // 400: garbage body.
    assert_eq!(
        AddCheckpointRequest::parse(b"old 01\n\n")
            .expect_err("leading zero")
            .status(),
        400
    );
    assert_eq!(
        AddCheckpointRequest::parse(b"\xff")
            .expect_err("utf8")
            .status(),
        400
    );
}

#[test]
fn witness_handles_the_empty_tree() {
    let log = Log::new(0);
    let w = witness(0, &log);
    let ok = post(&w, &log.request(0), None).expect("empty tree");
    assert_eq!(
        ok.state,
        LogState {
            size: 0,
            root: empty_root()
        }
    );
    let bad = Checkpoint::new(ORIGIN, 0, [1; 32])
        .sign(&[&log.signer])
        .expect("sign");
    let req = AddCheckpointRequest {
        old_size: 0,
        proof: vec![],
        checkpoint: bad,
    };
    assert_eq!(
        post(&w, &req, None).expect_err("bad empty root").status(),
        422
    );
}

#[test]
fn rejects_timestamps_beyond_i64() {
    let log = Log::new(1);
    let w = witness(0, &log);
    let err = w
        .add_checkpoint(&log.request(0), None, u64::MAX)
        .expect_err("timestamp");
    assert_eq!(err.status(), 500);
}

fn policy_text(log: &Log) -> String {
    format!(
        "# Netral: the region's log plus 2 of 3 institutional witnesses\n\
         log {}\n\
         \n\
         witness BKN     {}\n\
         witness Bawaslu {}  https://bawaslu.example/witness\n\
         witness Komdigi {}\n\
         group institusi 2 BKN Bawaslu Komdigi\n\
         quorum institusi\n",
        log.signer.vkey(),
        witness_key(0).vkey(),
        witness_key(1).vkey(),
        witness_key(2).vkey(),
    )
}

/// A checkpoint note carrying the cosignatures of the given witnesses.
fn cosigned_checkpoint(log: &Log, witnesses: &[u8]) -> String {
    let mut text = log.signed();
    for &i in witnesses {
        let w = witness(i, log);
        let ok = post(&w, &log.request(0), None).expect("cosign");
        text = note::append_signatures(&text, &ok.cosignatures).expect("append");
    }
    text
}

fn bundle_for(log: &Log, index: u64, checkpoint: String) -> ProofBundle {
    ProofBundle {
        extra: Some(b"pakta-v1".to_vec()),
        index,
        proof: prove_record(log.store.size(), index, &log.store).expect("prove"),
        checkpoint,
    }
}

fn leaf(i: u64) -> Hash {
    leaf_hash(format!("pakta {i}").as_bytes())
}

#[test]
fn bundle_verifies_with_log_and_two_of_three_witnesses() {
    let log = Log::new(1000);
    let policy = Policy::parse(&policy_text(&log)).expect("policy");
    let bundle = bundle_for(&log, 617, cosigned_checkpoint(&log, &[0, 2]));
    let text = bundle.to_text();
    assert!(text.starts_with("c2sp.org/tlog-proof@v1\nextra cGFrdGEtdjE=\nindex 617\n"));
    let parsed = ProofBundle::parse(&text).expect("parse");
    assert_eq!(parsed, bundle);

    let ok = verify_bundle(&parsed, &leaf(617), &policy).expect("verifies");
    assert_eq!(ok.index, 617);
    assert_eq!(ok.checkpoint, log.checkpoint());
    assert_eq!(
        ok.cosigners,
        vec![("BKN".to_owned(), NOW), ("Komdigi".to_owned(), NOW)]
    );

    // Wrong leaf or wrong index: the inclusion proof fails.
    assert!(matches!(
        verify_bundle(&parsed, &leaf(618), &policy),
        Err(LedgerError::Proof(ProofError::RootMismatch))
    ));
    let mut moved = parsed.clone();
    moved.index = 616;
    assert!(matches!(
        verify_bundle(&moved, &leaf(617), &policy),
        Err(LedgerError::Proof(_))
    ));
}

#[test]
fn bundle_rejects_insufficient_or_bad_cosignatures() {
    let log = Log::new(20);
    let policy = Policy::parse(&policy_text(&log)).expect("policy");

    let one = bundle_for(&log, 3, cosigned_checkpoint(&log, &[1]));
    assert!(matches!(
        verify_bundle(&one, &leaf(3), &policy),
        Err(LedgerError::QuorumNotSatisfied)
    ));

    // A forged cosignature by a known witness rejects the whole checkpoint.
    let mut forged = Signature::parse_line(
        cosigned_checkpoint(&log, &[2])
            .lines()
            .last()
            .expect("cosignature line"),
    )
    .expect("line");
    forged.sig[20] ^= 1;
    let text =
        note::append_signatures(&cosigned_checkpoint(&log, &[0]), &[forged]).expect("append");
    assert!(matches!(
        verify_bundle(&bundle_for(&log, 3, text), &leaf(3), &policy),
        Err(LedgerError::Note(NoteError::InvalidSignature { .. }))
    ));

    // Cosignatures from unknown witnesses are ignored.
    let stranger = CosignerKey::from_seed("stranger.example", [77; 32]).expect("key");
    let extra = stranger
        .cosign(&log.checkpoint().body(), NOW)
        .expect("cosign");
    let text =
        note::append_signatures(&cosigned_checkpoint(&log, &[0, 1]), &[extra]).expect("append");
    assert!(verify_bundle(&bundle_for(&log, 3, text), &leaf(3), &policy).is_ok());
}

#[test]
fn bundle_requires_the_log_signature_and_a_known_origin() {
    let log = Log::new(20);
    let policy = Policy::parse(&policy_text(&log)).expect("policy");

    // Witness cosignatures only, no log signature.
    let body = log.checkpoint().body();
    let sigs: Vec<Signature> = (0..3)
        .map(|i| witness_key(i).cosign(&body, NOW).expect("cosign"))
        .collect();
    let mut text = format!("{body}\n");
    for s in &sigs {
        text.push_str(&s.to_line());
    }
    assert!(matches!(
        verify_bundle(&bundle_for(&log, 3, text), &leaf(3), &policy),
        Err(LedgerError::MissingLogSignature)
    ));

    // A log the policy does not list.
    let other = Signer::from_seed("other.example/log", [3; 32]).expect("signer");
    let cp = Checkpoint::new(
        "other.example/log",
        log.store.size(),
        log.store.root().expect("root"),
    )
    .sign(&[&other])
    .expect("sign");
    assert!(matches!(
        verify_bundle(&bundle_for(&log, 3, cp), &leaf(3), &policy),
        Err(LedgerError::UnknownOrigin)
    ));
}

#[test]
fn policy_quorum_evaluation() {
    let log = Log::new(1);
    let policy = Policy::parse(&policy_text(&log)).expect("policy");
    assert_eq!(policy.logs().len(), 1);
    assert_eq!(policy.logs()[0].verifier.name(), ORIGIN);
    assert_eq!(policy.witnesses().count(), 3);
    assert!(!policy.quorum_satisfied::<&str>(&[]));
    assert!(!policy.quorum_satisfied(&["BKN"]));
    assert!(!policy.quorum_satisfied(&["BKN", "institusi", "nobody"]));
    assert!(policy.quorum_satisfied(&["BKN", "Komdigi"]));
    assert!(policy.quorum_satisfied(&["BKN", "Bawaslu", "Komdigi"]));

    // Two levels: 2 of X and any of Y (the tlog-policy example shape).
    let keys: Vec<String> = (0..6)
        .map(|i| {
            CosignerKey::from_seed(&format!("w{i}.example"), [i + 1; 32])
                .expect("key")
                .vkey()
        })
        .collect();
    let text = format!(
        "witness X1 {}\nwitness X2 {}\nwitness X3 {}\ngroup X 2 X1 X2 X3\n\
         witness Y1 {}\nwitness Y2 {}\nwitness Y3 {}\ngroup Y any Y1 Y2 Y3\n\
         group XY all X Y\nquorum XY\n",
        keys[0], keys[1], keys[2], keys[3], keys[4], keys[5]
    );
    let p = Policy::parse(&text).expect("two-level policy");
    assert!(p.quorum_satisfied(&["X1", "X3", "Y2"]));
    assert!(!p.quorum_satisfied(&["X1", "Y2", "Y3"]));
    assert!(!p.quorum_satisfied(&["X1", "X2", "X3"]));
    assert!(p.logs().is_empty());

    let none =
        Policy::parse(&format!("log {}\nquorum none\n", log.signer.vkey())).expect("quorum none");
    assert!(none.quorum_satisfied::<&str>(&[]));
}

#[test]
fn policy_rejects_malformed_files() {
    let log = Log::new(1);
    let (lv, w0, w1) = (
        log.signer.vkey(),
        witness_key(0).vkey(),
        witness_key(1).vkey(),
    );
    let cases = [
        ("no quorum", format!("log {lv}\n")),
        ("two quorums", "quorum none\nquorum none\n".to_owned()),
        ("unknown keyword", "quorum none\nwitnesses A B\n".to_owned()),
        ("undefined quorum", "quorum A\n".to_owned()),
        (
            "forward reference",
            format!("group g any A\nwitness A {w0}\nquorum g\n"),
        ),
        (
            "duplicate name",
            format!("witness A {w0}\nwitness A {w1}\nquorum A\n"),
        ),
        (
            "duplicate witness key",
            format!("witness A {w0}\nwitness B {w0}\nquorum A\n"),
        ),
        (
            "duplicate log key",
            format!("log {lv}\nlog {lv}\nquorum none\n"),
        ),
        (
            "member twice",
            format!("witness A {w0}\ngroup g 1 A A\nquorum g\n"),
        ),
        (
            "k too large",
            format!("witness A {w0}\ngroup g 2 A\nquorum g\n"),
        ),
        ("k zero", format!("witness A {w0}\ngroup g 0 A\nquorum g\n")),
        (
            "k leading zero",
            format!("witness A {w0}\nwitness B {w1}\ngroup g 01 A B\nquorum g\n"),
        ),
        ("no members", "group g any\nquorum g\n".to_owned()),
        (
            "none as member",
            format!("witness A {w0}\ngroup g any none\nquorum g\n"),
        ),
        ("none as name", format!("witness none {w0}\nquorum none\n")),
        ("witness key as log", format!("log {w0}\nquorum none\n")),
        ("log key as witness", format!("witness A {lv}\nquorum A\n")),
        ("control character", "quorum none\r\n".to_owned()),
        (
            "bad vkey",
            "log example.com+00000000+AAAA\nquorum none\n".to_owned(),
        ),
    ];
    for (what, text) in cases {
        assert!(Policy::parse(&text).is_err(), "{what}: {text:?}");
    }
    // Comments, blank lines, tabs and surrounding whitespace are fine.
    let ok = format!("  # comment\n\n\tlog\t{lv}  \n   quorum none   \n");
    assert!(Policy::parse(&ok).is_ok());
}

#[test]
fn cosignature_layout_and_key_ids() {
    let k = witness_key(0);
    let v = CosignatureVerifier::from_vkey(&k.vkey()).expect("vkey");
    assert_eq!(v, k.verifier());
    assert_eq!(
        CosignerKey::from_skey(&k.skey()).expect("skey").vkey(),
        k.vkey()
    );
    let expected_id = note::key_id(k.name(), 0x04, v.public_key().as_bytes());
    assert_eq!(k.key_id(), expected_id);
    // The vkey carries type byte 0x04, so a plain note verifier refuses it.
    assert!(Verifier::from_vkey(&k.vkey()).is_err());

    let body = Checkpoint::new("example.com/behind-the-sofa", 20852163, [1; 32]).body();
    let sig = k.cosign(&body, 1679315147).expect("cosign");
    assert_eq!(sig.sig.len(), 72);
    assert_eq!(&sig.sig[..8], &1679315147u64.to_be_bytes());
    assert_eq!(cosignature_timestamp(&sig), Some(1679315147));
    assert!(
        cosigned_message(&body, 1679315147)
            .starts_with("cosignature/v1\ntime 1679315147\nexample.com/")
    );
    assert!(v.verify(&body, &sig.sig));
    // The timestamp is signed: changing it breaks the signature.
    let mut moved = sig.clone();
    moved.sig[7] ^= 1;
    assert!(!v.verify(&body, &moved.sig));
    assert!(k.cosign(&body, 1 << 63).is_err());

    // The cosignature in the tlog-cosignature specification's example carries
    // time 1679315147 in the same layout.
    let spec = Signature::parse_line(
        "\u{2014} witness.example.com/w1 jWbPPwAAAABkGFDLEZMHwSRaJNiIDoe9DYn/zXcrtPHeolMI5OWXEhZCB9dlrDJsX3b2oyin1nPZqhf5nNo0xUe+mbIUBkBIfZ+qnA==",
    )
    .expect("spec line");
    assert_eq!(spec.key_id, 0x8d66cf3f);
    assert_eq!(cosignature_timestamp(&spec), Some(1679315147));
}

#[test]
fn note_verification_rules() {
    let a = Signer::from_seed("a.example", [1; 32]).expect("signer");
    let b = Signer::from_seed("b.example", [2; 32]).expect("signer");
    let (va, vb) = (a.verifier(), b.verifier());
    let text = note::sign("hello\n", &[&a, &b]).expect("sign");

    // Unknown keys are ignored but reported.
    let n = note::open(&text, &[&va]).expect("open");
    assert_eq!(n.verified.len(), 1);
    assert_eq!(n.unverified.len(), 1);
    assert_eq!(n.unverified[0].name, "b.example");
    // No known key at all.
    let c = Signer::from_seed("c.example", [3; 32])
        .expect("signer")
        .verifier();
    assert_eq!(
        note::open(&text, &[&c]),
        Err(NoteError::NoVerifiedSignature)
    );
    // Same name, different key: unknown, so ignored.
    let a2 = Signer::from_seed("a.example", [9; 32])
        .expect("signer")
        .verifier();
    assert_eq!(
        note::open(&text, &[&a2]),
        Err(NoteError::NoVerifiedSignature)
    );
    // A known key with a bad signature rejects the note even if another verifies.
    let lines: Vec<&str> = text.lines().collect();
    let mut b_sig = Signature::parse_line(lines[3]).expect("b's signature");
    b_sig.sig[0] ^= 1;
    let bad_b = format!("hello\n\n{}\n{}", lines[2], b_sig.to_line());
    assert!(matches!(
        note::open(&bad_b, &[&va, &vb]),
        Err(NoteError::InvalidSignature { .. })
    ));
    assert!(
        note::open(&bad_b, &[&va]).is_ok(),
        "unknown keys are not verified"
    );

    // Layout errors.
    for bad in [
        "hello\n",
        "hello\n\n",
        "hello\n\n\u{2014} a.example\n",
        "hello\n\n- a.example AAAAAAA=\n",
        "hello\n\n\u{2014} a.example AAAA\n",
        "he\u{7}llo\n\n\u{2014} a.example AAAAAAA=\n",
        "hello\n\n\u{2014} a+b AAAAAAA=\n",
    ] {
        assert!(note::open(bad, &[&va]).is_err(), "{bad:?}");
    }
    // Too many signatures.
    let mut many = text.clone();
    for i in 0..note::MAX_SIGNATURES {
        many.push_str(
            &Signature {
                name: format!("x{i}"),
                key_id: 1,
                sig: vec![1],
            }
            .to_line(),
        );
    }
    assert_eq!(note::open(&many, &[&va]), Err(NoteError::TooManySignatures));

    // Key texts.
    assert_eq!(Verifier::from_vkey(&a.vkey()).expect("vkey"), va);
    let vkey = a.vkey();
    let (name, rest) = vkey.split_once('+').expect("plus");
    let (_, key) = rest.split_once('+').expect("plus");
    assert_eq!(
        Verifier::from_vkey(&format!("{name}+00000000+{key}")),
        Err(NoteError::KeyIdMismatch)
    );
    assert!(Signer::from_seed("has space", [1; 32]).is_err());
    assert!(Signer::from_seed("has+plus", [1; 32]).is_err());
    assert!(Signer::from_seed("", [1; 32]).is_err());
    assert!(Signer::from_skey(&a.vkey()).is_err());
    assert!(a.skey().starts_with("PRIVATE+KEY+a.example+"));
}
