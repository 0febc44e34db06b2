//! Deterministic demo and benchmark data for Netral: the organisation and employees of
//! **Kota Pangkalpinang** (kode wilayah `19.71`), written in the employee import format.
//!
//! Everything here is invented and labelled [`DEMO_LABEL`]. The generator is pure: a seeded
//! `ChaCha8Rng`, no clock and no I/O besides the bytes it returns or the writer it is given,
//! so the same [`Spesifikasi`] always yields the same bytes.
//!
//! What it produces:
//! - ~40 OPD as a two-level unit tree ([`daftar_unit`]): Sekretariat Daerah with its bagian,
//!   Sekretariat DPRD, Inspektorat, dinas and badan with sekretariat, bidang and UPT
//!   (puskesmas, schools), the RSUD, Satpol PP, and the seven real kecamatan with their
//!   kelurahan.
//! - Employees ([`Orang`]): a Pj Wali Kota (recorded as a PNS holding a JPT), the Sekda,
//!   every structural post down to kasubbag/kasi/lurah, then staff in the proportions PNS
//!   55 %, CPNS 3 %, PPPK 25 %, PPPK paruh waktu 5 %, non-ASN 12 %. Each has valid, unique
//!   identifiers laid out as DOMAIN.md §3.2 prescribes (NIP, NI PPPK, NIK), a golongan
//!   consistent with type and years of service, and `atasan` pointing at the identifier of
//!   the direct superior, so every chain ends at the Pj.
//!
//! For large files use [`tulis_csv`] (streams) or [`pembangkit`] (an iterator); both yield
//! exactly the rows of [`hasilkan`] in the same order.

mod identitas;
mod keluaran;
mod nama;
pub mod pakta;
mod pembangkit;
mod peran;
mod struktur;

use chrono::NaiveDate;

pub use keluaran::{KOLOM, ke_csv, ke_xlsx, tulis_csv};
pub use pembangkit::Pembangkit;

/// Label every screen and file showing this data should carry.
pub const DEMO_LABEL: &str = "DATA DEMO — bukan data pegawai sebenarnya";

/// Kode wilayah of the demo Pemda (Kota Pangkalpinang).
pub const KODE_WILAYAH: &str = "19.71";

/// Name of the demo Pemda.
pub const NAMA_INSTANSI: &str = "Pemerintah Kota Pangkalpinang";

/// The year the data describes: ages, years of service and the last CPNS intake are
/// computed against it. Pass it as the importer's `tahun_acuan`.
pub const TAHUN_ACUAN: i32 = 2025;

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spesifikasi {
    /// Seed of the random generator; the same seed gives the same data.
    pub seed: u64,
    /// Number of employees. The structural posts (~600) are filled first; a smaller number
    /// gives only the top of the hierarchy.
    pub jumlah: usize,
}

impl Default for Spesifikasi {
    /// Seed 1971 (for `19.71`), 6,000 employees: roughly the size of a real kota.
    fn default() -> Self {
        Spesifikasi {
            seed: 1971,
            jumlah: 6000,
        }
    }
}

/// A unit kerja. Top-level units (OPD) have no `induk`; sub-units name their OPD.
/// Sub-unit names are unique within their OPD (every dinas has a "Sekretariat").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unit {
    /// Name as written in the import file, e.g. `Dinas Kesehatan`, `Kelurahan Air Itam`.
    pub nama: String,
    /// `SETDA`, `SEKRETARIAT`, `INSPEKTORAT`, `DINAS`, `BADAN`, `RSUD`, `SATPOL_PP`,
    /// `KECAMATAN`, `KELURAHAN`, `UPT`, `BAGIAN` or `BIDANG` (codes of
    /// `netral_domain::organisasi::JenisUnit`).
    pub jenis: &'static str,
    /// Name of the parent OPD.
    pub induk: Option<String>,
    /// Kode wilayah of a kecamatan (`19.71.01` …).
    pub kode_wilayah: Option<String>,
}

