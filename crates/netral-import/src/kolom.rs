//! Header recognition: which file column holds which field (DOMAIN.md §3.7 plus aliases).

use netral_domain::teks::kunci;

use crate::ImportError;

/// A field the importer understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bidang {
    Nama,
    Nip,
    NiPppk,
    Nik,
    GelarDepan,
    GelarBelakang,
    TempatLahir,
    TanggalLahir,
    JenisKelamin,
    NoHp,
    Email,
    JenisPegawai,
    StatusCpnsPns,
    Golongan,
    JenisJabatan,
    NamaJabatan,
    Eselon,
    Status,
    Atasan,
    /// Unit column with its level: 0 = top OPD, higher = deeper.
    Unit(u8),
}

/// Header aliases, compared with [`kunci`] (case, spaces, underscores and punctuation ignored).
const ALIAS: &[(&str, Bidang)] = &[
    ("NAMA", Bidang::Nama),
    ("NAMA LENGKAP", Bidang::Nama),
    ("NAMA PEGAWAI", Bidang::Nama),
    ("NAMA ASN", Bidang::Nama),
    ("NIP", Bidang::Nip),
    ("NIP BARU", Bidang::Nip),
    ("NIP 18", Bidang::Nip),
    ("NIP PNS", Bidang::Nip),
    ("NI PPPK", Bidang::NiPppk), // also NIPPPK
    ("NOMOR INDUK PPPK", Bidang::NiPppk),
    ("NIP PPPK", Bidang::NiPppk),
    ("NI P3K", Bidang::NiPppk),
    ("NIK", Bidang::Nik),
    ("NO KTP", Bidang::Nik),
    ("NOMOR KTP", Bidang::Nik),
    ("NOMOR INDUK KEPENDUDUKAN", Bidang::Nik),
    ("GELAR DEPAN", Bidang::GelarDepan),
    ("GELAR BELAKANG", Bidang::GelarBelakang),
    ("TEMPAT LAHIR", Bidang::TempatLahir),
    ("TANGGAL LAHIR", Bidang::TanggalLahir),
    ("TGL LAHIR", Bidang::TanggalLahir),
    ("JENIS KELAMIN", Bidang::JenisKelamin),
    ("JK", Bidang::JenisKelamin),
    ("KELAMIN", Bidang::JenisKelamin),
    ("L/P", Bidang::JenisKelamin),
    ("NOMOR HP", Bidang::NoHp),
    ("NO HP", Bidang::NoHp),
    ("HP", Bidang::NoHp),
    ("TELEPON", Bidang::NoHp),
    ("TELP", Bidang::NoHp),
    ("NO TELEPON", Bidang::NoHp),
    ("NOMOR TELEPON", Bidang::NoHp),
    ("NO HANDPHONE", Bidang::NoHp),
    ("NOMOR HANDPHONE", Bidang::NoHp),
    ("NO WA", Bidang::NoHp),
    ("EMAIL", Bidang::Email),
    ("SUREL", Bidang::Email),
    ("ALAMAT EMAIL", Bidang::Email),
    ("JENIS PEGAWAI", Bidang::JenisPegawai),
    ("JENIS ASN", Bidang::JenisPegawai),
    ("JENIS KEPEGAWAIAN", Bidang::JenisPegawai),
    ("STATUS CPNS PNS", Bidang::StatusCpnsPns),
    ("GOL AKHIR", Bidang::Golongan),
    ("GOLONGAN", Bidang::Golongan),
    ("GOL/RUANG", Bidang::Golongan),
    ("GOLONGAN RUANG", Bidang::Golongan),
    ("GOL", Bidang::Golongan),
    ("JENIS JABATAN", Bidang::JenisJabatan),
    ("NAMA JABATAN", Bidang::NamaJabatan),
    ("JABATAN", Bidang::NamaJabatan),
    ("ESELON", Bidang::Eselon),
    ("STATUS", Bidang::Status),
    ("STATUS PEGAWAI", Bidang::Status),
    ("STATUS AKTIF", Bidang::Status),
    ("NIP ATASAN", Bidang::Atasan),
    ("ATASAN LANGSUNG", Bidang::Atasan),
    ("NIP ATASAN LANGSUNG", Bidang::Atasan),
    ("UNOR INDUK", Bidang::Unit(0)),
    ("OPD", Bidang::Unit(0)),
    ("SKPD", Bidang::Unit(0)),
    ("PERANGKAT DAERAH", Bidang::Unit(0)),
    ("UNIT KERJA INDUK", Bidang::Unit(0)),
    ("NAMA UNOR", Bidang::Unit(1)),
    ("UNOR", Bidang::Unit(1)),
    ("UNIT KERJA", Bidang::Unit(1)),
    ("UNIT KERJA 1", Bidang::Unit(1)),
    ("UNIT ORGANISASI", Bidang::Unit(1)),
    ("SUB UNIT KERJA", Bidang::Unit(2)),
    ("UNIT KERJA 2", Bidang::Unit(2)),
    ("SUB UNOR", Bidang::Unit(2)),
    ("UNIT KERJA 3", Bidang::Unit(3)),
    ("SUB SUB UNIT KERJA", Bidang::Unit(3)),
    ("UNIT KERJA 4", Bidang::Unit(4)),
];

/// Recognises one header cell.
pub(crate) fn kenali(header: &str) -> Option<Bidang> {
    let k = kunci(header);
    if k.is_empty() {
        return None;
    }
    ALIAS.iter().find(|(a, _)| kunci(a) == k).map(|(_, b)| *b)
}

/// One mapped column: position in the row and the header text as written.
#[derive(Debug, Clone)]
pub(crate) struct Kolom {
    pub idx: usize,
    pub nama: String,
}

