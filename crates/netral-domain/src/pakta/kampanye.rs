//! Kampanye pakta: a signing campaign over the organisation tree, in ordered stages
//! (LEDGER.md "Design recommendations" 1; Bitung 2024: Sekda witnessed by Forkopimda, then
//! eselon II and III, then everyone in their own unit).
//!
//! The application gathers facts (employees in short form, signature counts per stage) and
//! these functions decide; nothing here reads storage or the clock.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::HashSha256;
use super::templat::{PaktaTemplate, TemplateId};
use crate::organisasi::{InstansiId, PegawaiId, UnitId, id_type};
use crate::pegawai::{Eselon, JenisJabatan, JenisPegawai, StatusPegawai, kode_enum};

id_type!(
    /// Kampanye id, unique within its instansi.
    KampanyeId
);

kode_enum! {
    /// Whether a stage gates the ones after it.
    SifatTahap, "sifat tahap" {
        Ketat => "KETAT", "Ketat (tahap berikutnya menunggu tahap ini selesai)", ["STRICT", "WAJIB"],
        Anjuran => "ANJURAN", "Anjuran (tahap berikutnya boleh berjalan bersamaan)", ["ADVISORY", "SARAN"],
    }
}

/// Who belongs to a stage. An employee named explicitly in any stage belongs there; otherwise
/// the first stage (in order) whose rule matches; otherwise the `Sisanya` stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "menurut",
    content = "nilai",
    rename_all = "SCREAMING_SNAKE_CASE"
)]
pub enum AnggotaTahap {
    /// By kind of post (e.g. KEPALA_DAERAH, JPT_PRATAMA) or by legacy eselon: a person
    /// matches if either their post kind or their eselon is listed.
    Jabatan {
        jenis: BTreeSet<JenisJabatan>,
        eselon: BTreeSet<Eselon>,
    },
    /// Named people (the Sekda, the representatives of a PERWAKILAN pact).
    Pegawai(BTreeSet<PegawaiId>),
    /// Everyone in scope not placed in another stage (signs in their own unit).
    Sisanya,
}

/// One stage of a campaign.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TahapKampanye {
    pub nama: String,
    pub sifat: SifatTahap,
    /// Target date; passing it does not block signing, it marks the stage late.
    pub tenggat: Option<DateTime<Utc>>,
    pub anggota: AnggotaTahap,
    /// Whether each signature in this stage needs a witness statement (Sekda + Forkopimda).
    pub perlu_saksi: bool,
}

/// Which employees a campaign covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LingkupKampanye {
    /// `None` = the whole instansi; otherwise these units and everything under them.
    pub unit: Option<BTreeSet<UnitId>>,
    /// Employment types asked to sign; must be a subset of the template's `berlaku_untuk`.
    pub jenis_pegawai: BTreeSet<JenisPegawai>,
}

/// A signing campaign for one template version.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Kampanye {
    pub id: KampanyeId,
    pub instansi_id: InstansiId,
    pub nama: String,
    pub template_id: TemplateId,
    pub template_versi: u32,
    pub hash_isi: HashSha256,
    pub lingkup: LingkupKampanye,
    pub tahap: Vec<TahapKampanye>,
    /// Signing opens at this instant (`None` = as soon as the campaign is saved).
    pub dibuka: Option<DateTime<Utc>>,
    /// Signing closes at this instant (`None` = open until closed by hand).
    pub ditutup: Option<DateTime<Utc>>,
}

/// What the campaign needs to know about an employee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PegawaiRingkas {
    pub id: PegawaiId,
    pub jenis: JenisPegawai,
    pub status: StatusPegawai,
    pub jabatan_jenis: Option<JenisJabatan>,
    pub eselon: Option<Eselon>,
    /// Own unit; `None` if not placed in a unit.
    pub unit_id: Option<UnitId>,
    /// Own unit and all its ancestors (any order), used for the unit scope.
    pub unit_leluhur: Vec<UnitId>,
}

/// State of one stage, computed by the application from the signatures.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KeadaanTahap {
    /// Active in-scope employees who belong to the stage.
    pub wajib: u64,
    /// Of those, how many hold an active signature.
    pub sudah: u64,
    /// Closed by hand (e.g. one member is on long leave) so later stages may start.
    pub ditutup_manual: bool,
}

impl KeadaanTahap {
    /// A stage is complete when all its members have signed or it was closed by hand.
    pub fn selesai(&self) -> bool {
        self.ditutup_manual || self.sudah >= self.wajib
    }
}

