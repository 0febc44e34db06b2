//! Accounts, roles and what each role may do (DOMAIN.md §3.6).
//!
//! Every account belongs to exactly one instansi and may be narrowed to one unit subtree.
//! Permission checks are pure functions here; the application layer calls them before any
//! store access, and the store filters every query by instansi as a second line of defence.

use serde::{Deserialize, Serialize};

use crate::organisasi::{InstansiId, UnitId, id_type};
use crate::pegawai::kode_enum;
use crate::teks::kunci;

id_type!(
    /// Account id (global; usernames are unique across instansi so login needs no tenant).
    UserId
);

kode_enum! {
    /// Staff roles. The public (pelapor) needs no account.
    Peran, "peran" {
        Admin => "ADMIN", "Administrator instansi", [],
        Bkpsdm => "BKPSDM", "Operator BKPSDM", ["BKD", "BKPSDMD"],
        OperatorSatgas => "OPERATOR_SATGAS", "Operator Satgas", [],
        KetuaSatgas => "KETUA_SATGAS", "Ketua Satgas", [],
        Inspektorat => "INSPEKTORAT", "Inspektorat", [],
        AtasanLangsung => "ATASAN_LANGSUNG", "Atasan langsung", [],
        Penjatuh => "PENJATUH", "Pejabat yang berwenang menghukum", ["PPK", "PYB"],
        PenghubungBawaslu => "PENGHUBUNG_BAWASLU", "Penghubung Bawaslu", [],
        Auditor => "AUDITOR", "Auditor (baca saja)", [],
    }
}

/// Something a user may be allowed to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Izin {
    /// See units, posts and employees.
    LihatRegistri,
    /// Import and edit employees and units.
    KelolaRegistri,
    /// Create accounts and tokens for the instansi.
    KelolaAkun,
    /// Read the audit log.
    LihatAudit,
    /// Elections, pact templates and campaigns; paper intake, representative signatures,
    /// witness statements, revocations, ikrar events, reminders and exports.
    KelolaPakta,
    /// Run a kiosk (apel or unit tablet) that signs present employees.
    OperasiKiosk,
    /// See campaign progress and who has not signed.
    LihatProgres,
}

impl Peran {
    /// The permissions granted to a role.
    pub fn izin(self) -> &'static [Izin] {
        use Izin::*;
        match self {
            Peran::Admin => &[
                LihatRegistri,
                KelolaRegistri,
                KelolaAkun,
                LihatAudit,
                KelolaPakta,
                OperasiKiosk,
                LihatProgres,
            ],
            Peran::Bkpsdm => &[
                LihatRegistri,
                KelolaRegistri,
                LihatAudit,
                KelolaPakta,
                OperasiKiosk,
                LihatProgres,
            ],
            Peran::Auditor => &[LihatRegistri, LihatAudit, LihatProgres],
            Peran::AtasanLangsung => &[LihatRegistri, OperasiKiosk, LihatProgres],
            Peran::OperatorSatgas
            | Peran::KetuaSatgas
            | Peran::Inspektorat
            | Peran::Penjatuh
            | Peran::PenghubungBawaslu => &[LihatRegistri],
        }
    }

    pub fn boleh(self, izin: Izin) -> bool {
        self.izin().contains(&izin)
    }
}

/// A validated username: 3–64 chars of lowercase letters, digits, `.`, `_`, `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AkunError {
    #[error(
        "nama pengguna harus 3–64 karakter huruf kecil, angka, titik, garis bawah atau tanda hubung"
    )]
    UsernameTidakValid,
    #[error("kata sandi minimal 10 karakter")]
    SandiTerlaluPendek,
    #[error("kata sandi terlalu panjang (maksimal 1024 karakter)")]
    SandiTerlaluPanjang,
}

impl Username {
    pub fn parse(s: &str) -> Result<Self, AkunError> {
        let s = s.trim().to_lowercase();
        let ok = (3..=64).contains(&s.chars().count())
            && s.chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
        if ok {
            Ok(Username(s))
        } else {
            Err(AkunError::UsernameTidakValid)
        }
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Username {
    type Error = AkunError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Username::parse(&s)
    }
}
impl From<Username> for String {
    fn from(u: Username) -> String {
        u.0
    }
}
impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Checks a new password's length (the hash is made in the application layer).
pub fn periksa_sandi(sandi: &str) -> Result<(), AkunError> {
    let n = sandi.chars().count();
    if n < 10 {
        Err(AkunError::SandiTerlaluPendek)
    } else if n > 1024 {
        Err(AkunError::SandiTerlaluPanjang)
    } else {
        Ok(())
    }
}

/// A staff account (without secrets).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: UserId,
    pub instansi_id: InstansiId,
    pub username: Username,
    pub nama: String,
    pub peran: Peran,
    /// When set, the account sees only this unit and the units below it.
    pub unit_id: Option<UnitId>,
    pub aktif: bool,
}

impl User {
    pub fn boleh(&self, izin: Izin) -> bool {
        self.aktif && self.peran.boleh(izin)
    }
}

/// Who is acting, on whose behalf, and when: passed into every change so the audit log
/// can record it. Time comes from the caller, never from the clock here.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jejak {
    /// `user:<username>`, `cli:<os user>` or `sistem`.
    pub aktor: String,
    pub waktu: chrono::DateTime<chrono::Utc>,
}

impl Jejak {
    pub fn user(u: &User, waktu: chrono::DateTime<chrono::Utc>) -> Self {
        Jejak {
            aktor: format!("user:{}", u.username),
            waktu,
        }
    }
}

/// Loose match used by role pickers in forms.
pub fn peran_dari_teks(s: &str) -> Option<Peran> {
    Peran::ALL
        .iter()
        .copied()
        .find(|p| kunci(p.kode()) == kunci(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_admin_manages_accounts() {
        for p in Peran::ALL {
            assert_eq!(p.boleh(Izin::KelolaAkun), *p == Peran::Admin, "{p}");
            assert!(p.boleh(Izin::LihatRegistri), "{p}");
        }
        assert!(Peran::Bkpsdm.boleh(Izin::KelolaRegistri));
        assert!(!Peran::Auditor.boleh(Izin::KelolaRegistri));
    }

    #[test]
    fn usernames_are_normalised_and_checked() {
        assert_eq!(
            Username::parse(" Admin.BKPSDM ").unwrap().as_str(),
            "admin.bkpsdm"
        );
        assert!(Username::parse("ab").is_err());
        assert!(Username::parse("budi santoso").is_err());
        assert!(Username::parse("budi;drop").is_err());
    }

    #[test]
    fn passwords_need_ten_chars() {
        assert!(periksa_sandi("pendek").is_err());
        assert!(periksa_sandi("cukup-panjang-1").is_ok());
    }
}
