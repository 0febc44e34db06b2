//! Importing employees: read the file, validate every row, plan against what is stored,
//! and write all of it in one transaction — or nothing.

use std::collections::HashSet;

use chrono::Datelike;
use serde::Serialize;

use netral_domain::akun::Izin;
use netral_domain::audit::AuditBaru;
use netral_domain::impor::{BarisImpor, rencanakan};
use netral_domain::organisasi::InstansiId;
use netral_domain::pegawai::DataPegawai;
use netral_import::{Masalah, Tingkat};
use netral_store::StoreError;

use crate::{App, AppError, AppResult, Pelaku, sha256_hex};

/// Import switches, as on the command line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct OpsiImpor {
    /// Check and count, write nothing.
    pub dry_run: bool,
    /// Write the valid rows even when some rows are rejected.
    pub skip_invalid: bool,
    /// The file is a full export: employees missing from it become inactive.
    pub sync: bool,
}

/// What an import did (or would do). The `--json` output is the counts.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LaporanImpor {
    pub rows: usize,
    pub imported: usize,
    pub updated: usize,
    pub unchanged: usize,
    pub rejected: usize,
    pub warnings: usize,
    pub deactivated: usize,
    pub units_created: u64,
    /// Whether anything was written.
    #[serde(skip)]
    pub ditulis: bool,
    /// Why nothing was written, when rows were rejected (Indonesian).
    #[serde(skip)]
    pub alasan_batal: Option<String>,
    #[serde(skip)]
    pub masalah: Vec<Masalah>,
}

impl LaporanImpor {
    /// True when the import was refused because of bad rows (exit code 2).
    pub fn ditolak(&self) -> bool {
        self.alasan_batal.is_some()
    }

    /// The counts as the CLI's `--json` prints them.
    pub fn json(&self) -> serde_json::Value {
        serde_json::json!({
            "rows": self.rows,
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "warnings": self.warnings,
        })
    }
}

/// Turns valid rows into import rows with their fingerprints, hashing on every core (a
/// million rows is a million JSON encodings and SHA-256s).
fn baris_impor(valid: Vec<netral_import::BarisValid>) -> AppResult<Vec<BarisImpor>> {
    let inti = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let ukuran = valid.len().div_ceil(inti).max(1);
    let sidik_semua: Vec<String> = std::thread::scope(|sc| {
        let tugas: Vec<_> = valid
            .chunks(ukuran)
            .map(|bagian| {
                sc.spawn(move || bagian.iter().map(|v| sidik(&v.data)).collect::<Vec<_>>())
            })
            .collect();
        tugas
            .into_iter()
            .flat_map(|t| t.join().unwrap_or_default())
            .collect()
    });
    if sidik_semua.len() != valid.len() {
        return Err(AppError::Internal("perhitungan sidik gagal".into()));
    }
    valid
        .into_iter()
        .zip(sidik_semua)
        .map(|(v, sidik)| {
            let identitas = v.data.identitas().ok_or_else(|| {
                AppError::Internal(format!("baris {} lolos tanpa identitas", v.baris))
            })?;
            Ok(BarisImpor {
                baris: v.baris,
                identitas,
                sidik,
                data: v.data,
            })
        })
        .collect()
}

/// The fingerprint of an employee's data: SHA-256 of its canonical JSON. Two imports of the
/// same row give the same fingerprint, so re-importing a file changes nothing.
pub fn sidik(d: &DataPegawai) -> String {
    sha256_hex(&serde_json::to_vec(d).unwrap_or_default())
}