/// Why a campaign definition is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KampanyeError {
    #[error("nama kampanye wajib diisi")]
    NamaKosong,
    #[error("kampanye harus memiliki paling sedikit satu tahap")]
    TanpaTahap,
    #[error("nama tahap ke-{0} wajib diisi")]
    NamaTahapKosong(usize),
    #[error("tahap ke-{0} tidak memiliki anggota")]
    TahapTanpaAnggota(usize),
    #[error("hanya satu tahap boleh berisi \"pegawai lainnya\" (tahap ke-{0} dan ke-{1})")]
    SisanyaGanda(usize, usize),
    #[error("pegawai {pegawai} disebut di tahap ke-{a} dan ke-{b}")]
    PegawaiGanda {
        pegawai: PegawaiId,
        a: usize,
        b: usize,
    },
    #[error("kampanye harus mencakup paling sedikit satu jenis pegawai")]
    JenisKosong,
    #[error("jenis pegawai {0} tidak termasuk dalam pakta yang dipakai")]
    JenisDiLuarPakta(&'static str),
    #[error("lingkup unit kerja dipilih tetapi kosong")]
    UnitKosong,
    #[error("kampanye tidak cocok dengan templat pakta (id, versi, hash, atau instansi berbeda)")]
    TemplatTidakCocok,
    #[error("waktu penutupan mendahului waktu pembukaan")]
    WaktuTerbalik,
    #[error("templat pakta belum disahkan")]
    TemplatBelumDisahkan,
}

/// Why a person may not sign now. Messages are shown to the signer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum AlasanTolak {
    #[error("penandatanganan belum dibuka")]
    BelumDibuka,
    #[error("penandatanganan sudah ditutup")]
    SudahDitutup,
    #[error("pegawai berstatus {0}; hanya pegawai aktif yang dapat menandatangani")]
    TidakAktif(&'static str),
    #[error("pegawai tidak termasuk unit kerja dalam lingkup kampanye ini")]
    DiLuarLingkupUnit,
    #[error("jenis pegawai {0} tidak termasuk dalam kampanye ini")]
    JenisTidakTercakup(&'static str),
    #[error("pegawai tidak termasuk tahap mana pun dalam kampanye ini")]
    TanpaTahap,
    #[error("tahap \"{tahap}\" belum dibuka: menunggu tahap \"{menunggu}\" selesai")]
    MenungguTahap { tahap: String, menunggu: String },
    #[error("pegawai sudah menandatangani versi pakta ini")]
    SudahBertandaTangan,
}

/// Counts for a progress table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RekapAngka {
    pub wajib: u64,
    pub sudah: u64,
}

impl RekapAngka {
    pub fn belum(&self) -> u64 {
        self.wajib.saturating_sub(self.sudah)
    }

    /// Share signed in per mille (0–1000), integer so it is stable to print; 1000 if empty.
    pub fn permil(&self) -> u64 {
        (self.sudah.min(self.wajib) * 1000)
            .checked_div(self.wajib)
            .unwrap_or(1000)
    }

    pub fn lengkap(&self) -> bool {
        self.sudah >= self.wajib
    }

    fn tambah(&mut self, sudah: bool) {
        self.wajib += 1;
        self.sudah += u64::from(sudah);
    }
}

/// Campaign progress: per stage (same order as `Kampanye::tahap`), per own unit, in total.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RekapKampanye {
    pub per_tahap: Vec<RekapAngka>,
    pub per_unit: BTreeMap<Option<UnitId>, RekapAngka>,
    pub total: RekapAngka,
    /// Facts about people not asked to sign (out of scope, inactive, no stage).
    pub tidak_wajib: u64,
}

