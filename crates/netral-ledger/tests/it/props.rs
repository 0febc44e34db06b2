//! Property tests: proofs from random trees (up to 10,000 leaves, sizes drawn
//! log-uniformly) verify, and every single mutation is rejected; parsers
//! round-trip and never panic on arbitrary input.

use netral_ledger::bundle::ProofBundle;
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::cosig::{CosignatureVerifier, CosignerKey};
use netral_ledger::hash::Hash;
use netral_ledger::note::{self, NoteSigner, NoteVerifier, Signer, Verifier};
use netral_ledger::policy::Policy;
use netral_ledger::proof::{verify_consistency, verify_inclusion};
use netral_ledger::tile::{
    Tile, TilePath, decode_entry_bundle, encode_entry_bundle, hash_from_tile, parse_tile_path,
    tile_for_index,
};
use netral_ledger::tree::{
    prove_record, prove_tree, split_stored_hash_index, stored_hash_index, tree_hash,
};
use netral_ledger::witness::{AddCheckpointRequest, Witness};
use proptest::prelude::*;
use proptest::sample::Index;

use crate::common::{BIG, big_log, flip, reference_consistency, reference_path};

/// Tree sizes in 1..=BIG, log-uniform: pick a bit length, then a size with it.
fn tree_size() -> impl Strategy<Value = u64> {
    (0u32..14).prop_flat_map(|b| (1u64 << b)..=((2u64 << b) - 1).min(BIG))
}

