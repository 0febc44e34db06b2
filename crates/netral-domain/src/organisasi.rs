//! Instansi (a Pemda), its unit kerja tree and its posts (DOMAIN.md §3.1).

use serde::{Deserialize, Serialize};

use crate::ident::{JenisPemda, KodeWilayah};
use crate::pegawai::{Eselon, JenisJabatan, kode_enum};
use crate::teks::kunci;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}
pub(crate) use id_type;

id_type!(
    /// Surrogate key of an instansi; every tenant-owned row carries it in its key.
    InstansiId
);
id_type!(
    /// Unit kerja id, unique within its instansi.
    UnitId
);
id_type!(
    /// Jabatan id, unique within its instansi.
    JabatanId
);
id_type!(
    /// Pegawai id, unique within its instansi.
    PegawaiId
);

kode_enum! {
    /// Who currently leads the Pemda: an elected head or an appointed acting one.
    StatusKepalaDaerah, "status kepala daerah" {
        Definitif => "DEFINITIF", "Definitif", [],
        Pj => "PJ", "Penjabat (Pj)", ["PENJABAT"],
        Pjs => "PJS", "Penjabat sementara (Pjs)", [],
        Plt => "PLT", "Pelaksana tugas (Plt)", [],
    }
}

kode_enum! {
    /// Kind of unit kerja.
    JenisUnit, "jenis unit" {
        Setda => "SETDA", "Sekretariat Daerah", [],
        Sekretariat => "SEKRETARIAT", "Sekretariat", ["SETWAN", "SEKRETARIAT DPRD"],
        Inspektorat => "INSPEKTORAT", "Inspektorat", [],
        Dinas => "DINAS", "Dinas", [],
        Badan => "BADAN", "Badan", [],
        Kecamatan => "KECAMATAN", "Kecamatan", [],
        Kelurahan => "KELURAHAN", "Kelurahan", [],
        Rsud => "RSUD", "Rumah Sakit Umum Daerah", [],
        Upt => "UPT", "Unit Pelaksana Teknis", ["UPTD"],
        Bagian => "BAGIAN", "Bagian", [],
        Bidang => "BIDANG", "Bidang", [],
        Satpol => "SATPOL_PP", "Satuan Polisi Pamong Praja", [],
        Lainnya => "LAINNYA", "Lainnya", [],
    }
}

impl JenisUnit {
    /// Guesses the kind from a unit's name, for imports that give only names.
    pub fn tebak(nama: &str) -> JenisUnit {
        let k = kunci(nama);
        let awal = |p: &str| k.starts_with(&kunci(p));
        if awal("Sekretariat Daerah") || awal("Setda") {
            JenisUnit::Setda
        } else if awal("Sekretariat") {
            JenisUnit::Sekretariat
        } else if awal("Inspektorat") {
            JenisUnit::Inspektorat
        } else if awal("Dinas") {
            JenisUnit::Dinas
        } else if awal("Badan") {
            JenisUnit::Badan
        } else if awal("Kecamatan") {
            JenisUnit::Kecamatan
        } else if awal("Kelurahan") || awal("Desa") {
            JenisUnit::Kelurahan
        } else if awal("RSUD") || awal("Rumah Sakit") {
            JenisUnit::Rsud
        } else if awal("UPT") || awal("Puskesmas") || awal("SD Negeri") || awal("SMP Negeri") {
            JenisUnit::Upt
        } else if awal("Bagian") {
            JenisUnit::Bagian
        } else if awal("Bidang") {
            JenisUnit::Bidang
        } else if awal("Satuan Polisi") || awal("Satpol") {
            JenisUnit::Satpol
        } else {
            JenisUnit::Lainnya
        }
    }
}

/// A Pemda using Netral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instansi {
    pub id: InstansiId,
    pub kode: KodeWilayah,
    pub jenis: JenisPemda,
    pub nama: String,
    pub kepala_daerah: Option<String>,
    pub status_kepala: StatusKepalaDaerah,
    /// True for the generated demo Pemda, so no one mistakes it for real data.
    pub demo: bool,
}

/// What registering a Pemda needs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InstansiBaru {
    pub kode: KodeWilayah,
    pub jenis: JenisPemda,
    pub nama: String,
    pub kepala_daerah: Option<String>,
    pub status_kepala: StatusKepalaDaerah,
    pub demo: bool,
}

/// Why an instansi cannot be registered as given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InstansiError {
    #[error("nama instansi wajib diisi")]
    NamaKosong,
    #[error("kode wilayah {kode} bukan kode {jenis}")]
    KodeTidakCocok { kode: String, jenis: &'static str },
}