impl Kampanye {
    /// Checks the campaign against the template it uses.
    pub fn periksa(mut self, templat: &PaktaTemplate) -> Result<Self, KampanyeError> {
        self.nama = crate::teks::rapikan(&self.nama);
        if self.nama.is_empty() {
            return Err(KampanyeError::NamaKosong);
        }
        if templat.id != self.template_id
            || templat.versi != self.template_versi
            || templat.hash_isi != self.hash_isi
            || templat.instansi_id != self.instansi_id
        {
            return Err(KampanyeError::TemplatTidakCocok);
        }
        if !templat.sudah_disahkan() {
            return Err(KampanyeError::TemplatBelumDisahkan);
        }
        if let (Some(a), Some(b)) = (self.dibuka, self.ditutup)
            && b < a
        {
            return Err(KampanyeError::WaktuTerbalik);
        }
        if self.lingkup.jenis_pegawai.is_empty() {
            return Err(KampanyeError::JenisKosong);
        }
        if let Some(j) = self
            .lingkup
            .jenis_pegawai
            .iter()
            .find(|j| !templat.isi.berlaku_untuk.contains(j))
        {
            return Err(KampanyeError::JenisDiLuarPakta(j.kode()));
        }
        if self.lingkup.unit.as_ref().is_some_and(|u| u.is_empty()) {
            return Err(KampanyeError::UnitKosong);
        }
        if self.tahap.is_empty() {
            return Err(KampanyeError::TanpaTahap);
        }
        let mut sisanya: Option<usize> = None;
        let mut disebut: BTreeMap<PegawaiId, usize> = BTreeMap::new();
        for (i, t) in self.tahap.iter_mut().enumerate() {
            let nomor = i + 1;
            t.nama = crate::teks::rapikan(&t.nama);
            if t.nama.is_empty() {
                return Err(KampanyeError::NamaTahapKosong(nomor));
            }
            match &t.anggota {
                AnggotaTahap::Jabatan { jenis, eselon }
                    if jenis.is_empty() && eselon.is_empty() =>
                {
                    return Err(KampanyeError::TahapTanpaAnggota(nomor));
                }
                AnggotaTahap::Pegawai(s) => {
                    if s.is_empty() {
                        return Err(KampanyeError::TahapTanpaAnggota(nomor));
                    }
                    for p in s {
                        if let Some(a) = disebut.insert(*p, nomor) {
                            return Err(KampanyeError::PegawaiGanda {
                                pegawai: *p,
                                a,
                                b: nomor,
                            });
                        }
                    }
                }
                AnggotaTahap::Sisanya => {
                    if let Some(a) = sisanya {
                        return Err(KampanyeError::SisanyaGanda(a, nomor));
                    }
                    sisanya = Some(nomor);
                }
                _ => {}
            }
        }
        Ok(self)
    }

    /// Whether the person's unit is inside the unit scope.
    fn dalam_unit(&self, p: &PegawaiRingkas) -> bool {
        match &self.lingkup.unit {
            None => true,
            Some(set) => p
                .unit_leluhur
                .iter()
                .chain(p.unit_id.iter())
                .any(|u| set.contains(u)),
        }
    }

    /// Whether the person is in scope (unit and employment type), regardless of status.
    pub fn dalam_lingkup(&self, p: &PegawaiRingkas) -> bool {
        self.dalam_unit(p) && self.lingkup.jenis_pegawai.contains(&p.jenis)
    }

    /// The stage (index into `tahap`) a person signs in, or `None` if out of scope or in no
    /// stage. Explicit names win, then the first matching rule, then "the rest".
    pub fn tahap_untuk(&self, p: &PegawaiRingkas) -> Option<usize> {
        if !self.dalam_lingkup(p) {
            return None;
        }
        self.tahap_anggota(p)
    }

    fn tahap_anggota(&self, p: &PegawaiRingkas) -> Option<usize> {
        let posisi =
            |f: &dyn Fn(&AnggotaTahap) -> bool| self.tahap.iter().position(|t| f(&t.anggota));
        posisi(&|a| matches!(a, AnggotaTahap::Pegawai(s) if s.contains(&p.id)))
            .or_else(|| {
                posisi(&|a| match a {
                    AnggotaTahap::Jabatan { jenis, eselon } => {
                        p.jabatan_jenis.is_some_and(|j| jenis.contains(&j))
                            || p.eselon.is_some_and(|e| eselon.contains(&e))
                    }
                    _ => false,
                })
            })
            .or_else(|| posisi(&|a| matches!(a, AnggotaTahap::Sisanya)))
    }

    /// Whether stage `idx` is open: every earlier KETAT stage is complete. On refusal names
    /// the first stage still blocking. `keadaan` is indexed like `tahap`; a missing entry
    /// counts as an empty (complete) stage.
    pub fn tahap_terbuka(&self, idx: usize, keadaan: &[KeadaanTahap]) -> Result<(), AlasanTolak> {
        for (j, t) in self.tahap.iter().enumerate().take(idx) {
            let selesai = keadaan.get(j).is_none_or(KeadaanTahap::selesai);
            if t.sifat == SifatTahap::Ketat && !selesai {
                return Err(AlasanTolak::MenungguTahap {
                    tahap: self
                        .tahap
                        .get(idx)
                        .map(|t| t.nama.clone())
                        .unwrap_or_default(),
                    menunggu: t.nama.clone(),
                });
            }
        }
        Ok(())
    }

