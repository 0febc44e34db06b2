//! Pegawai: every person employed by a Pemda who may sign a pact (DOMAIN.md §3.2).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ident::{Golongan, NiPppk, Nik, Nip};

/// Declares a closed set of codes with their stored form and Indonesian label, parsed loosely
/// (any letter case, spaces or underscores) from the aliases given.
macro_rules! kode_enum {
    (
        $(#[$meta:meta])*
        $name:ident, $what:literal {
            $( $variant:ident => $code:literal, $label:literal, [$($alias:literal),*] ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, ::serde::Serialize, ::serde::Deserialize)]
        #[serde(try_from = "String", into = "&'static str")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stored code, e.g. `PPPK_PARUH_WAKTU`.
            pub fn kode(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The label shown to people, in Indonesian.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a code or a common alias, ignoring case, spaces, dashes and underscores.
            pub fn parse(s: &str) -> Result<Self, $crate::pegawai::KodeTidakDikenal> {
                let k = $crate::teks::kunci(s);
                $(
                    if k == $crate::teks::kunci($code) || k == $crate::teks::kunci($label) $(|| k == $crate::teks::kunci($alias))* {
                        return Ok($name::$variant);
                    }
                )+
                Err($crate::pegawai::KodeTidakDikenal { jenis: $what, nilai: s.trim().to_string() })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.kode())
            }
        }

        impl From<$name> for &'static str {
            fn from(v: $name) -> &'static str { v.kode() }
        }

        impl TryFrom<String> for $name {
            type Error = $crate::pegawai::KodeTidakDikenal;
            fn try_from(s: String) -> Result<Self, Self::Error> { $name::parse(&s) }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::pegawai::KodeTidakDikenal;
            fn from_str(s: &str) -> Result<Self, Self::Err> { $name::parse(s) }
        }
    };
}
pub(crate) use kode_enum;

/// A value outside a closed list of codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{jenis} tidak dikenal: \"{nilai}\"")]
pub struct KodeTidakDikenal {
    pub jenis: &'static str,
    pub nilai: String,
}

kode_enum! {
    /// Employment type; decides which identifier a person must have.
    JenisPegawai, "jenis pegawai" {
        Pns => "PNS", "PNS", ["PEGAWAI NEGERI SIPIL"],
        Cpns => "CPNS", "CPNS", ["CALON PNS", "CALON PEGAWAI NEGERI SIPIL"],
        Pppk => "PPPK", "PPPK", ["P3K", "PEGAWAI PEMERINTAH DENGAN PERJANJIAN KERJA"],
        PppkParuhWaktu => "PPPK_PARUH_WAKTU", "PPPK Paruh Waktu", ["PPPK PW", "P3K PARUH WAKTU"],
        NonAsn => "NON_ASN", "Non-ASN", ["HONORER", "TENAGA KONTRAK", "KONTRAK", "NONASN", "THL"],
    }
}

impl JenisPegawai {
    /// Which identifier this employment type must carry (DOMAIN.md §3.2).
    pub fn identitas_wajib(self) -> JenisIdentitas {
        match self {
            JenisPegawai::Pns | JenisPegawai::Cpns => JenisIdentitas::Nip,
            JenisPegawai::Pppk | JenisPegawai::PppkParuhWaktu => JenisIdentitas::NiPppk,
            JenisPegawai::NonAsn => JenisIdentitas::Nik,
        }
    }

    /// ASN = PNS (incl. CPNS) + PPPK; non-ASN are bound only by their contract.
    pub fn is_asn(self) -> bool {
        !matches!(self, JenisPegawai::NonAsn)
    }
}

kode_enum! {
    /// Employment status; only `AKTIF` employees may sign.
    StatusPegawai, "status pegawai" {
        Aktif => "AKTIF", "Aktif", ["ACTIVE"],
        Cuti => "CUTI", "Cuti", [],
        Cltn => "CLTN", "CLTN", ["CUTI DI LUAR TANGGUNGAN NEGARA"],
        DiberhentikanSementara => "DIBERHENTIKAN_SEMENTARA", "Diberhentikan sementara", [],
        Pensiun => "PENSIUN", "Pensiun", [],
        Diberhentikan => "DIBERHENTIKAN", "Diberhentikan", [],
        Meninggal => "MENINGGAL", "Meninggal", ["WAFAT"],
        TidakAktif => "TIDAK_AKTIF", "Tidak aktif (tidak ada di ekspor terakhir)", ["NONAKTIF"],
    }
}

