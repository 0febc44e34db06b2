//! `netral log key|checkpoint|verify` and the startup refusal of `netral serve`, as an
//! operator runs them on a SQLite data folder.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::note::Verifier;
use netral_ledger::{leaf_hash, tree};

fn netral(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_netral"))
        .args(args)
        .arg("--data-dir")
        .arg(dir)
        .env_remove("NETRAL_DATA_DIR")
        .env_remove("NETRAL_DATABASE_URL")
        .env_remove("NETRAL_LOG_KEY_DIR")
        .env("NETRAL_PUBLIC_HOST", "pakta.localhost")
        .output()
        .expect("run netral")
}

fn teks(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Appends leaves the way a record-writing store method does (head row + leaf rows).
fn tambah_daun(dir: &Path, n: u64) {
    let c = rusqlite::Connection::open(dir.join("netral.db")).unwrap();
    let id: i64 = c
        .query_row("SELECT id FROM instansi WHERE kode = '19.71'", [], |r| {
            r.get(0)
        })
        .unwrap();
    let urut: i64 = c
        .query_row(
            "SELECT urut FROM log_kepala WHERE instansi_id = ?1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    for i in 0..n as i64 {
        let entri = format!("entri uji {}", urut + i).into_bytes();
        c.execute(
            "INSERT INTO log_daun (instansi_id, idx, hash, entri) VALUES (?1, ?2, ?3, ?4)",
            rusqlite::params![id, urut + i, &leaf_hash(&entri)[..], entri],
        )
        .unwrap();
    }
    c.execute(
        "UPDATE log_kepala SET urut = ?2 WHERE instansi_id = ?1",
        [id, urut + n as i64],
    )
    .unwrap();
}

#[test]
fn key_checkpoint_verify_dan_penolakan_serve() {
    let d = tempfile::tempdir().unwrap();
    let dir = d.path();
    let o = netral(
        dir,
        &[
            "instansi",
            "add",
            "--kode",
            "19.71",
            "--nama",
            "Kota Pangkalpinang",
            "--jenis",
            "KOTA",
        ],
    );
    assert!(o.status.success(), "{}", teks(&o.stderr));

    let o = netral(dir, &["log", "key", "--instansi", "19.71"]);
    assert!(o.status.success(), "{}", teks(&o.stderr));
    let vkey = teks(&o.stdout).trim().to_string();
    assert!(
        vkey.starts_with("pakta.localhost/19.71/kota-pangkalpinang+"),
        "{vkey}"
    );
    let v = Verifier::from_vkey(&vkey).unwrap();
    // Same key on every call.
    let o = netral(dir, &["log", "key", "--instansi", "19.71"]);
    assert_eq!(teks(&o.stdout).trim(), vkey);

    tambah_daun(dir, 40);
    let o = netral(dir, &["log", "checkpoint", "--instansi", "19.71"]);
    assert!(o.status.success(), "{}", teks(&o.stderr));
    let (cp, _) = Checkpoint::open(&teks(&o.stdout), &[&v]).unwrap();
    assert_eq!(cp.size, 40);
    assert_eq!(cp.origin, "pakta.localhost/19.71/kota-pangkalpinang");
    let mut mem = tree::MemoryHashStore::new();
    for i in 0..40 {
        mem.append(format!("entri uji {i}").as_bytes()).unwrap();
    }
    assert_eq!(cp.root, mem.root().unwrap());

    let o = netral(dir, &["log", "verify", "--instansi", "19.71", "--json"]);
    assert_eq!(o.status.code(), Some(0), "{}", teks(&o.stderr));
    let json = teks(&o.stdout);
    let last = json.lines().last().unwrap();
    assert!(last.contains("\"konsisten\":true"), "{last}");

    // Overwrite the stored hash of subtree [32, 40) — part of the root at 40.
    let idx = tree::stored_hash_index(3, 4);
    let c = rusqlite::Connection::open(dir.join("netral.db")).unwrap();
    c.execute_batch(&format!(
        "DROP TRIGGER log_hash_no_update; UPDATE log_hash SET hash = zeroblob(32) WHERE idx = {idx};"
    ))
    .unwrap();
    drop(c);
    let o = netral(dir, &["log", "verify", "--instansi", "19.71"]);
    assert_eq!(o.status.code(), Some(2));
    let err = teks(&o.stderr);
    assert!(
        err.contains("divergensi pertama di daun #39") && err.contains(&format!("#{idx}")),
        "{err}"
    );
    let o = netral(dir, &["serve", "--addr", "127.0.0.1:0"]);
    assert_eq!(o.status.code(), Some(1));
    let err = teks(&o.stderr);
    assert!(err.contains("tidak memperluas checkpoint"), "{err}");
}

#[test]
fn verify_instansi_tidak_dikenal() {
    let d = tempfile::tempdir().unwrap();
    let o = netral(d.path(), &["log", "verify", "--instansi", "19.72"]);
    assert_eq!(o.status.code(), Some(2), "{}", teks(&o.stderr));
}
