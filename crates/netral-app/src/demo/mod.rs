//! The demo Pemda: Kota Pangkalpinang (19.71), generated deterministically and loaded
//! through the same import path a BKPSDM admin uses, so the demo exercises real code; then
//! its elections, pacts and signing campaigns ([`pakta`]).

pub mod pakta;

use netral_demo_data::{DataDemo, KODE_WILAYAH, Spesifikasi};
use netral_domain::organisasi::{Instansi, JenisUnit};

use crate::akun::{FormInstansi, FormUser};
use crate::impor::{LaporanImpor, OpsiImpor};
use crate::{App, AppError, AppResult, Pelaku};

/// The demo password of every demo account (printed by `netral demo`; demo data only).
pub const SANDI_DEMO: &str = "netral-demo-2026";

/// Demo accounts: (username, role, display name, scoped to the first kecamatan).
pub const AKUN_DEMO: &[(&str, &str, &str, bool)] = &[
    ("admin", "ADMIN", "Administrator Demo", false),
    ("bkpsdm", "BKPSDM", "Operator BKPSDM Demo", false),
    ("auditor", "AUDITOR", "Auditor Inspektorat Demo", false),
    (
        "satgas",
        "KETUA_SATGAS",
        "Ketua Satgas Netralitas Demo",
        false,
    ),
    (
        "camat",
        "ATASAN_LANGSUNG",
        "Camat Demo (lingkup kecamatan)",
        true,
    ),
];

/// What `netral demo` set up.
#[derive(Debug, Clone)]
pub struct HasilDemo {
    pub instansi: Instansi,
    pub impor: LaporanImpor,
    pub akun: Vec<(String, String)>,
}

impl App {
    /// Creates (or reuses) the demo Pemda with ~`jumlah` employees and the demo accounts.
    /// Running it again changes nothing.
    pub async fn siapkan_demo(&self, jumlah: usize) -> AppResult<HasilDemo> {
        self.siapkan_demo_dari(&data_demo(jumlah)).await
    }

    /// The whole demo: the Pemda and accounts ([`App::siapkan_demo`]), then its elections,
    /// pacts and campaigns with thousands of signatures ([`App::siapkan_demo_pakta`]).
    /// Running it again adds nothing.
    pub async fn siapkan_demo_lengkap(
        &self,
        jumlah: usize,
    ) -> AppResult<(HasilDemo, pakta::RingkasanPakta)> {
        let data = data_demo(jumlah);
        let hasil = self.siapkan_demo_dari(&data).await?;
        let ringkas = self.siapkan_demo_pakta(&hasil.instansi, &data).await?;
        Ok((hasil, ringkas))
    }

    async fn siapkan_demo_dari(&self, data: &DataDemo) -> AppResult<HasilDemo> {
        let pelaku = Pelaku::Cli("demo".into());
        let (instansi, _) = self
            .tambah_instansi(
                &pelaku,
                FormInstansi {
                    kode: KODE_WILAYAH.into(),
                    nama: "Kota Pangkalpinang".into(),
                    jenis: "KOTA".into(),
                    kepala_daerah: Some("Pejabat demo".into()),
                    status_kepala: Some("PJ".into()),
                    demo: true,
                },
            )
            .await?;
        let csv = netral_demo_data::ke_csv(data);
        let impor = self
            .impor_pegawai(
                &pelaku,
                instansi.id,
                csv,
                "demo-pangkalpinang.csv",
                OpsiImpor::default(),
            )
            .await?;
        if let Some(alasan) = &impor.alasan_batal {
            return Err(AppError::Internal(format!("data demo ditolak: {alasan}")));
        }
        let kecamatan = self
            .store
            .daftar_unit(instansi.id)
            .await?
            .into_iter()
            .find(|u| u.jenis == JenisUnit::Kecamatan && u.induk_id.is_none());
        let mut akun = Vec::new();
        for (username, peran, nama, lingkup) in AKUN_DEMO {
            let unit_id = if *lingkup {
                kecamatan.as_ref().map(|u| u.id.0)
            } else {
                None
            };
            self.tambah_user(
                &pelaku,
                FormUser {
                    instansi_kode: KODE_WILAYAH.into(),
                    username: (*username).into(),
                    nama: Some((*nama).into()),
                    peran: (*peran).into(),
                    unit_id,
                    sandi: Some(SANDI_DEMO.into()),
                },
            )
            .await?;
            akun.push(((*username).to_string(), (*peran).to_string()));
        }
        Ok(HasilDemo {
            instansi,
            impor,
            akun,
        })
    }
}

/// The generated demo Pemda with about `jumlah` employees.
fn data_demo(jumlah: usize) -> DataDemo {
    netral_demo_data::hasilkan(&Spesifikasi {
        jumlah,
        ..Spesifikasi::default()
    })
}