    /// Whether `p` may sign now. `sudah_aktif`: the person already holds an active signature
    /// on this template version (see `tanda_tangan::punya_ttd_aktif`).
    pub fn boleh_tanda_tangan(
        &self,
        p: &PegawaiRingkas,
        keadaan: &[KeadaanTahap],
        sudah_aktif: bool,
        now: DateTime<Utc>,
    ) -> Result<usize, AlasanTolak> {
        if self.dibuka.is_some_and(|d| now < d) {
            return Err(AlasanTolak::BelumDibuka);
        }
        if self.ditutup.is_some_and(|d| now >= d) {
            return Err(AlasanTolak::SudahDitutup);
        }
        if p.status != StatusPegawai::Aktif {
            return Err(AlasanTolak::TidakAktif(p.status.kode()));
        }
        if !self.dalam_unit(p) {
            return Err(AlasanTolak::DiLuarLingkupUnit);
        }
        if !self.lingkup.jenis_pegawai.contains(&p.jenis) {
            return Err(AlasanTolak::JenisTidakTercakup(p.jenis.kode()));
        }
        let idx = self.tahap_anggota(p).ok_or(AlasanTolak::TanpaTahap)?;
        self.tahap_terbuka(idx, keadaan)?;
        if sudah_aktif {
            return Err(AlasanTolak::SudahBertandaTangan);
        }
        Ok(idx)
    }

    /// Whether stage `idx` is past its target date and not yet complete.
    pub fn terlambat(&self, idx: usize, keadaan: &KeadaanTahap, now: DateTime<Utc>) -> bool {
        self.tahap
            .get(idx)
            .and_then(|t| t.tenggat)
            .is_some_and(|d| now > d && !keadaan.selesai())
    }

    /// Progress from facts `(employee, holds an active signature?)`. Only active, in-scope
    /// employees with a stage count as `wajib`.
    pub fn rekap<'a>(
        &self,
        fakta: impl IntoIterator<Item = (&'a PegawaiRingkas, bool)>,
    ) -> RekapKampanye {
        let mut r = RekapKampanye {
            per_tahap: vec![RekapAngka::default(); self.tahap.len()],
            ..RekapKampanye::default()
        };
        for (p, sudah) in fakta {
            let idx = if p.status == StatusPegawai::Aktif {
                self.tahap_untuk(p)
            } else {
                None
            };
            match idx {
                Some(i) => {
                    r.per_tahap[i].tambah(sudah);
                    r.per_unit.entry(p.unit_id).or_default().tambah(sudah);
                    r.total.tambah(sudah);
                }
                None => r.tidak_wajib += 1,
            }
        }
        r
    }

    /// Stage states from a progress table and the stages closed by hand (indices).
    pub fn keadaan_tahap(
        rekap: &RekapKampanye,
        ditutup_manual: &BTreeSet<usize>,
    ) -> Vec<KeadaanTahap> {
        rekap
            .per_tahap
            .iter()
            .enumerate()
            .map(|(i, a)| KeadaanTahap {
                wajib: a.wajib,
                sudah: a.sudah,
                ditutup_manual: ditutup_manual.contains(&i),
            })
            .collect()
    }