/// One generated employee, as the import file describes them. Codes are those of
/// `netral_domain::pegawai` (`JenisPegawai`, `JenisJabatan`, `Eselon`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Orang {
    /// `PNS`, `CPNS`, `PPPK`, `PPPK_PARUH_WAKTU` or `NON_ASN`.
    pub jenis_pegawai: &'static str,
    /// 18 digits, for PNS and CPNS.
    pub nip: Option<String>,
    /// 18 digits, for PPPK and PPPK paruh waktu.
    pub ni_pppk: Option<String>,
    /// 16 digits; always for non-ASN, for about half of the ASN.
    pub nik: Option<String>,
    /// Name without titles.
    pub nama: String,
    /// Titles before the name (`Dr.`, `dr.`, `Ns.`, `H.` …), space-separated.
    pub gelar_depan: Option<String>,
    /// Degrees after the name (`S.E., M.M.`), comma-separated.
    pub gelar_belakang: Option<String>,
    /// Place of birth (a town).
    pub tempat_lahir: &'static str,
    /// Date of birth; the same date is encoded in the NIP / NI PPPK / NIK.
    pub tanggal_lahir: NaiveDate,
    /// `L` or `P`.
    pub jenis_kelamin: &'static str,
    /// `III/a` style for PNS/CPNS, Roman (`IX`) for PPPK, none for non-ASN.
    pub golongan: Option<&'static str>,
    /// Name of the post, e.g. `Kepala Dinas Kesehatan`, `Guru Ahli Muda`, `Pramu Kantor`.
    pub jabatan: String,
    /// `JPT_PRATAMA`, `ADMINISTRATOR`, `PENGAWAS`, `FUNGSIONAL`, `PELAKSANA`; none for non-ASN.
    pub jenis_jabatan: Option<&'static str>,
    /// `II.a` … `IV.b` for structural posts.
    pub eselon: Option<&'static str>,
    /// OPD name, then the sub-unit name if any.
    pub unit_path: Vec<String>,
    /// Identifier (NIP) of the direct superior; `None` only for the Pj.
    pub atasan: Option<String>,
    /// Mobile number `08…` (digits only), for most people.
    pub no_hp: Option<String>,
    /// `first.last@pangkalpinangkota.go.id`, unique, for about half of the ASN.
    pub email: Option<String>,
}

impl Orang {
    /// The identifier this person is known by: NIP (PNS/CPNS), NI PPPK (PPPK) or NIK.
    pub fn identitas(&self) -> &str {
        self.nip
            .as_deref()
            .or(self.ni_pppk.as_deref())
            .or(self.nik.as_deref())
            .unwrap_or("")
    }

    /// Full name with titles, e.g. `Dr. Budi Santoso, S.E., M.M.`.
    pub fn nama_lengkap(&self) -> String {
        let mut s = String::new();
        if let Some(d) = &self.gelar_depan {
            s.push_str(d);
            s.push(' ');
        }
        s.push_str(&self.nama);
        if let Some(b) = &self.gelar_belakang {
            s.push_str(", ");
            s.push_str(b);
        }
        s
    }
}

/// The whole demo Pemda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataDemo {
    /// The unit tree (OPD and sub-units, each OPD before its sub-units); see [`daftar_unit`].
    pub units: Vec<Unit>,
    /// Structural officials first (Pj, Sekda, kepala OPD, …), then staff.
    pub orang: Vec<Orang>,
}

impl DataDemo {
    /// The Penjabat Wali Kota (the first record), if at least one person was generated.
    pub fn kepala_daerah(&self) -> Option<&Orang> {
        self.orang.first()
    }
}

/// The unit tree of the demo Pemda (the same for every seed).
pub fn daftar_unit() -> Vec<Unit> {
    struktur::bangun().units
}

/// An iterator over the employees of `spec`, generating one at a time (memory stays
/// small whatever `jumlah` is).
pub fn pembangkit(spec: &Spesifikasi) -> Pembangkit {
    Pembangkit::baru(spec)
}

/// Generates the demo Pemda. Holds every employee in memory (about 760 MB and a few
/// seconds in release for 1,000,000); for files that large prefer [`tulis_csv`].
pub fn hasilkan(spec: &Spesifikasi) -> DataDemo {
    let p = pembangkit(spec);
    let units = p.struktur().units.clone();
    let orang = p.collect();
    DataDemo { units, orang }
}