fn root_of(size: u64) -> Hash {
    tree_hash(size, &big_log().0).expect("root")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn inclusion_proofs_verify_and_every_mutation_fails(
        size in tree_size(),
        pick_index in any::<Index>(),
        pick_hash in any::<Index>(),
        bit in 0usize..256,
    ) {
        let (store, leaves) = big_log();
        let index = pick_index.index(size as usize) as u64;
        let leaf = leaves[index as usize];
        let root = root_of(size);
        let proof = prove_record(size, index, store).expect("prove");
        prop_assert_eq!(&proof, &reference_path(index as usize, &leaves[..size as usize]));
        prop_assert!(verify_inclusion(index, size, &leaf, &proof, &root).is_ok());

        // A single flipped bit in a proof hash, the root or the leaf.
        if !proof.is_empty() {
            let mut p = proof.clone();
            let j = pick_hash.index(p.len());
            p[j] = flip(&p[j], bit);
            prop_assert!(verify_inclusion(index, size, &leaf, &p, &root).is_err());
        }
        prop_assert!(verify_inclusion(index, size, &leaf, &proof, &flip(&root, bit)).is_err());
        prop_assert!(verify_inclusion(index, size, &flip(&leaf, bit), &proof, &root).is_err());

        // The same leaf, root and proof at a neighbouring index.
        for other in [index.wrapping_sub(1), index + 1] {
            prop_assert!(verify_inclusion(other, size, &leaf, &proof, &root).is_err());
        }
        // The proof does not show inclusion in a tree of a neighbouring size.
        // (On its own an audit path does not bind the size — index 0 has the
        // same path shape in trees of 3 and 4 leaves — which is why the size
        // is signed in the checkpoint together with the root.)
        for other in [size - 1, size + 1] {
            if other <= BIG {
                prop_assert!(verify_inclusion(index, other, &leaf, &proof, &root_of(other)).is_err());
            }
        }
        // Truncated or extended proofs.
        if !proof.is_empty() {
            prop_assert!(verify_inclusion(index, size, &leaf, &proof[..proof.len() - 1], &root).is_err());
        }
        let mut longer = proof.clone();
        longer.push(leaf);
        prop_assert!(verify_inclusion(index, size, &leaf, &longer, &root).is_err());
    }

    #[test]
    fn consistency_proofs_verify_and_every_mutation_fails(
        new in tree_size(),
        pick_old in any::<Index>(),
        pick_hash in any::<Index>(),
        bit in 0usize..256,
    ) {
        let (store, leaves) = big_log();
        let old = 1 + pick_old.index(new as usize) as u64;
        let (r1, r2) = (root_of(old), root_of(new));
        let proof = prove_tree(new, old, store).expect("prove");
        prop_assert_eq!(&proof, &reference_consistency(old as usize, &leaves[..new as usize]));
        prop_assert!(verify_consistency(old, new, &proof, &r1, &r2).is_ok());

        if !proof.is_empty() {
            let mut p = proof.clone();
            let j = pick_hash.index(p.len());
            p[j] = flip(&p[j], bit);
            prop_assert!(verify_consistency(old, new, &p, &r1, &r2).is_err());
            prop_assert!(verify_consistency(old, new, &proof[..proof.len() - 1], &r1, &r2).is_err());
        }
        prop_assert!(verify_consistency(old, new, &proof, &flip(&r1, bit), &r2).is_err());
        prop_assert!(verify_consistency(old, new, &proof, &r1, &flip(&r2, bit)).is_err());
        let mut longer = proof.clone();
        longer.push(r1);
        prop_assert!(verify_consistency(old, new, &longer, &r1, &r2).is_err());

        // The proof does not link trees of neighbouring sizes (with their real roots).
        for other in [old - 1, old + 1] {
            if other <= BIG && other != old {
                prop_assert!(verify_consistency(other, new, &proof, &root_of(other), &r2).is_err());
            }
        }
        for other in [new - 1, new + 1] {
            if (1..=BIG).contains(&other) {
                prop_assert!(verify_consistency(old, other, &proof, &r1, &root_of(other)).is_err());
            }
        }
    }

    #[test]
    fn proofs_through_tiles_match_direct_proofs(size in tree_size(), pick in any::<Index>()) {
        use netral_ledger::tile::{TileHashReader, read_tile};
        let store = &big_log().0;
        let index = pick.index(size as usize) as u64;
        let tiles = TileHashReader::new(size, |t: &Tile| read_tile(t, store));
        prop_assert_eq!(tree_hash(size, &tiles).expect("root"), root_of(size));
        prop_assert_eq!(
            prove_record(size, index, &tiles).expect("tile proof"),
            prove_record(size, index, store).expect("proof")
        );
        if index > 0 {
            prop_assert_eq!(
                prove_tree(size, index, &tiles).expect("tile proof"),
                prove_tree(size, index, store).expect("proof")
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Parser round trips.

fn line() -> impl Strategy<Value = String> {
    "\\PC{1,24}"
}

fn checkpoint() -> impl Strategy<Value = Checkpoint> {
    (
        line(),
        any::<u64>(),
        any::<[u8; 32]>(),
        prop::collection::vec(line(), 0..3),
    )
        .prop_map(|(origin, size, root, extensions)| Checkpoint {
            origin,
            size,
            root,
            extensions,
        })
}

fn signed_checkpoint_text() -> String {
    let signer = Signer::from_seed("log.example/a", [1; 32]).expect("signer");
    Checkpoint::new("log.example/a", 3, [9; 32])
        .sign(&[&signer])
        .expect("sign")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn checkpoint_round_trips(cp in checkpoint()) {
        prop_assert_eq!(Checkpoint::parse(&cp.body()).expect("parse"), cp);
    }

    #[test]
    fn note_sign_open_round_trips_and_edits_are_rejected(
        lines in prop::collection::vec("\\PC{0,20}", 1..5),
        seeds in prop::collection::vec(any::<[u8; 32]>(), 1..4),
        edit in any::<Index>(),
        replacement in "\\PC",
    ) {
        let body: String = lines.iter().map(|l| format!("{l}\n")).collect();
        let signers: Vec<Signer> = seeds
            .iter()
            .enumerate()
            .map(|(i, s)| Signer::from_seed(&format!("key{i}.example"), *s).expect("signer"))
            .collect();
        let verifiers: Vec<Verifier> = signers.iter().map(Signer::verifier).collect();
        let signer_refs: Vec<&dyn NoteSigner> = signers.iter().map(|s| s as &dyn NoteSigner).collect();
        let verifier_refs: Vec<&dyn NoteVerifier> = verifiers.iter().map(|v| v as &dyn NoteVerifier).collect();
        let text = note::sign(&body, &signer_refs).expect("sign");
        let opened = note::open(&text, &verifier_refs).expect("open");
        prop_assert_eq!(&opened.body, &body);
        prop_assert_eq!(opened.verified.len(), signers.len());

        // Replace one character of the body: the note must no longer open.
        let chars: Vec<char> = body.chars().collect();
        let at = edit.index(chars.len());
        let new_char = replacement.chars().next().expect("one char");
        if chars[at] != new_char {
            let mut edited: String = chars[..at].iter().collect();
            edited.push(new_char);
            edited.extend(&chars[at + 1..]);
            let tampered = format!("{edited}{}", &text[body.len()..]);
            prop_assert!(note::open(&tampered, &verifier_refs).is_err());
        }
    }

    #[test]
    fn tile_paths_round_trip(level in 0u8..9, n in any::<u64>(), shift in 0u32..64, width in 1u16..=256) {
        let n = n >> shift;
        match Tile::new(level, n, width) {
            Ok(tile) => {
                prop_assert_eq!(parse_tile_path(&tile.path()).expect("hash path"), TilePath::Hashes(tile));
                if level == 0 {
                    prop_assert_eq!(parse_tile_path(&tile.entries_path()).expect("entries path"), TilePath::Entries(tile));
                }
            }
            Err(_) => {
                let tile = Tile { level, n, width };
                prop_assert!(parse_tile_path(&tile.path()).is_err());
            }
        }
    }

    #[test]
    fn entry_bundles_round_trip(entries in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..300), 0..40)) {
        let data = encode_entry_bundle(&entries).expect("encode");
        let back = decode_entry_bundle(&data).expect("decode");
        prop_assert_eq!(back, entries.iter().map(Vec::as_slice).collect::<Vec<_>>());
    }

    #[test]
    fn proof_bundles_round_trip(
        extra in prop::option::of(prop::collection::vec(any::<u8>(), 0..64)),
        index in any::<u64>(),
        proof in prop::collection::vec(any::<[u8; 32]>(), 0..=64),
    ) {
        let bundle = ProofBundle { extra, index, proof, checkpoint: signed_checkpoint_text() };
        prop_assert_eq!(ProofBundle::parse(&bundle.to_text()).expect("parse"), bundle);
    }

    #[test]
    fn witness_requests_round_trip(old_size in any::<u64>(), proof in prop::collection::vec(any::<[u8; 32]>(), 0..=63)) {
        let req = AddCheckpointRequest { old_size, proof, checkpoint: signed_checkpoint_text() };
        prop_assert_eq!(AddCheckpointRequest::parse(req.to_body().as_bytes()).expect("parse"), req);
    }

    #[test]
    fn policies_round_trip(
        logs in 0usize..3,
        witnesses in 1usize..6,
        groups in prop::collection::vec((prop::collection::vec(any::<Index>(), 1..4), 0u8..4), 0..4),
        quorum in any::<Option<Index>>(),
    ) {
        let mut text = String::from("# generated\n");
        for i in 0..logs {
            let s = Signer::from_seed(&format!("log{i}.example"), [i as u8 + 1; 32]).expect("signer");
            text.push_str(&format!("log {}\n", s.vkey()));
        }
        let mut names: Vec<String> = Vec::new();
        for i in 0..witnesses {
            let k = CosignerKey::from_seed(&format!("w{i}.example"), [i as u8 + 100; 32]).expect("key");
            text.push_str(&format!("witness W{i} {}\n", k.vkey()));
            names.push(format!("W{i}"));
        }
        for (g, (members, kind)) in groups.iter().enumerate() {
            let mut picked: Vec<String> = members.iter().map(|m| names[m.index(names.len())].clone()).collect();
            picked.sort();
            picked.dedup();
            let threshold = match kind {
                0 => "any".to_owned(),
                1 => "all".to_owned(),
                k => (usize::from(*k)).min(picked.len()).to_string(),
            };
            text.push_str(&format!("group G{g} {threshold} {}\n", picked.join(" ")));
            names.push(format!("G{g}"));
        }
        match quorum {
            Some(q) => text.push_str(&format!("quorum {}\n", names[q.index(names.len())])),
            None => text.push_str("quorum none\n"),
        }
        let policy = Policy::parse(&text).expect("parse generated policy");
        prop_assert_eq!(Policy::parse(&policy.to_string()).expect("reparse"), policy);
    }
}

// ---------------------------------------------------------------------------
// No panics on arbitrary or mutated input.

/// Arbitrary text, biased towards the characters the formats use.
fn hostile_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[\u{2014} \\n\\t+x0-9a-zA-Z/=.p#\u{0}\r-]{0,300}",
    ]
}

/// A valid text with a few random character edits.
fn mutated(valid: String) -> impl Strategy<Value = String> {
    prop::collection::vec(
        (any::<Index>(), 0u8..3, "[\u{2014} \\n+x0-9A/=.\u{0}]"),
        1..4,
    )
    .prop_map(move |edits| {
        let mut chars: Vec<char> = valid.chars().collect();
        for (at, op, c) in edits {
            let c = c.chars().next().unwrap_or(' ');
            let i = at.index(chars.len() + 1);
            match op {
                0 => chars.insert(i, c),
                1 if i < chars.len() => {
                    chars.remove(i);
                }
                _ if i < chars.len() => chars[i] = c,
                _ => chars.push(c),
            }
        }
        chars.into_iter().collect()
    })
}

fn valid_samples() -> Vec<String> {
    let log = Signer::from_seed("log.example/a", [1; 32]).expect("signer");
    let w = CosignerKey::from_seed("w.example", [2; 32]).expect("key");
    let cp = signed_checkpoint_text();
    let cosig = w
        .cosign(
            &Checkpoint::new("log.example/a", 3, [9; 32]).body(),
            1_700_000_000,
        )
        .expect("cosign");
    let cosigned = note::append_signatures(&cp, &[cosig]).expect("append");
    let bundle = ProofBundle {
        extra: Some(b"x".to_vec()),
        index: 2,
        proof: vec![[3; 32]; 2],
        checkpoint: cosigned.clone(),
    };
    let req = AddCheckpointRequest {
        old_size: 1,
        proof: vec![[4; 32]],
        checkpoint: cp.clone(),
    };
    let policy = format!(
        "log {}\nwitness A {}\ngroup g any A\nquorum g\n",
        log.vkey(),
        w.vkey()
    );
    vec![
        cp,
        cosigned,
        bundle.to_text(),
        req.to_body(),
        policy,
        log.vkey(),
        w.vkey(),
        log.skey(),
        "tile/1/x001/234.p/7".to_owned(),
    ]
}

fn feed_all_parsers(text: &str) {
    let log = Signer::from_seed("log.example/a", [1; 32])
        .expect("signer")
        .verifier();
    let w = CosignerKey::from_seed("w.example", [2; 32])
        .expect("key")
        .verifier();
    let verifiers: [&dyn NoteVerifier; 2] = [&log, &w];
    let _ = note::split_note(text);
    let _ = note::open(text, &verifiers);
    let _ = Checkpoint::parse(text);
    let _ = Checkpoint::open(text, &verifiers);
    let _ = parse_tile_path(text);
    let _ = ProofBundle::parse(text);
    let _ = Policy::parse(text);
    let _ = Verifier::from_vkey(text);
    let _ = CosignatureVerifier::from_vkey(text);
    let _ = Signer::from_skey(text);
    let _ = CosignerKey::from_skey(text);
    let _ = w.verify_line("o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n", text);
    let _ = decode_entry_bundle(text.as_bytes());
    if let Ok(bundle) = ProofBundle::parse(text) {
        let policy = Policy::parse(&format!(
            "log {}\nwitness A {}\nquorum A\n",
            log.vkey(),
            w.vkey()
        ))
        .expect("policy");
        let _ = netral_ledger::bundle::verify_bundle(&bundle, &[0; 32], &policy);
    }
    if let Ok(req) = AddCheckpointRequest::parse(text.as_bytes()) {
        let mut witness = Witness::new(vec![
            CosignerKey::from_seed("w.example", [2; 32]).expect("key"),
        ]);
        witness.add_log("log.example/a", log.clone());
        let _ = witness.add_checkpoint(&req, None, 1);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn parsers_never_panic_on_arbitrary_text(text in hostile_text()) {
        feed_all_parsers(&text);
    }

    #[test]
    fn parsers_never_panic_on_mutated_valid_text(
        text in prop::sample::select(valid_samples()).prop_flat_map(mutated)
    ) {
        feed_all_parsers(&text);
    }

    #[test]
    fn parsers_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        let _ = AddCheckpointRequest::parse(&bytes);
        let _ = decode_entry_bundle(&bytes);
    }

    #[test]
    fn verifiers_never_panic_on_arbitrary_numbers(
        a in any::<u64>(),
        b in any::<u64>(),
        proof in prop::collection::vec(prop::collection::vec(any::<u8>(), 0..40), 0..70),
        r1 in prop::collection::vec(any::<u8>(), 0..40),
        r2 in prop::collection::vec(any::<u8>(), 0..40),
    ) {
        let _ = verify_inclusion(a, b, &r1, &proof, &r2);
        let _ = verify_consistency(a, b, &proof, &r1, &r2);
        let _ = stored_hash_index((a % 70) as u32, b);
        let _ = split_stored_hash_index(a);
        if let Ok(tile) = tile_for_index(a) {
            let data = vec![0u8; usize::from(tile.width) * 32];
            let _ = hash_from_tile(&tile, &data, b);
            let _ = hash_from_tile(&tile, &data, a);
        }
    }
}
