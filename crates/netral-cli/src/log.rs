//! `netral log verify|checkpoint|key --instansi KODE`, the log settings every command
//! accepts, and starting/stopping the sequencer inside `netral serve` and `netral demo`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::{Args, Subcommand};

use netral_app::log::{KonfigurasiLog, Sequencer};
use netral_app::{App, JamSistem, Konfigurasi};
use netral_store::Store;

use crate::perintah::{Gagal, Global, buka_store};

/// Log settings (global options).
#[derive(Debug, Clone, Args)]
pub struct ArgLog {
    /// Public host that starts every log origin: <host>/<kode>/<name>. Fixed per log when
    /// its key is made.
    #[arg(
        long,
        env = "NETRAL_PUBLIC_HOST",
        global = true,
        default_value = "localhost"
    )]
    pub public_host: String,
    /// Folder of the log signing keys and commitment salts (default <data-dir>/kunci).
    #[arg(long, env = "NETRAL_LOG_KEY_DIR", global = true)]
    pub log_key_dir: Option<PathBuf>,
    /// How often the sequencer integrates new leaves and signs a checkpoint, in ms.
    #[arg(
        long,
        env = "NETRAL_LOG_INTERVAL_MS",
        global = true,
        default_value_t = 1000
    )]
    pub log_interval_ms: u64,
    /// Base URL of the public pages printed in QR codes and personal links
    /// (default https://<public-host>; `netral demo` uses its own address).
    #[arg(long, env = "NETRAL_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum PerintahLog {
    /// Rebuild the log from its entries and check every stored hash and signed checkpoint;
    /// exit 0 when consistent, 2 naming the first divergence.
    Verify {
        #[arg(long)]
        instansi: String,
        /// Print the report as one JSON object on the last line.
        #[arg(long)]
        json: bool,
    },
    /// Print the latest signed checkpoint (with witness cosignatures).
    Checkpoint {
        #[arg(long)]
        instansi: String,
    },
    /// Print the log's verifier key (vkey); makes the key on first use.
    Key {
        #[arg(long)]
        instansi: String,
    },
}

/// The log settings from the global options.
pub fn konfigurasi(g: &Global, default_dir: &str) -> KonfigurasiLog {
    let folder = g.log.log_key_dir.clone().unwrap_or_else(|| {
        g.data_dir
            .clone()
            .unwrap_or_else(|| PathBuf::from(default_dir))
            .join("kunci")
    });
    KonfigurasiLog {
        host_publik: g.log.public_host.clone(),
        folder_kunci: Some(folder),
        interval: Duration::from_millis(g.log.log_interval_ms.max(10)),
        url_publik: g.log.public_url.clone(),
        ..KonfigurasiLog::default()
    }
}

/// The application with the log settings (keys on disk).
pub fn app(store: Arc<dyn Store>, g: &Global, default_dir: &str) -> App {
    App::new(
        store,
        Arc::new(JamSistem),
        Konfigurasi {
            log: konfigurasi(g, default_dir),
            ..Konfigurasi::default()
        },
    )
}

/// Checks every log and starts the sequencer; refuses (exit 1) when a stored tree does
/// not extend its latest signed checkpoint.
pub async fn mulai(app: &App) -> Result<Sequencer, Gagal> {
    app.mulai_sequencer().await.map_err(|e| {
        Gagal::Lain(anyhow::anyhow!(
            "log transparansi tidak lolos pemeriksaan awal; server tidak dijalankan: {e:?}"
        ))
    })
}

/// Stops the sequencer after integrating and signing what is pending.
pub async fn berhenti(seq: Sequencer) {
    if let Err(e) = seq.berhenti().await {
        tracing::error!(error = ?e, "menutup sequencer log");
    }
}

pub async fn jalankan(g: &Global, p: PerintahLog) -> Result<ExitCode, Gagal> {
    let app = app(buka_store(g, "netral-data").await?, g, "netral-data");
    match p {
        PerintahLog::Key { instansi } => {
            let i = app.instansi_wajib(&instansi).await?;
            cetak!("{}", app.kunci_log(&i).await?.vkey());
            Ok(ExitCode::SUCCESS)
        }
        PerintahLog::Checkpoint { instansi } => {
            let i = app.instansi_wajib(&instansi).await?;
            let catatan = app.checkpoint_instansi(&i).await?;
            {
                use std::io::Write as _;
                let mut o = std::io::stdout().lock();
                let hasil = write!(o, "{catatan}").and_then(|_| o.flush());
                if matches!(&hasil, Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe) {
                    std::process::exit(1);
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        PerintahLog::Verify { instansi, json } => {
            let i = app.instansi_wajib(&instansi).await?;
            let lap = app.verifikasi_log(&i).await?;
            let akar = lap.akar.map(hex::encode);
            cetak!(
                "log {} ({}): {} daun, {} terintegrasi, {} checkpoint, akar {}",
                i.kode,
                lap.origin,
                lap.daun,
                lap.pohon,
                lap.checkpoint,
                akar.as_deref().unwrap_or("-")
            );
            for p in &lap.peringatan {
                eprintln!("peringatan: {p}");
            }
            let pertama = lap.divergensi_pertama().cloned();
            if let Some(m) = &pertama {
                eprintln!(
                    "log {} TIDAK KONSISTEN — divergensi pertama di daun #{}: {}",
                    i.kode, m.daun, m.pesan
                );
                for m in lap.masalah.iter().skip(1).take(20) {
                    eprintln!("  daun #{}: {}", m.daun, m.pesan);
                }
            } else {
                cetak!("konsisten: setiap hash daun, hash pohon dan checkpoint cocok");
            }
            if json {
                cetak!(
                    "{}",
                    serde_json::json!({
                        "konsisten": lap.konsisten(),
                        "origin": lap.origin,
                        "daun": lap.daun,
                        "pohon": lap.pohon,
                        "checkpoint": lap.checkpoint,
                        "akar": akar,
                        "divergensi_pertama": pertama.map(|m| serde_json::json!({"daun": m.daun, "pesan": m.pesan})),
                        "masalah": lap.masalah.len(),
                    })
                );
            }
            Ok(if lap.konsisten() {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(2)
            })
        }
    }
}
