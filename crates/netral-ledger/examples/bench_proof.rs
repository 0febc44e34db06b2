//! Benchmark: build a 5,000,000-leaf in-memory log, then time inclusion-proof
//! generation plus verification for random leaves.
//!
//! ```text
//! cargo run --release -p netral-ledger --example bench_proof [-- <leaves> <samples>]
//! ```

use std::time::{Duration, Instant};

use netral_ledger::hash::leaf_hash;
use netral_ledger::proof::{verify_consistency, verify_inclusion};
use netral_ledger::tree::{
    MemoryHashStore, prove_record, prove_tree, stored_hash_count, tree_hash,
};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};

fn main() {
    let mut args = std::env::args().skip(1);
    let leaves: u64 = args
        .next()
        .and_then(|a| a.parse().ok())
        .unwrap_or(5_000_000);
    let samples: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);

    // Build: hash each entry and append its stored hashes.
    let start = Instant::now();
    let mut store = MemoryHashStore::with_capacity(leaves as usize);
    let mut entry = [0u8; 64];
    for i in 0..leaves {
        entry[..8].copy_from_slice(&i.to_be_bytes());
        store.append_leaf_hash(leaf_hash(&entry)).expect("append");
    }
    let build = start.elapsed();
    let root = tree_hash(leaves, &store).expect("root");
    assert_eq!(
        store.stored_hashes().len() as u64,
        stored_hash_count(leaves)
    );
    println!(
        "built {leaves} leaves ({} stored hashes, {:.0} MiB) in {:.2} s: {:.0} leaves/s",
        store.stored_hashes().len(),
        (store.stored_hashes().len() * 32) as f64 / (1 << 20) as f64,
        build.as_secs_f64(),
        leaves as f64 / build.as_secs_f64()
    );
    println!("root {}", hex::encode(root));

    let mut rng = StdRng::seed_from_u64(6962);
    let mut prove = Vec::with_capacity(samples);
    let mut verify = Vec::with_capacity(samples);
    let mut total = Vec::with_capacity(samples);
    let mut proof_len = 0usize;
    for _ in 0..samples {
        let index = rng.gen_range(0..leaves);
        let mut entry = [0u8; 64];
        entry[..8].copy_from_slice(&index.to_be_bytes());
        let leaf = leaf_hash(&entry);
        let t0 = Instant::now();
        let proof = prove_record(leaves, index, &store).expect("prove");
        let t1 = Instant::now();
        verify_inclusion(index, leaves, &leaf, &proof, &root).expect("verify");
        let t2 = Instant::now();
        proof_len = proof_len.max(proof.len());
        prove.push(t1 - t0);
        verify.push(t2 - t1);
        total.push(t2 - t0);
    }
    println!("inclusion proofs: {samples} random leaves, up to {proof_len} hashes each");
    report("  generate", &mut prove);
    report("  verify", &mut verify);
    report("  generate+verify", &mut total);

    let mut cons = Vec::with_capacity(samples);
    for _ in 0..samples {
        let old = rng.gen_range(1..=leaves);
        let t0 = Instant::now();
        let old_root = tree_hash(old, &store).expect("old root");
        let proof = prove_tree(leaves, old, &store).expect("prove");
        verify_consistency(old, leaves, &proof, &old_root, &root).expect("verify");
        cons.push(t0.elapsed());
    }
    println!("consistency proofs: {samples} random old sizes");
    report("  old root+generate+verify", &mut cons);
}

fn report(label: &str, times: &mut [Duration]) {
    times.sort();
    let us = |d: Duration| d.as_secs_f64() * 1e6;
    let pct = |p: f64| times[((times.len() as f64 * p) as usize).min(times.len() - 1)];
    println!(
        "{label:<28} p50 {:>7.2} µs   p99 {:>7.2} µs   max {:>8.2} µs",
        us(pct(0.50)),
        us(pct(0.99)),
        us(times[times.len() - 1])
    );
}
