//! Planning an employee import: which rows are new, changed, unchanged, and (for a full
//! export with `--sync`) which employees are missing and become inactive. Pure: the
//! application loads what is stored, calls [`rencanakan`], and hands the plan to storage,
//! which writes it in one transaction.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::organisasi::PegawaiId;
use crate::pegawai::{DataPegawai, Identitas, StatusPegawai};

/// What storage knows about an employee, enough to compare with an incoming row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PegawaiTersimpan {
    pub id: PegawaiId,
    pub identitas: Identitas,
    /// Fingerprint of the data last written (see the application's `sidik`).
    pub sidik: String,
    pub status: StatusPegawai,
}

/// A valid row from the file, with its fingerprint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BarisImpor {
    pub baris: u32,
    pub identitas: Identitas,
    pub data: DataPegawai,
    pub sidik: String,
}

/// The changes an import makes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RencanaImpor {
    pub baru: Vec<BarisImpor>,
    pub ubah: Vec<(PegawaiId, BarisImpor)>,
    pub tetap: usize,
    pub nonaktif: Vec<PegawaiId>,
}

impl RencanaImpor {
    pub fn kosong(&self) -> bool {
        self.baru.is_empty() && self.ubah.is_empty() && self.nonaktif.is_empty()
    }
}

/// Compares incoming rows with what is stored. A row is unchanged when its fingerprint and
/// status match the stored ones, so importing the same file twice changes nothing. With
/// `sync`, every stored employee absent from the file and not already inactive is marked
/// inactive (never deleted).
pub fn rencanakan(
    tersimpan: &[PegawaiTersimpan],
    baris: Vec<BarisImpor>,
    sync: bool,
) -> RencanaImpor {
    let per_identitas: HashMap<&Identitas, &PegawaiTersimpan> =
        tersimpan.iter().map(|p| (&p.identitas, p)).collect();
    let mut rencana = RencanaImpor::default();
    let mut terlihat: HashSet<Identitas> = HashSet::with_capacity(baris.len());
    for b in baris {
        terlihat.insert(b.identitas.clone());
        match per_identitas.get(&b.identitas) {
            None => rencana.baru.push(b),
            Some(p) if p.sidik == b.sidik && p.status == b.data.status => rencana.tetap += 1,
            Some(p) => rencana.ubah.push((p.id, b)),
        }
    }
    if sync {
        rencana.nonaktif = tersimpan
            .iter()
            .filter(|p| p.status != StatusPegawai::TidakAktif && !terlihat.contains(&p.identitas))
            .map(|p| p.id)
            .collect();
    }
    rencana
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pegawai::JenisPegawai;

    fn data(nama: &str) -> DataPegawai {
        DataPegawai {
            jenis: JenisPegawai::NonAsn,
            nip: None,
            ni_pppk: None,
            nik: None,
            nama: nama.into(),
            gelar_depan: None,
            gelar_belakang: None,
            tempat_lahir: None,
            tanggal_lahir: None,
            jenis_kelamin: None,
            golongan: None,
            jabatan_nama: None,
            jabatan_jenis: None,
            eselon: None,
            unit_path: vec!["Dinas Sosial".into()],
            atasan_identitas: None,
            no_hp: None,
            email: None,
            status: StatusPegawai::Aktif,
        }
    }

    fn row(id: &str, sidik: &str) -> BarisImpor {
        BarisImpor {
            baris: 2,
            identitas: Identitas::from_stored(id.into()),
            data: data(id),
            sidik: sidik.into(),
        }
    }

    fn stored(id: i64, ident: &str, sidik: &str, status: StatusPegawai) -> PegawaiTersimpan {
        PegawaiTersimpan {
            id: PegawaiId(id),
            identitas: Identitas::from_stored(ident.into()),
            sidik: sidik.into(),
            status,
        }
    }

    #[test]
    fn classifies_new_changed_unchanged() {
        let s = vec![
            stored(1, "a", "s1", StatusPegawai::Aktif),
            stored(2, "b", "s2", StatusPegawai::Aktif),
        ];
        let r = rencanakan(
            &s,
            vec![row("a", "s1"), row("b", "other"), row("c", "s3")],
            false,
        );
        assert_eq!(r.tetap, 1);
        assert_eq!(r.ubah.len(), 1);
        assert_eq!(r.ubah[0].0, PegawaiId(2));
        assert_eq!(r.baru.len(), 1);
        assert!(r.nonaktif.is_empty());
    }

    #[test]
    fn sync_deactivates_missing_once() {
        let s = vec![
            stored(1, "a", "s1", StatusPegawai::Aktif),
            stored(2, "b", "s2", StatusPegawai::Aktif),
            stored(3, "c", "s3", StatusPegawai::TidakAktif),
        ];
        let r = rencanakan(&s, vec![row("a", "s1")], true);
        assert_eq!(r.nonaktif, vec![PegawaiId(2)]);
        let r = rencanakan(&s, vec![row("a", "s1")], false);
        assert!(r.nonaktif.is_empty());
    }

    #[test]
    fn reappearing_inactive_employee_is_an_update() {
        let s = vec![stored(3, "c", "s3", StatusPegawai::TidakAktif)];
        let r = rencanakan(&s, vec![row("c", "s3")], true);
        assert_eq!(r.ubah.len(), 1);
        assert!(!r.kosong());
    }
}