    /// The usual order (Bitung, Kota Tangerang): kepala daerah, then the Sekda (named,
    /// witnessed), then JPT / eselon I–II, then administrators / eselon III, all strict, then
    /// everyone else in their own unit (advisory).
    pub fn tahap_baku(sekda: Option<PegawaiId>) -> Vec<TahapKampanye> {
        let t = |nama: &str, sifat, anggota, perlu_saksi| TahapKampanye {
            nama: nama.to_string(),
            sifat,
            tenggat: None,
            anggota,
            perlu_saksi,
        };
        let jabatan = |jenis: &[JenisJabatan], eselon: &[Eselon]| AnggotaTahap::Jabatan {
            jenis: jenis.iter().copied().collect(),
            eselon: eselon.iter().copied().collect(),
        };
        let mut v = vec![t(
            "Kepala Daerah",
            SifatTahap::Ketat,
            jabatan(&[JenisJabatan::KepalaDaerah], &[]),
            true,
        )];
        if let Some(s) = sekda {
            v.push(t(
                "Sekretaris Daerah",
                SifatTahap::Ketat,
                AnggotaTahap::Pegawai([s].into()),
                true,
            ));
        }
        v.push(t(
            "Pejabat Pimpinan Tinggi (eselon I dan II)",
            SifatTahap::Ketat,
            jabatan(
                &[JenisJabatan::JptMadya, JenisJabatan::JptPratama],
                &[Eselon::IA, Eselon::IB, Eselon::IIA, Eselon::IIB],
            ),
            false,
        ));
        v.push(t(
            "Pejabat Administrator (eselon III)",
            SifatTahap::Ketat,
            jabatan(
                &[JenisJabatan::Administrator],
                &[Eselon::IIIA, Eselon::IIIB],
            ),
            false,
        ));
        v.push(t(
            "Pegawai lainnya (di unit kerja masing-masing)",
            SifatTahap::Anjuran,
            AnggotaTahap::Sisanya,
            false,
        ));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pakta::templat::{IsiPakta, ModePakta, PaktaTemplateBaru};
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn templat() -> PaktaTemplate {
        let baru = PaktaTemplateBaru {
            instansi_id: InstansiId(1),
            pemilihan_id: None,
            versi: 1,
            isi: IsiPakta {
                judul: "Pakta".into(),
                pembuka: String::new(),
                butir: vec!["Menjaga netralitas pegawai ASN.".into()],
                penutup: String::new(),
                dasar_hukum: vec![],
                berlaku_untuk: [JenisPegawai::Pns, JenisPegawai::Cpns, JenisPegawai::Pppk].into(),
                mode: ModePakta::Individu,
                nomor_se: None,
            },
        };
        PaktaTemplate::dari_baru(TemplateId(5), baru.periksa().unwrap())
            .sahkan(
                "Sekretaris Daerah",
                chrono::NaiveDate::from_ymd_opt(2024, 9, 1).unwrap(),
            )
            .unwrap()
    }

    fn kampanye(tahap: Vec<TahapKampanye>) -> Kampanye {
        let t = templat();
        Kampanye {
            id: KampanyeId(1),
            instansi_id: InstansiId(1),
            nama: "Penandatanganan Pakta Pilkada 2024".into(),
            template_id: t.id,
            template_versi: t.versi,
            hash_isi: t.hash_isi.clone(),
            lingkup: LingkupKampanye {
                unit: None,
                jenis_pegawai: [JenisPegawai::Pns, JenisPegawai::Pppk].into(),
            },
            tahap,
            dibuka: Some(jam(8)),
            ditutup: Some(Utc.with_ymd_and_hms(2024, 9, 30, 0, 0, 0).unwrap()),
        }
    }

    fn jam(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 9, 2, h, 0, 0).unwrap()
    }

    fn peg(id: i64, jab: Option<JenisJabatan>, es: Option<Eselon>, unit: i64) -> PegawaiRingkas {
        PegawaiRingkas {
            id: PegawaiId(id),
            jenis: JenisPegawai::Pns,
            status: StatusPegawai::Aktif,
            jabatan_jenis: jab,
            eselon: es,
            unit_id: Some(UnitId(unit)),
            unit_leluhur: vec![UnitId(unit), UnitId(unit / 10)],
        }
    }

    fn baku() -> Kampanye {
        kampanye(Kampanye::tahap_baku(Some(PegawaiId(2))))
            .periksa(&templat())
            .unwrap()
    }

    #[test]
    fn stage_assignment_follows_the_usual_order() {
        let k = baku();
        let walikota = peg(1, Some(JenisJabatan::KepalaDaerah), None, 10);
        let sekda = peg(2, Some(JenisJabatan::JptPratama), Some(Eselon::IIA), 10);
        let kadis = peg(3, Some(JenisJabatan::JptPratama), Some(Eselon::IIB), 20);
        let jpt_tanpa_eselon = peg(4, Some(JenisJabatan::JptPratama), None, 20);
        let kabid = peg(5, Some(JenisJabatan::Administrator), Some(Eselon::IIIA), 21);
        let staf = peg(6, Some(JenisJabatan::Pelaksana), None, 21);
        let tanpa_jabatan = peg(7, None, None, 31);
        assert_eq!(k.tahap_untuk(&walikota), Some(0));
        assert_eq!(k.tahap_untuk(&sekda), Some(1), "named beats eselon rule");
        assert_eq!(k.tahap_untuk(&kadis), Some(2));
        assert_eq!(k.tahap_untuk(&jpt_tanpa_eselon), Some(2));
        assert_eq!(k.tahap_untuk(&kabid), Some(3));
        assert_eq!(k.tahap_untuk(&staf), Some(4));
        assert_eq!(k.tahap_untuk(&tanpa_jabatan), Some(4));
        let camat_hanya_eselon = peg(8, None, Some(Eselon::IIIA), 31);
        assert_eq!(k.tahap_untuk(&camat_hanya_eselon), Some(3));
        let mut honorer = staf.clone();
        honorer.jenis = JenisPegawai::NonAsn;
        assert_eq!(k.tahap_untuk(&honorer), None);
    }