impl InstansiBaru {
    /// Checks that the name is present and the kode wilayah fits the jenis
    /// (kab 01–69, kota 71–99, provinsi two digits).
    pub fn periksa(self) -> Result<Self, InstansiError> {
        if self.nama.trim().is_empty() {
            return Err(InstansiError::NamaKosong);
        }
        if !self.kode.cocok_dengan(self.jenis) {
            return Err(InstansiError::KodeTidakCocok {
                kode: self.kode.as_str().to_string(),
                jenis: self.jenis.kode(),
            });
        }
        Ok(self)
    }
}

/// A unit kerja; `induk_id = None` for a top-level OPD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UnitKerja {
    pub id: UnitId,
    pub instansi_id: InstansiId,
    pub induk_id: Option<UnitId>,
    pub nama: String,
    pub jenis: JenisUnit,
}

/// A unit with its employees counted, for the tree page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimpulUnit {
    pub unit: UnitKerja,
    /// Active employees directly in this unit.
    pub jumlah_langsung: u64,
    /// Active employees in this unit and all units below it.
    pub jumlah_total: u64,
    pub anak: Vec<SimpulUnit>,
}

/// Builds the unit tree from a flat list, counting employees up the tree. Units whose parent
/// is missing (should not happen) are treated as roots; cycles cannot be built because a
/// unit's parent must exist before it.
pub fn susun_pohon(
    units: &[UnitKerja],
    jumlah: &std::collections::HashMap<UnitId, u64>,
) -> Vec<SimpulUnit> {
    use std::collections::HashMap;
    let ada: std::collections::HashSet<UnitId> = units.iter().map(|u| u.id).collect();
    let mut anak: HashMap<Option<UnitId>, Vec<&UnitKerja>> = HashMap::new();
    for u in units {
        let induk = u.induk_id.filter(|i| ada.contains(i) && *i != u.id);
        anak.entry(induk).or_default().push(u);
    }
    fn bangun(
        induk: Option<UnitId>,
        anak: &HashMap<Option<UnitId>, Vec<&UnitKerja>>,
        jumlah: &HashMap<UnitId, u64>,
        kedalaman: usize,
    ) -> Vec<SimpulUnit> {
        let mut out: Vec<SimpulUnit> = Vec::new();
        if kedalaman > 64 {
            return out;
        }
        for u in anak.get(&induk).map(Vec::as_slice).unwrap_or(&[]) {
            let bawah = bangun(Some(u.id), anak, jumlah, kedalaman + 1);
            let langsung = jumlah.get(&u.id).copied().unwrap_or(0);
            let total = langsung + bawah.iter().map(|s| s.jumlah_total).sum::<u64>();
            out.push(SimpulUnit {
                unit: (*u).clone(),
                jumlah_langsung: langsung,
                jumlah_total: total,
                anak: bawah,
            });
        }
        out.sort_by(|a, b| a.unit.nama.cmp(&b.unit.nama));
        out
    }
    bangun(None, &anak, jumlah, 0)
}

/// A post within a unit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Jabatan {
    pub id: JabatanId,
    pub instansi_id: InstansiId,
    pub unit_id: UnitId,
    pub nama: String,
    pub jenis: Option<JenisJabatan>,
    pub eselon: Option<Eselon>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn unit(id: i64, induk: Option<i64>, nama: &str) -> UnitKerja {
        UnitKerja {
            id: UnitId(id),
            instansi_id: InstansiId(1),
            induk_id: induk.map(UnitId),
            nama: nama.into(),
            jenis: JenisUnit::tebak(nama),
        }
    }

    #[test]
    fn tree_counts_roll_up() {
        let units = vec![
            unit(1, None, "Kecamatan Gabek"),
            unit(2, Some(1), "Kelurahan Air Salemba"),
            unit(3, Some(1), "Kelurahan Gabek Satu"),
            unit(4, None, "Dinas Kesehatan"),
        ];
        let jumlah = HashMap::from([
            (UnitId(1), 5),
            (UnitId(2), 3),
            (UnitId(3), 2),
            (UnitId(4), 7),
        ]);
        let pohon = susun_pohon(&units, &jumlah);
        assert_eq!(pohon.len(), 2);
        assert_eq!(pohon[0].unit.nama, "Dinas Kesehatan");
        assert_eq!(pohon[1].jumlah_total, 10);
        assert_eq!(pohon[1].jumlah_langsung, 5);
        assert_eq!(pohon[1].anak.len(), 2);
    }

    #[test]
    fn unit_kind_is_guessed_from_name() {
        assert_eq!(
            JenisUnit::tebak("Kecamatan Bukit Intan"),
            JenisUnit::Kecamatan
        );
        assert_eq!(JenisUnit::tebak("Sekretariat Daerah"), JenisUnit::Setda);
        assert_eq!(JenisUnit::tebak("Sekretariat DPRD"), JenisUnit::Sekretariat);
        assert_eq!(JenisUnit::tebak("Badan Kepegawaian"), JenisUnit::Badan);
        assert_eq!(JenisUnit::tebak("Puskesmas Gerunggang"), JenisUnit::Upt);
    }
}
