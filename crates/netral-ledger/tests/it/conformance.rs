//! Runs every case of the transparency-dev/merkle RFC 6962 proof corpus
//! (`tests/vectors/rfc6962`, Apache-2.0): the verifier must accept exactly the
//! cases marked `wantErr: false`.

use std::path::{Path, PathBuf};

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use netral_ledger::proof::{verify_consistency, verify_inclusion};
use serde_json::Value;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors/rfc6962")
}

fn json_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            json_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "json") {
            out.push(p);
        }
    }
}

fn bytes(v: &Value, field: &str) -> Vec<u8> {
    let s = v[field]
        .as_str()
        .unwrap_or_else(|| panic!("{field} is not a string"));
    STANDARD
        .decode(s)
        .unwrap_or_else(|e| panic!("{field}: {e}"))
}

fn proof(v: &Value) -> Vec<Vec<u8>> {
    match &v["proof"] {
        Value::Null => Vec::new(),
        Value::Array(items) => items
            .iter()
            .map(|p| {
                STANDARD
                    .decode(p.as_str().expect("proof item"))
                    .expect("proof base64")
            })
            .collect(),
        other => panic!("unexpected proof {other}"),
    }
}

fn uint(v: &Value, field: &str) -> u64 {
    v[field]
        .as_u64()
        .unwrap_or_else(|| panic!("{field} is not a u64"))
}

#[test]
fn rfc6962_corpus_accepts_exactly_the_valid_cases() {
    let mut files = Vec::new();
    json_files(&corpus_dir(), &mut files);
    assert_eq!(files.len(), 196, "the corpus must hold 196 JSON cases");

    let (mut inclusion, mut consistency, mut accepted) = (0, 0, 0);
    for path in &files {
        let text = std::fs::read_to_string(path).expect("read case");
        let case: Value = serde_json::from_str(&text).expect("parse case");
        let want_ok = !case["wantErr"].as_bool().expect("wantErr");
        let rel = path
            .strip_prefix(corpus_dir())
            .expect("prefix")
            .display()
            .to_string();
        let got = if rel.starts_with("inclusion") {
            inclusion += 1;
            verify_inclusion(
                uint(&case, "leafIdx"),
                uint(&case, "treeSize"),
                &bytes(&case, "leafHash"),
                &proof(&case),
                &bytes(&case, "root"),
            )
        } else {
            assert!(rel.starts_with("consistency"), "{rel}");
            consistency += 1;
            verify_consistency(
                uint(&case, "size1"),
                uint(&case, "size2"),
                &proof(&case),
                &bytes(&case, "root1"),
                &bytes(&case, "root2"),
            )
        };
        assert_eq!(
            got.is_ok(),
            want_ok,
            "{rel} ({}): got {got:?}",
            case["desc"].as_str().unwrap_or_default()
        );
        accepted += usize::from(want_ok);
    }
    assert_eq!(inclusion + consistency, 196);
    assert_eq!(
        accepted, 12,
        "six inclusion and six consistency happy paths"
    );
}