    #[test]
    fn strict_stages_block_and_advisory_ones_do_not() {
        let k = baku();
        let staf = peg(6, Some(JenisJabatan::Pelaksana), None, 21);
        let sekda = peg(2, None, None, 10);
        let n = k.tahap.len();
        let selesai = vec![
            KeadaanTahap {
                wajib: 1,
                sudah: 1,
                ditutup_manual: false
            };
            n
        ];
        assert_eq!(k.boleh_tanda_tangan(&staf, &selesai, false, jam(9)), Ok(4));

        // The Sekda has not signed: everyone after waits.
        let mut k1 = selesai.clone();
        k1[1].sudah = 0;
        assert_eq!(
            k.boleh_tanda_tangan(&staf, &k1, false, jam(9)),
            Err(AlasanTolak::MenungguTahap {
                tahap: "Pegawai lainnya (di unit kerja masing-masing)".into(),
                menunggu: "Sekretaris Daerah".into()
            })
        );
        // ... but the Sekda herself may sign.
        assert_eq!(k.boleh_tanda_tangan(&sekda, &k1, false, jam(9)), Ok(1));
        // Closing the stage by hand releases the rest.
        k1[1].ditutup_manual = true;
        assert_eq!(k.boleh_tanda_tangan(&staf, &k1, false, jam(9)), Ok(4));

        // Make stage 1 advisory: it no longer blocks.
        let mut adv = k.clone();
        adv.tahap[1].sifat = SifatTahap::Anjuran;
        let mut k2 = selesai.clone();
        k2[1].sudah = 0;
        assert_eq!(adv.boleh_tanda_tangan(&staf, &k2, false, jam(9)), Ok(4));
        let e = k.boleh_tanda_tangan(&staf, &k2, false, jam(9)).unwrap_err();
        assert_eq!(
            e.to_string(),
            "tahap \"Pegawai lainnya (di unit kerja masing-masing)\" belum dibuka: menunggu \
             tahap \"Sekretaris Daerah\" selesai"
        );
    }

    #[test]
    fn refusals_in_order() {
        let k = baku();
        let ok = vec![KeadaanTahap::default(); k.tahap.len()];
        let staf = peg(6, Some(JenisJabatan::Pelaksana), None, 21);
        assert_eq!(
            k.boleh_tanda_tangan(&staf, &ok, false, jam(7)),
            Err(AlasanTolak::BelumDibuka)
        );
        assert_eq!(
            k.boleh_tanda_tangan(&staf, &ok, false, k.ditutup.unwrap()),
            Err(AlasanTolak::SudahDitutup)
        );
        let mut cuti = staf.clone();
        cuti.status = StatusPegawai::Cuti;
        assert_eq!(
            k.boleh_tanda_tangan(&cuti, &ok, false, jam(9)),
            Err(AlasanTolak::TidakAktif("CUTI"))
        );
        let mut cpns = staf.clone();
        cpns.jenis = JenisPegawai::Cpns;
        assert_eq!(
            k.boleh_tanda_tangan(&cpns, &ok, false, jam(9)),
            Err(AlasanTolak::JenisTidakTercakup("CPNS"))
        );
        assert_eq!(
            k.boleh_tanda_tangan(&staf, &ok, true, jam(9)),
            Err(AlasanTolak::SudahBertandaTangan)
        );
        let mut unit = k.clone();
        unit.lingkup.unit = Some([UnitId(3)].into());
        // Unit 21 has ancestor 2 (21 / 10), not 3.
        assert_eq!(
            unit.boleh_tanda_tangan(&staf, &ok, false, jam(9)),
            Err(AlasanTolak::DiLuarLingkupUnit)
        );
        unit.lingkup.unit = Some([UnitId(2)].into());
        assert_eq!(unit.boleh_tanda_tangan(&staf, &ok, false, jam(9)), Ok(4));

        let mut tanpa_sisa = k.clone();
        tanpa_sisa.tahap.pop();
        assert_eq!(
            tanpa_sisa.boleh_tanda_tangan(&staf, &ok, false, jam(9)),
            Err(AlasanTolak::TanpaTahap)
        );
    }

