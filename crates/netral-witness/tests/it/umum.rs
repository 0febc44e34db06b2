//! Shared helpers: an in-memory log that signs checkpoints, and a witness
//! server on a random loopback port.

use std::path::Path;
use std::sync::Arc;

use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::hash::Hash;
use netral_ledger::note::Signer;
use netral_ledger::tree::{MemoryHashStore, prove_tree};
use netral_ledger::witness::AddCheckpointRequest;
use netral_witness::{JamTetap, Saksi};
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const ORIGIN: &str = "pakta.example.go.id/19.71/pilkada2029";
pub const SEKARANG: u64 = 1_893_456_000;

/// A log held in memory: its signer and its Merkle tree.
pub struct Log {
    pub origin: String,
    pub signer: Signer,
    pub store: MemoryHashStore,
    /// Entry text prefix: two logs with different prefixes are forks of each other.
    pub awalan: String,
}

impl Log {
    pub fn baru(origin: &str, benih: u8, entri: u64) -> Log {
        let mut log = Log {
            origin: origin.to_owned(),
            signer: Signer::from_seed(origin, [benih; 32]).expect("signer"),
            store: MemoryHashStore::new(),
            awalan: "pakta".into(),
        };
        log.tambah(entri);
        log
    }

    /// A copy of this log's first `sampai` entries that then diverges: same
    /// key, different entries from index `sampai` on.
    pub fn cabang(&self, sampai: u64, entri: u64) -> Log {
        let mut log = Log {
            origin: self.origin.clone(),
            signer: self.signer.clone(),
            store: MemoryHashStore::new(),
            awalan: self.awalan.clone(),
        };
        log.tambah(sampai);
        log.awalan = "PALSU".into();
        log.tambah(entri - sampai);
        log
    }

    pub fn tambah(&mut self, n: u64) {
        for _ in 0..n {
            let i = self.store.size();
            self.store.append(self.entri(i).as_bytes()).expect("append");
        }
    }

    pub fn entri(&self, i: u64) -> String {
        format!("{} {i}", self.awalan)
    }

    pub fn ukuran(&self) -> u64 {
        self.store.size()
    }

    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint::new(
            &self.origin,
            self.store.size(),
            self.store.root().expect("root"),
        )
    }

    pub fn bertanda(&self) -> String {
        self.checkpoint().sign(&[&self.signer]).expect("sign")
    }

    pub fn bukti(&self, lama: u64) -> Vec<Hash> {
        if lama == 0 {
            Vec::new()
        } else {
            prove_tree(self.store.size(), lama, &self.store).expect("consistency")
        }
    }

    pub fn permintaan(&self, lama: u64) -> String {
        AddCheckpointRequest {
            old_size: lama,
            proof: self.bukti(lama),
            checkpoint: self.bertanda(),
        }
        .to_body()
    }

    pub fn vkey(&self) -> String {
        self.signer.vkey()
    }
}

/// A witness server on 127.0.0.1:0.
pub struct SaksiUji {
    pub saksi: Saksi,
    pub url: String,
    stop: Option<oneshot::Sender<()>>,
    tugas: Option<JoinHandle<()>>,
}

impl SaksiUji {
    pub async fn mulai(folder: &Path, nama: Option<&str>, log: &[String]) -> SaksiUji {
        let saksi =
            Saksi::buka(folder, nama, log, Arc::new(JamTetap(SEKARANG))).expect("witness opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("addr"));
        let (stop, rx) = oneshot::channel();
        let s = saksi.clone();
        let tugas = tokio::spawn(async move {
            netral_witness::layani(listener, s, async {
                let _ = rx.await;
            })
            .await
            .expect("serve");
        });
        SaksiUji {
            saksi,
            url,
            stop: Some(stop),
            tugas: Some(tugas),
        }
    }

    /// Stops the server and releases the data folder.
    pub async fn berhenti(mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        if let Some(t) = self.tugas.take() {
            t.await.expect("server task");
        }
    }

    /// POSTs a raw body to /add-checkpoint: (status, content type, body).
    pub async fn kirim(&self, badan: impl Into<String>) -> (u16, String, String) {
        let r = reqwest::Client::new()
            .post(format!("{}/add-checkpoint", self.url))
            .body(badan.into())
            .send()
            .await
            .expect("request");
        let status = r.status().as_u16();
        let jenis = r
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned();
        (status, jenis, r.text().await.expect("body"))
    }

    pub async fn get(&self, jalur: &str) -> (u16, String) {
        let r = reqwest::get(format!("{}{jalur}", self.url))
            .await
            .expect("request");
        (r.status().as_u16(), r.text().await.expect("body"))
    }
}