/// Which column holds which field.
#[derive(Debug, Clone, Default)]
pub(crate) struct Peta {
    pub nama: Option<Kolom>,
    pub nip: Option<Kolom>,
    pub ni_pppk: Option<Kolom>,
    pub nik: Option<Kolom>,
    pub gelar_depan: Option<Kolom>,
    pub gelar_belakang: Option<Kolom>,
    pub tempat_lahir: Option<Kolom>,
    pub tanggal_lahir: Option<Kolom>,
    pub jenis_kelamin: Option<Kolom>,
    pub no_hp: Option<Kolom>,
    pub email: Option<Kolom>,
    pub jenis_pegawai: Option<Kolom>,
    pub status_cpns_pns: Option<Kolom>,
    pub golongan: Option<Kolom>,
    pub jenis_jabatan: Option<Kolom>,
    pub nama_jabatan: Option<Kolom>,
    pub eselon: Option<Kolom>,
    pub status: Option<Kolom>,
    pub atasan: Option<Kolom>,
    /// Unit columns ordered from the top OPD down.
    pub unit: Vec<Kolom>,
    /// How many header cells were recognised.
    pub dikenali: usize,
}

impl Peta {
    /// Maps a header row. The first column wins when two map to the same field; unknown
    /// columns are ignored.
    pub(crate) fn dari_header<S: AsRef<str>>(header: &[S]) -> Peta {
        let mut p = Peta::default();
        let mut unit: Vec<(u8, Kolom)> = Vec::new();
        for (idx, h) in header.iter().enumerate() {
            let h = h.as_ref();
            let Some(b) = kenali(h) else { continue };
            let kol = Kolom {
                idx,
                nama: netral_domain::teks::rapikan(h),
            };
            let slot = match b {
                Bidang::Nama => &mut p.nama,
                Bidang::Nip => &mut p.nip,
                Bidang::NiPppk => &mut p.ni_pppk,
                Bidang::Nik => &mut p.nik,
                Bidang::GelarDepan => &mut p.gelar_depan,
                Bidang::GelarBelakang => &mut p.gelar_belakang,
                Bidang::TempatLahir => &mut p.tempat_lahir,
                Bidang::TanggalLahir => &mut p.tanggal_lahir,
                Bidang::JenisKelamin => &mut p.jenis_kelamin,
                Bidang::NoHp => &mut p.no_hp,
                Bidang::Email => &mut p.email,
                Bidang::JenisPegawai => &mut p.jenis_pegawai,
                Bidang::StatusCpnsPns => &mut p.status_cpns_pns,
                Bidang::Golongan => &mut p.golongan,
                Bidang::JenisJabatan => &mut p.jenis_jabatan,
                Bidang::NamaJabatan => &mut p.nama_jabatan,
                Bidang::Eselon => &mut p.eselon,
                Bidang::Status => &mut p.status,
                Bidang::Atasan => &mut p.atasan,
                Bidang::Unit(level) => {
                    p.dikenali += 1;
                    unit.push((level, kol));
                    continue;
                }
            };
            if slot.is_none() {
                p.dikenali += 1;
                *slot = Some(kol);
            }
        }
        // Stable: equal levels keep header order.
        unit.sort_by_key(|(level, _)| *level);
        p.unit = unit.into_iter().map(|(_, k)| k).collect();
        p
    }

    /// Whether this row looks like a header: it names at least two known fields, one of
    /// them the employee's name.
    pub(crate) fn mirip_header(&self) -> bool {
        self.nama.is_some() && self.dikenali >= 2
    }

    /// Checks the required columns: a name, a unit and an employment type.
    pub(crate) fn periksa_wajib(&self) -> Result<(), ImportError> {
        if self.nama.is_none() {
            return Err(ImportError::KolomWajib {
                kolom: "nama pegawai",
                contoh: "NAMA, Nama Lengkap, Nama Pegawai",
            });
        }
        if self.unit.is_empty() {
            return Err(ImportError::KolomWajib {
                kolom: "unit kerja",
                contoh: "UNOR INDUK, NAMA UNOR, Unit Kerja, Sub Unit Kerja, OPD",
            });
        }
        if self.jenis_pegawai.is_none() && self.status_cpns_pns.is_none() {
            return Err(ImportError::KolomWajib {
                kolom: "jenis pegawai",
                contoh: "JENIS PEGAWAI, STATUS CPNS PNS",
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aliases_are_loose() {
        assert_eq!(kenali("nama_lengkap"), Some(Bidang::Nama));
        assert_eq!(kenali(" NIP Baru "), Some(Bidang::Nip));
        assert_eq!(kenali("Gol/Ruang"), Some(Bidang::Golongan));
        assert_eq!(kenali("STATUS CPNS/PNS"), Some(Bidang::StatusCpnsPns));
        assert_eq!(kenali("E-mail"), Some(Bidang::Email));
        assert_eq!(kenali("Unit_Kerja_2"), Some(Bidang::Unit(2)));
        assert_eq!(kenali("AGAMA"), None);
        assert_eq!(kenali(""), None);
    }

    #[test]
    fn every_alias_is_unique() {
        for (i, (a, _)) in ALIAS.iter().enumerate() {
            for (b, _) in &ALIAS[i + 1..] {
                assert_ne!(kunci(a), kunci(b), "{a} / {b}");
            }
        }
    }

    #[test]
    fn units_are_ordered_by_level() {
        let p = Peta::dari_header(&["NAMA UNOR", "Nama", "UNOR INDUK", "JENIS PEGAWAI"]);
        let u: Vec<_> = p.unit.iter().map(|k| k.nama.as_str()).collect();
        assert_eq!(u, ["UNOR INDUK", "NAMA UNOR"]);
        assert!(p.mirip_header());
        assert!(p.periksa_wajib().is_ok());
    }
}
