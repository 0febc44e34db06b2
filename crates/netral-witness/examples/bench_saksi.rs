//! Witness throughput on loopback: sequential `add-checkpoint` requests on
//! one log, then several logs pushing concurrently. Every request persists
//! the state (write + fsync + rename + fsync folder) before the answer.
//!
//! `cargo run --release -p netral-witness --example bench_saksi [-- N LOGS]`
//! (default N = 300 requests per log, LOGS = 8). Numbers: bench/witness/README.md.

use std::sync::Arc;
use std::time::{Duration, Instant};

use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::note::Signer;
use netral_ledger::tree::{MemoryHashStore, prove_tree};
use netral_witness::klien::KlienSaksi;
use netral_witness::{JamSistem, Saksi};

struct Log {
    origin: String,
    signer: Signer,
    store: MemoryHashStore,
}

impl Log {
    fn baru(i: usize) -> Log {
        let origin = format!("pakta.example.go.id/{i:02}.01/pilkada2029");
        Log {
            signer: Signer::from_seed(&origin, [i as u8 + 1; 32]).expect("signer"),
            origin,
            store: MemoryHashStore::new(),
        }
    }

    /// Appends one entry and pushes the new checkpoint; returns the latency.
    async fn dorong(&mut self, klien: &KlienSaksi, url: &str) -> Duration {
        let lama = self.store.size();
        self.store
            .append(format!("pakta {lama}").as_bytes())
            .expect("append");
        let ukuran = self.store.size();
        let cp = Checkpoint::new(&*self.origin, ukuran, self.store.root().expect("root"))
            .sign(&[&self.signer])
            .expect("sign");
        let bukti = if lama == 0 {
            Vec::new()
        } else {
            prove_tree(ukuran, lama, &self.store).expect("proof")
        };
        let mulai = Instant::now();
        let store = &self.store;
        klien
            .kirim_checkpoint(url, lama, &bukti, &cp, |n| async move {
                prove_tree(ukuran, n, store)
            })
            .await
            .expect("cosigned");
        mulai.elapsed()
    }
}

fn ringkas(nama: &str, mut lat: Vec<Duration>, total: Duration) {
    lat.sort();
    let p = |q: f64| lat[((lat.len() as f64 - 1.0) * q) as usize];
    println!(
        "{nama}: {} permintaan dalam {:.2?} = {:.0}/s; latensi p50 {:.2?}, p99 {:.2?}, maks {:.2?}",
        lat.len(),
        total,
        lat.len() as f64 / total.as_secs_f64(),
        p(0.5),
        p(0.99),
        lat[lat.len() - 1]
    );
}

#[tokio::main]
async fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let n = args.first().copied().unwrap_or(300);
    let jumlah_log = args.get(1).copied().unwrap_or(8);

    let dir = tempfile::tempdir().expect("tempdir");
    let mut log: Vec<Log> = (0..jumlah_log).map(Log::baru).collect();
    let vkey: Vec<String> = log.iter().map(|l| l.signer.vkey()).collect();
    let saksi = Saksi::buka(dir.path(), None, &vkey, Arc::new(JamSistem)).expect("witness");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(netral_witness::layani(
        listener,
        saksi,
        std::future::pending(),
    ));
    let klien = KlienSaksi::new();

    let mulai = Instant::now();
    let mut lat = Vec::with_capacity(n);
    for _ in 0..n {
        lat.push(log[0].dorong(&klien, &url).await);
    }
    ringkas("1 log berurutan", lat, mulai.elapsed());

    let mulai = Instant::now();
    let mut tugas = Vec::new();
    for mut l in log.drain(1..) {
        let klien = klien.clone();
        let url = url.clone();
        tugas.push(tokio::spawn(async move {
            let mut lat = Vec::with_capacity(n);
            for _ in 0..n {
                lat.push(l.dorong(&klien, &url).await);
            }
            lat
        }));
    }
    let mut lat = Vec::new();
    for t in tugas {
        lat.extend(t.await.expect("task"));
    }
    ringkas(
        &format!("{} log bersamaan", jumlah_log - 1),
        lat,
        mulai.elapsed(),
    );
}