kode_enum! {
    /// Sex as recorded (and as encoded in NIP, NI PPPK and NIK).
    JenisKelamin, "jenis kelamin" {
        L => "L", "Laki-laki", ["LAKI LAKI", "PRIA", "M", "MALE", "1"],
        P => "P", "Perempuan", ["WANITA", "F", "FEMALE", "2"],
    }
}

kode_enum! {
    /// Kind of post (jabatan) after the 2021 simplification, DOMAIN.md §3.1.
    JenisJabatan, "jenis jabatan" {
        JptUtama => "JPT_UTAMA", "JPT Utama", [],
        JptMadya => "JPT_MADYA", "JPT Madya", [],
        JptPratama => "JPT_PRATAMA", "JPT Pratama", ["JPT"],
        Administrator => "ADMINISTRATOR", "Administrator", ["JABATAN ADMINISTRATOR"],
        Pengawas => "PENGAWAS", "Pengawas", ["JABATAN PENGAWAS"],
        Pelaksana => "PELAKSANA", "Pelaksana", ["JABATAN PELAKSANA", "STRUKTURAL PELAKSANA", "UMUM", "JFU"],
        Fungsional => "FUNGSIONAL", "Fungsional", ["JABATAN FUNGSIONAL", "JFT", "FUNGSIONAL TERTENTU"],
        KepalaDaerah => "KEPALA_DAERAH", "Kepala Daerah", ["BUPATI", "WALI KOTA", "WALIKOTA", "GUBERNUR"],
    }
}

kode_enum! {
    /// Legacy structural level, still printed in many exports.
    Eselon, "eselon" {
        IA => "I.a", "I.a", ["IA", "I/A", "1A"],
        IB => "I.b", "I.b", ["IB", "I/B", "1B"],
        IIA => "II.a", "II.a", ["IIA", "II/A", "2A"],
        IIB => "II.b", "II.b", ["IIB", "II/B", "2B"],
        IIIA => "III.a", "III.a", ["IIIA", "III/A", "3A"],
        IIIB => "III.b", "III.b", ["IIIB", "III/B", "3B"],
        IVA => "IV.a", "IV.a", ["IVA", "IV/A", "4A"],
        IVB => "IV.b", "IV.b", ["IVB", "IV/B", "4B"],
        VA => "V.a", "V.a", ["VA", "V/A", "5A"],
    }
}

impl Eselon {
    /// The post kind a legacy eselon maps to (DOMAIN.md §3.1, [UNVERIFIED but standard]).
    pub fn jenis_jabatan(self) -> JenisJabatan {
        match self {
            Eselon::IA | Eselon::IB => JenisJabatan::JptMadya,
            Eselon::IIA | Eselon::IIB => JenisJabatan::JptPratama,
            Eselon::IIIA | Eselon::IIIB => JenisJabatan::Administrator,
            Eselon::IVA | Eselon::IVB | Eselon::VA => JenisJabatan::Pengawas,
        }
    }
}

kode_enum! {
    /// Where a record came from.
    SumberData, "sumber data" {
        Siasn => "SIASN", "SIASN", [],
        Simpeg => "SIMPEG", "SIMPEG", [],
        Manual => "MANUAL", "Manual", [],
        Demo => "DEMO", "Data demo", [],
    }
}

/// Which identifier names a person: NIP (PNS/CPNS), NI PPPK (PPPK) or NIK (non-ASN).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum JenisIdentitas {
    Nip,
    NiPppk,
    Nik,
}

impl JenisIdentitas {
    pub fn label(self) -> &'static str {
        match self {
            JenisIdentitas::Nip => "NIP",
            JenisIdentitas::NiPppk => "NI PPPK",
            JenisIdentitas::Nik => "NIK",
        }
    }
}

/// The key by which an employee is recognised across imports: the identifier their
/// employment type requires. Stored as `"<digits>"` in a column unique per instansi.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Identitas(String);

impl Identitas {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Rebuilds a key read back from storage (already validated when it was written).
    pub fn from_stored(s: String) -> Self {
        Identitas(s)
    }
}