    #[test]
    fn campaign_definition_is_checked() {
        let t = templat();
        let cek = |f: &dyn Fn(&mut Kampanye)| {
            let mut k = kampanye(Kampanye::tahap_baku(Some(PegawaiId(2))));
            f(&mut k);
            k.periksa(&t).map(|_| ())
        };
        assert_eq!(cek(&|_| {}), Ok(()));
        let mut belum = t.clone();
        belum.disahkan_oleh = None;
        assert_eq!(
            kampanye(Kampanye::tahap_baku(None)).periksa(&belum),
            Err(KampanyeError::TemplatBelumDisahkan)
        );
        assert_eq!(
            cek(&|k| k.nama = " ".into()),
            Err(KampanyeError::NamaKosong)
        );
        assert_eq!(cek(&|k| k.tahap.clear()), Err(KampanyeError::TanpaTahap));
        assert_eq!(
            cek(&|k| k.template_versi = 2),
            Err(KampanyeError::TemplatTidakCocok)
        );
        assert_eq!(
            cek(&|k| {
                k.lingkup.jenis_pegawai.insert(JenisPegawai::NonAsn);
            }),
            Err(KampanyeError::JenisDiLuarPakta("NON_ASN"))
        );
        assert_eq!(
            cek(&|k| k.lingkup.jenis_pegawai.clear()),
            Err(KampanyeError::JenisKosong)
        );
        assert_eq!(
            cek(&|k| k.lingkup.unit = Some(BTreeSet::new())),
            Err(KampanyeError::UnitKosong)
        );
        assert_eq!(
            cek(&|k| {
                let s = k.tahap.last().unwrap().clone();
                k.tahap.push(s);
            }),
            Err(KampanyeError::SisanyaGanda(5, 6))
        );
        assert_eq!(
            cek(&|k| k.tahap[0].anggota = AnggotaTahap::Pegawai([PegawaiId(2)].into())),
            Err(KampanyeError::PegawaiGanda {
                pegawai: PegawaiId(2),
                a: 1,
                b: 2
            })
        );
        assert_eq!(
            cek(&|k| k.tahap[2].anggota = AnggotaTahap::Jabatan {
                jenis: BTreeSet::new(),
                eselon: BTreeSet::new()
            }),
            Err(KampanyeError::TahapTanpaAnggota(3))
        );
        assert_eq!(
            cek(&|k| k.tahap[2].nama = "".into()),
            Err(KampanyeError::NamaTahapKosong(3))
        );
        assert_eq!(
            cek(&|k| k.ditutup = Some(jam(1))),
            Err(KampanyeError::WaktuTerbalik)
        );
    }

    #[test]
    fn progress_per_stage_and_unit() {
        let k = baku();
        let walikota = peg(1, Some(JenisJabatan::KepalaDaerah), None, 10);
        let sekda = peg(2, None, None, 10);
        let a = peg(6, None, None, 21);
        let b = peg(7, None, None, 21);
        let mut pensiun = peg(8, None, None, 21);
        pensiun.status = StatusPegawai::Pensiun;
        let mut honorer = peg(9, None, None, 31);
        honorer.jenis = JenisPegawai::NonAsn;
        let fakta = [
            (&walikota, true),
            (&sekda, false),
            (&a, true),
            (&b, false),
            (&pensiun, true),
            (&honorer, false),
        ];
        let r = k.rekap(fakta.iter().map(|(p, s)| (*p, *s)));
        assert_eq!(r.total, RekapAngka { wajib: 4, sudah: 2 });
        assert_eq!(r.per_tahap[0], RekapAngka { wajib: 1, sudah: 1 });
        assert_eq!(r.per_tahap[1], RekapAngka { wajib: 1, sudah: 0 });
        assert_eq!(r.per_tahap[4], RekapAngka { wajib: 2, sudah: 1 });
        assert_eq!(
            r.per_unit[&Some(UnitId(21))],
            RekapAngka { wajib: 2, sudah: 1 }
        );
        assert_eq!(r.per_unit[&Some(UnitId(10))].permil(), 500);
        assert_eq!(r.tidak_wajib, 2);
        assert_eq!(r.total.belum(), 2);
        assert_eq!(RekapAngka::default().permil(), 1000);

        let keadaan = Kampanye::keadaan_tahap(&r, &BTreeSet::new());
        assert!(keadaan[0].selesai());
        assert!(!keadaan[1].selesai());
        assert!(keadaan[2].selesai(), "empty stage is complete");
        assert_eq!(
            k.boleh_tanda_tangan(&b, &keadaan, false, jam(9)),
            Err(AlasanTolak::MenungguTahap {
                tahap: k.tahap[4].nama.clone(),
                menunggu: "Sekretaris Daerah".into()
            })
        );
        let mut dl = k.clone();
        dl.tahap[1].tenggat = Some(jam(10));
        assert!(!dl.terlambat(1, &keadaan[1], jam(9)));
        assert!(dl.terlambat(1, &keadaan[1], jam(11)));
        assert!(!dl.terlambat(0, &keadaan[0], jam(11)));
    }