impl App {
    /// Imports an employee file for an instansi. See [`OpsiImpor`] for the switches.
    /// Default is all-or-nothing: any rejected row means nothing is written.
    pub async fn impor_pegawai(
        &self,
        pelaku: &Pelaku,
        instansi: InstansiId,
        bytes: Vec<u8>,
        nama_file: &str,
        opsi: OpsiImpor,
    ) -> AppResult<LaporanImpor> {
        pelaku.wajib(Izin::KelolaRegistri, instansi)?;
        let now = self.sekarang();
        let nama = nama_file.to_string();
        let file_sha = sha256_hex(&bytes);
        let baca_opsi = netral_import::Opsi {
            tahun_acuan: now.year(),
        };
        let mulai = std::time::Instant::now();
        let hasil =
            tokio::task::spawn_blocking(move || netral_import::baca(&bytes, &nama, &baca_opsi))
                .await
                .map_err(|e| AppError::Internal(e.to_string()))?
                .map_err(|e| AppError::Masukan(e.to_string()))?;

        tracing::info!(
            ms = mulai.elapsed().as_millis() as u64,
            baris = hasil.total_baris,
            "impor: berkas dibaca"
        );
        let mut laporan = LaporanImpor {
            rows: hasil.total_baris,
            rejected: hasil.ditolak(),
            masalah: hasil.masalah,
            ..Default::default()
        };

        // Plan against what is stored; the version guards against a concurrent import.
        let versi = self.store.versi_registri(instansi).await?;
        let tersimpan = self.store.pegawai_tersimpan(instansi).await?;
        let mut dikenal: HashSet<String> = tersimpan
            .iter()
            .map(|p| p.identitas.as_str().to_string())
            .collect();
        let baris = tokio::task::spawn_blocking(move || baris_impor(hasil.valid))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))??;
        for b in &baris {
            dikenal.insert(b.identitas.as_str().to_string());
        }
        for b in &baris {
            if let Some(a) = &b.data.atasan_identitas
                && !dikenal.contains(a)
            {
                laporan.masalah.push(Masalah {
                    baris: b.baris,
                    kolom: "NIP ATASAN".into(),
                    nilai: a.clone(),
                    alasan: "atasan langsung tidak ditemukan di berkas maupun di data tersimpan; tautan atasan dikosongkan"
                        .into(),
                    tingkat: Tingkat::Peringatan,
                });
            }
        }
        laporan.masalah.sort_by_key(|m| (m.baris, m.tingkat));
        laporan.warnings = laporan
            .masalah
            .iter()
            .filter(|m| m.tingkat == Tingkat::Peringatan)
            .count();

        let rencana = rencanakan(&tersimpan, baris, opsi.sync);
        tracing::info!(
            ms = mulai.elapsed().as_millis() as u64,
            "impor: rencana dibuat"
        );
        laporan.imported = rencana.baru.len();
        laporan.updated = rencana.ubah.len();
        laporan.unchanged = rencana.tetap;
        laporan.deactivated = rencana.nonaktif.len();

        if laporan.rejected > 0 && !opsi.skip_invalid {
            laporan.alasan_batal = Some(format!(
                "{} baris ditolak; tidak ada data yang ditulis. Perbaiki berkas, atau pilih menulis baris yang valid saja (--skip-invalid)",
                laporan.rejected
            ));
            return Ok(laporan);
        }
        if laporan.rejected > 0 && opsi.sync {
            laporan.alasan_batal = Some(format!(
                "{} baris ditolak; --sync membutuhkan berkas lengkap tanpa baris ditolak agar tidak ada pegawai \
                 yang keliru dinonaktifkan. Tidak ada data yang ditulis",
                laporan.rejected
            ));
            return Ok(laporan);
        }
        if opsi.dry_run || rencana.kosong() {
            return Ok(laporan);
        }

        let ringkasan = AuditBaru {
            instansi_id: instansi,
            aksi: "IMPOR_PEGAWAI".into(),
            entitas: "pegawai".into(),
            entitas_id: None,
            sebelum: None,
            sesudah: Some(
                serde_json::json!({
                    "berkas": nama_file,
                    "sha256": file_sha,
                    "baris": laporan.rows,
                    "baru": laporan.imported,
                    "diubah": laporan.updated,
                    "tetap": laporan.unchanged,
                    "ditolak": laporan.rejected,
                    "dinonaktifkan": laporan.deactivated,
                })
                .to_string(),
            ),
        };
        let jejak = pelaku.jejak(now);
        let tulis = self
            .store
            .tulis_impor(
                instansi,
                versi,
                std::sync::Arc::new(rencana),
                &ringkasan,
                &jejak,
            )
            .await;
        match tulis {
            Ok(h) => {
                tracing::info!(
                    ms = mulai.elapsed().as_millis() as u64,
                    "impor: transaksi selesai"
                );
                laporan.units_created = h.unit_baru;
                laporan.ditulis = true;
                tracing::info!(instansi = %instansi, baru = laporan.imported, diubah = laporan.updated, "impor pegawai ditulis");
                Ok(laporan)
            }
            Err(StoreError::Konflik(pesan)) => Err(AppError::Konflik(pesan)),
            Err(e) => Err(e.into()),
        }
    }
}