impl std::fmt::Display for Identitas {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Everything an import (or a form) says about one employee, already parsed into domain
/// types. Unit and post are given by name; the application resolves them to ids.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DataPegawai {
    pub jenis: JenisPegawai,
    pub nip: Option<Nip>,
    pub ni_pppk: Option<NiPppk>,
    pub nik: Option<Nik>,
    pub nama: String,
    pub gelar_depan: Option<String>,
    pub gelar_belakang: Option<String>,
    pub tempat_lahir: Option<String>,
    pub tanggal_lahir: Option<NaiveDate>,
    pub jenis_kelamin: Option<JenisKelamin>,
    pub golongan: Option<Golongan>,
    pub jabatan_nama: Option<String>,
    pub jabatan_jenis: Option<JenisJabatan>,
    pub eselon: Option<Eselon>,
    /// Unit path from the top OPD down, e.g. `["Kecamatan Bukit Intan", "Kelurahan Sinar Bulan"]`.
    pub unit_path: Vec<String>,
    /// Identifier of the direct superior as written in the file, resolved after the import.
    pub atasan_identitas: Option<String>,
    pub no_hp: Option<String>,
    pub email: Option<String>,
    pub status: StatusPegawai,
}

impl DataPegawai {
    /// The identifier this person is known by. `None` when the required one is missing,
    /// which the import rejects before a record is ever built.
    pub fn identitas(&self) -> Option<Identitas> {
        let s = match self.jenis.identitas_wajib() {
            JenisIdentitas::Nip => self.nip.as_ref().map(|n| n.as_str().to_string()),
            JenisIdentitas::NiPppk => self.ni_pppk.as_ref().map(|n| n.as_str().to_string()),
            JenisIdentitas::Nik => self.nik.as_ref().map(|n| n.as_str().to_string()),
        };
        s.map(Identitas)
    }

    /// Full name with academic titles, as printed on a pact: `Dr. Budi Santoso, S.E., M.M.`
    pub fn nama_lengkap(&self) -> String {
        nama_dengan_gelar(
            self.gelar_depan.as_deref(),
            &self.nama,
            self.gelar_belakang.as_deref(),
        )
    }
}

/// Joins titles and name the way Indonesian documents print them.
pub fn nama_dengan_gelar(depan: Option<&str>, nama: &str, belakang: Option<&str>) -> String {
    let mut s = String::new();
    if let Some(d) = depan.filter(|d| !d.trim().is_empty()) {
        s.push_str(d.trim());
        s.push(' ');
    }
    s.push_str(nama.trim());
    if let Some(b) = belakang.filter(|b| !b.trim().is_empty()) {
        s.push_str(", ");
        s.push_str(b.trim());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jenis_pegawai_parses_any_case_and_aliases() {
        assert_eq!(JenisPegawai::parse("pns"), Ok(JenisPegawai::Pns));
        assert_eq!(
            JenisPegawai::parse("PPPK Paruh Waktu"),
            Ok(JenisPegawai::PppkParuhWaktu)
        );
        assert_eq!(
            JenisPegawai::parse("ppPK_paruh_waktu"),
            Ok(JenisPegawai::PppkParuhWaktu)
        );
        assert_eq!(JenisPegawai::parse("non asn"), Ok(JenisPegawai::NonAsn));
        assert_eq!(JenisPegawai::parse("Honorer"), Ok(JenisPegawai::NonAsn));
        let err = JenisPegawai::parse("TNI").unwrap_err();
        assert_eq!(err.to_string(), "jenis pegawai tidak dikenal: \"TNI\"");
    }

    #[test]
    fn every_code_round_trips() {
        for j in JenisPegawai::ALL {
            assert_eq!(JenisPegawai::parse(j.kode()), Ok(*j));
        }
        for s in StatusPegawai::ALL {
            assert_eq!(StatusPegawai::parse(s.kode()), Ok(*s));
        }
        for e in Eselon::ALL {
            assert_eq!(Eselon::parse(e.kode()), Ok(*e));
        }
    }

    #[test]
    fn identity_follows_employment_type() {
        assert_eq!(JenisPegawai::Cpns.identitas_wajib(), JenisIdentitas::Nip);
        assert_eq!(
            JenisPegawai::PppkParuhWaktu.identitas_wajib(),
            JenisIdentitas::NiPppk
        );
        assert_eq!(JenisPegawai::NonAsn.identitas_wajib(), JenisIdentitas::Nik);
        assert!(!JenisPegawai::NonAsn.is_asn());
    }

    #[test]
    fn names_with_titles() {
        assert_eq!(
            nama_dengan_gelar(Some("Dr."), "Budi Santoso", Some("S.E., M.M.")),
            "Dr. Budi Santoso, S.E., M.M."
        );
        assert_eq!(nama_dengan_gelar(None, " Siti ", Some(" ")), "Siti");
    }
}
