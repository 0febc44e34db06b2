//! `netral export pakta --instansi KODE [--unit ID] [--kampanye ID] --out FILE.zip`: every
//! active signature's pact PDF with `manifest.csv` and `MANIFEST.sha256`.
//!
//! The archive is streamed into `<FILE>.sebagian-<pid>` next to the target and renamed only
//! when complete, so an interrupted or refused export leaves no partial ZIP behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;

use netral_app::Pelaku;
use netral_app::ekspor::SasaranEkspor;
use netral_domain::organisasi::UnitId;
use netral_domain::pakta::KampanyeId;

use crate::perintah::{Gagal, Global, buka_store};

#[derive(Debug, Subcommand)]
pub enum PerintahEkspor {
    /// Every active signed pact as PDF in one ZIP, with a manifest (file, signer, leaf hash
    /// and index, time, method, SHA-256 of each PDF).
    Pakta {
        #[arg(long)]
        instansi: String,
        /// Only signers in this unit kerja and the units below it.
        #[arg(long)]
        unit: Option<i64>,
        /// Only the signatures on this campaign's pact version.
        #[arg(long)]
        kampanye: Option<i64>,
        /// The ZIP file to write (replaced if it exists).
        #[arg(long)]
        out: PathBuf,
        /// Print the counts as one JSON object on the last line.
        #[arg(long)]
        json: bool,
    },
}

/// Removes the partial file unless the export completed.
struct Sementara(Option<PathBuf>);

impl Drop for Sementara {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn jalur_sementara(out: &Path) -> PathBuf {
    let mut nama = out.file_name().unwrap_or_default().to_os_string();
    nama.push(format!(".sebagian-{}", std::process::id()));
    out.with_file_name(nama)
}

pub async fn jalankan(g: &Global, p: PerintahEkspor) -> Result<ExitCode, Gagal> {
    let PerintahEkspor::Pakta {
        instansi,
        unit,
        kampanye,
        out,
        json,
    } = p;
    if out.file_name().is_none() {
        return Err(Gagal::Masukan(format!(
            "--out {} bukan nama berkas",
            out.display()
        )));
    }
    let app = crate::log::app(buka_store(g, "netral-data").await?, g, "netral-data");
    let inst = app.instansi_wajib(&instansi).await?;
    // Cover what was signed up to now by a checkpoint, so every signature gets its PDF.
    if let Err(e) = app.langkah_log_instansi(&inst).await {
        eprintln!("peringatan: checkpoint baru tidak dapat ditandatangani: {e}");
    }
    let sasaran = kampanye.map_or(SasaranEkspor::Semua, |k| {
        SasaranEkspor::Kampanye(KampanyeId(k))
    });
    let sementara_path = jalur_sementara(&out);
    let berkas = std::fs::File::create(&sementara_path)
        .map_err(|e| Gagal::Masukan(format!("tidak dapat menulis {}: {e}", out.display())))?;
    let mut sementara = Sementara(Some(sementara_path.clone()));
    let pelaku = Pelaku::Cli(std::env::var("USER").unwrap_or_else(|_| "operator".into()));
    let (w, ringkas) = app
        .ekspor_zip(
            &pelaku,
            &inst,
            sasaran,
            unit.map(UnitId),
            std::io::BufWriter::new(berkas),
        )
        .await?;
    let berkas = w
        .into_inner()
        .map_err(|e| anyhow::anyhow!("menulis {}: {}", out.display(), e.error()))?;
    berkas
        .sync_all()
        .with_context(|| format!("menulis {}", out.display()))?;
    drop(berkas);
    std::fs::rename(&sementara_path, &out)
        .with_context(|| format!("memindahkan berkas ke {}", out.display()))?;
    sementara.0 = None;
    cetak!(
        "{} PDF pakta ditulis ke {}{}; SHA-256 manifest.csv {}",
        ringkas.pdf,
        out.display(),
        if ringkas.menunggu_checkpoint > 0 {
            format!(
                " ({} tanda tangan belum tercakup checkpoint, tercantum di manifest tanpa PDF)",
                ringkas.menunggu_checkpoint
            )
        } else {
            String::new()
        },
        ringkas.sha256_manifest
    );
    if json {
        cetak!(
            "{}",
            serde_json::json!({
                "pdf": ringkas.pdf,
                "menunggu_checkpoint": ringkas.menunggu_checkpoint,
                "sha256_manifest": ringkas.sha256_manifest,
                "out": out.display().to_string(),
            })
        );
    }
    std::io::stdout().flush().ok();
    Ok(ExitCode::SUCCESS)
}