    proptest! {
        /// A stage is open iff no earlier strict stage is incomplete; advisory stages never
        /// block; the first stage is always open.
        #[test]
        fn gating_matches_the_definition(
            sifat in prop::collection::vec(any::<bool>(), 1..8),
            selesai in prop::collection::vec(any::<bool>(), 8),
            idx in any::<prop::sample::Index>(),
        ) {
            let tahap: Vec<TahapKampanye> = sifat.iter().enumerate().map(|(i, ketat)| TahapKampanye {
                nama: format!("Tahap {i}"),
                sifat: if *ketat { SifatTahap::Ketat } else { SifatTahap::Anjuran },
                tenggat: None,
                anggota: AnggotaTahap::Pegawai([PegawaiId(i as i64)].into()),
                perlu_saksi: false,
            }).collect();
            let k = kampanye(tahap);
            let keadaan: Vec<KeadaanTahap> = selesai.iter().take(sifat.len())
                .map(|s| KeadaanTahap { wajib: 1, sudah: u64::from(*s), ditutup_manual: false })
                .collect();
            let i = idx.index(sifat.len());
            let harap = (0..i).all(|j| !sifat[j] || selesai[j]);
            prop_assert_eq!(k.tahap_terbuka(i, &keadaan).is_ok(), harap);
            prop_assert!(k.tahap_terbuka(0, &keadaan).is_ok());
            let semua_anjuran = Kampanye {
                tahap: k.tahap.iter().cloned().map(|mut t| { t.sifat = SifatTahap::Anjuran; t }).collect(),
                ..k.clone()
            };
            prop_assert!(semua_anjuran.tahap_terbuka(i, &keadaan).is_ok());
        }

        /// A person named in a stage is placed there whatever their post or eselon.
        #[test]
        fn named_people_are_placed_where_named(
            id in 0i64..100,
            jab in prop::sample::select(JenisJabatan::ALL.to_vec()),
            es in prop::option::of(prop::sample::select(Eselon::ALL.to_vec())),
        ) {
            let k = baku();
            let mut p = peg(id, Some(jab), es, 10);
            let harap = if id == 2 {
                Some(1)
            } else {
                p.id = PegawaiId(id + 100);
                k.tahap_untuk(&p)
            };
            p.id = PegawaiId(id);
            prop_assert_eq!(k.tahap_untuk(&p), harap);
            prop_assert!(k.tahap_untuk(&p).is_some());
        }

        /// Totals add up whatever the facts.
        #[test]
        fn rekap_totals_add_up(fakta in prop::collection::vec((0i64..50, 0u8..4, any::<bool>(), any::<bool>()), 0..60)) {
            let k = baku();
            let ps: Vec<(PegawaiRingkas, bool)> = fakta.iter().map(|(id, jab, aktif, s)| {
                let jj = [None, Some(JenisJabatan::KepalaDaerah), Some(JenisJabatan::Administrator), Some(JenisJabatan::Pelaksana)][*jab as usize];
                let mut p = peg(*id, jj, None, 10 + id % 3);
                if !aktif { p.status = StatusPegawai::Cuti; }
                (p, *s)
            }).collect();
            let r = k.rekap(ps.iter().map(|(p, s)| (p, *s)));
            let per_tahap: u64 = r.per_tahap.iter().map(|a| a.wajib).sum();
            let per_unit: u64 = r.per_unit.values().map(|a| a.wajib).sum();
            prop_assert_eq!(per_tahap, r.total.wajib);
            prop_assert_eq!(per_unit, r.total.wajib);
            prop_assert_eq!(r.total.wajib + r.tidak_wajib, ps.len() as u64);
            prop_assert!(r.total.sudah <= r.total.wajib);
        }
    }
}
