//! Pemilihan and its tahapan (DOMAIN.md §3.3, §8). One Pemda may run several elections
//! (Pilkada 2024, then a Pilkada ulang or PSU in 2025); each pact template names one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::ident::KodeWilayah;
use crate::organisasi::{InstansiId, id_type};
use crate::pegawai::kode_enum;

id_type!(
    /// Pemilihan id, unique within its instansi.
    PemilihanId
);

kode_enum! {
    /// Kind of election.
    JenisPemilihan, "jenis pemilihan" {
        Pemilu => "PEMILU", "Pemilihan Umum", ["PEMILIHAN UMUM"],
        Pilkada => "PILKADA", "Pemilihan Kepala Daerah", ["PEMILIHAN", "PEMILUKADA", "PEMILIHAN KEPALA DAERAH"],
        PilkadaUlang => "PILKADA_ULANG", "Pemilihan Ulang", ["PEMILIHAN ULANG"],
        Psu => "PSU", "Pemungutan Suara Ulang", ["PEMUNGUTAN SUARA ULANG"],
    }
}

impl JenisPemilihan {
    /// The short word a pact uses: "Pemilu" for the general election, "Pemilihan" for the
    /// regional ones (the SKB writes "Pemilu/Pemilihan").
    pub fn sebutan(self) -> &'static str {
        match self {
            JenisPemilihan::Pemilu => "Pemilu",
            _ => "Pemilihan",
        }
    }
}

kode_enum! {
    /// Where an election stands.
    StatusPemilihan, "status pemilihan" {
        Direncanakan => "DIRENCANAKAN", "Direncanakan", ["RENCANA"],
        Berjalan => "BERJALAN", "Sedang berjalan", ["AKTIF"],
        Selesai => "SELESAI", "Selesai", [],
        Dibatalkan => "DIBATALKAN", "Dibatalkan", ["BATAL"],
    }
}

kode_enum! {
    /// Stage of an election, in calendar order.
    JenisTahapan, "jenis tahapan" {
        PendaftaranPaslon => "PENDAFTARAN_PASLON", "Pendaftaran pasangan calon", ["PENDAFTARAN"],
        PenetapanPaslon => "PENETAPAN_PASLON", "Penetapan pasangan calon", ["PENETAPAN"],
        Kampanye => "KAMPANYE", "Masa kampanye", ["MASA KAMPANYE"],
        MasaTenang => "MASA_TENANG", "Masa tenang", [],
        Pemungutan => "PEMUNGUTAN", "Pemungutan dan penghitungan suara", ["PEMUNGUTAN SUARA", "HARI PEMUNGUTAN"],
        Rekapitulasi => "REKAPITULASI", "Rekapitulasi hasil penghitungan suara", ["REKAP"],
        PenetapanTerpilih => "PENETAPAN_TERPILIH", "Penetapan calon terpilih", [],
    }
}

/// One stage with its inclusive dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tahapan {
    pub jenis: JenisTahapan,
    pub mulai: NaiveDate,
    pub selesai: NaiveDate,
}

impl Tahapan {
    /// Whether `tgl` lies within the stage (both ends included).
    pub fn memuat(&self, tgl: NaiveDate) -> bool {
        self.mulai <= tgl && tgl <= self.selesai
    }
}

/// Whether a date lies before or after the *penetapan pasangan calon*: before it the people
/// seeking office are *bakal calon*, from that day on they are *calon* (DOMAIN.md §3.3, §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum PosisiPenetapan {
    /// Strictly before the day of penetapan.
    SebelumPenetapan,
    /// On the day of penetapan or later.
    SesudahPenetapan,
}

/// An election a Pemda takes part in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pemilihan {
    pub id: PemilihanId,
    pub instansi_id: InstansiId,
    pub jenis: JenisPemilihan,
    /// e.g. "Pemilihan Wali Kota dan Wakil Wali Kota Pangkalpinang Tahun 2025".
    pub nama: String,
    /// Scope of the election: the province for a governor's race, the kab/kota for a
    /// regent's or mayor's race; for a Pemilu, the Pemda's own code (the national election
    /// as seen from this Pemda).
    pub wilayah_kode: KodeWilayah,
    pub tgl_pemungutan: NaiveDate,
    /// Legal basis of the schedule, e.g. "PKPU Nomor 19 Tahun 2024".
    pub dasar_hukum: String,
    pub status: StatusPemilihan,
    /// Stages, any order; [`Pemilihan::periksa`] checks them.
    pub tahapan: Vec<Tahapan>,
}

/// Why an election record is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PemilihanError {
    #[error("nama pemilihan wajib diisi")]
    NamaKosong,
    #[error("tahapan {0} tercatat lebih dari sekali")]
    TahapanGanda(&'static str),
    #[error("tahapan {0}: tanggal selesai mendahului tanggal mulai")]
    TanggalTerbalik(&'static str),
    #[error("tahapan {jenis} dimulai sebelum tahapan {sebelumnya}")]
    UrutanSalah {
        jenis: &'static str,
        sebelumnya: &'static str,
    },
    #[error("tanggal pemungutan {tgl} tidak berada dalam tahapan pemungutan")]
    PemungutanDiLuarTahapan { tgl: NaiveDate },
}

impl Pemilihan {
    /// Checks the name and the stages: each kind at most once, `mulai <= selesai`, stages
    /// starting in calendar order, and the voting day inside the PEMUNGUTAN stage if given.
    pub fn periksa(mut self) -> Result<Self, PemilihanError> {
        self.nama = crate::teks::rapikan(&self.nama);
        if self.nama.is_empty() {
            return Err(PemilihanError::NamaKosong);
        }
        self.tahapan.sort_by_key(|t| t.jenis);
        for w in self.tahapan.windows(2) {
            if w[0].jenis == w[1].jenis {
                return Err(PemilihanError::TahapanGanda(w[0].jenis.kode()));
            }
            if w[1].mulai < w[0].mulai {
                return Err(PemilihanError::UrutanSalah {
                    jenis: w[1].jenis.kode(),
                    sebelumnya: w[0].jenis.kode(),
                });
            }
        }
        for t in &self.tahapan {
            if t.selesai < t.mulai {
                return Err(PemilihanError::TanggalTerbalik(t.jenis.kode()));
            }
        }
        if let Some(t) = self.tahapan_jenis(JenisTahapan::Pemungutan)
            && !t.memuat(self.tgl_pemungutan)
        {
            return Err(PemilihanError::PemungutanDiLuarTahapan {
                tgl: self.tgl_pemungutan,
            });
        }
        Ok(self)
    }

    /// The stage of a given kind, if scheduled.
    pub fn tahapan_jenis(&self, jenis: JenisTahapan) -> Option<&Tahapan> {
        self.tahapan.iter().find(|t| t.jenis == jenis)
    }

    /// The stage a date falls in. Stages may overlap (recapitulation starts on voting
    /// night); the one that started last wins, then the later kind. `None` between stages.
    pub fn tahapan_pada(&self, tgl: NaiveDate) -> Option<&Tahapan> {
        self.tahapan
            .iter()
            .filter(|t| t.memuat(tgl))
            .max_by_key(|t| (t.mulai, t.jenis))
    }

    /// The day the pairs were (or will be) determined: the start of PENETAPAN_PASLON.
    pub fn tgl_penetapan_paslon(&self) -> Option<NaiveDate> {
        self.tahapan_jenis(JenisTahapan::PenetapanPaslon)
            .map(|t| t.mulai)
    }

    /// Whether a date is before or after the penetapan pasangan calon; `None` when the
    /// schedule has no penetapan (then the case officer decides).
    pub fn posisi_terhadap_penetapan(&self, tgl: NaiveDate) -> Option<PosisiPenetapan> {
        self.tgl_penetapan_paslon().map(|p| {
            if tgl < p {
                PosisiPenetapan::SebelumPenetapan
            } else {
                PosisiPenetapan::SesudahPenetapan
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn t(jenis: JenisTahapan, a: NaiveDate, b: NaiveDate) -> Tahapan {
        Tahapan {
            jenis,
            mulai: a,
            selesai: b,
        }
    }

    /// Pilkada ulang Pangkalpinang 2025 (DOMAIN.md §8).
    pub(crate) fn pangkalpinang_2025() -> Pemilihan {
        Pemilihan {
            id: PemilihanId(2),
            instansi_id: InstansiId(1),
            jenis: JenisPemilihan::PilkadaUlang,
            nama: "Pemilihan Wali Kota dan Wakil Wali Kota Pangkalpinang  Tahun 2025".into(),
            wilayah_kode: KodeWilayah::parse("19.71").unwrap(),
            tgl_pemungutan: d(2025, 8, 27),
            dasar_hukum: "PKPU Nomor 19 Tahun 2024".into(),
            status: StatusPemilihan::Berjalan,
            tahapan: vec![
                t(JenisTahapan::Pemungutan, d(2025, 8, 27), d(2025, 8, 27)),
                t(
                    JenisTahapan::PendaftaranPaslon,
                    d(2025, 6, 26),
                    d(2025, 6, 28),
                ),
                t(
                    JenisTahapan::PenetapanPaslon,
                    d(2025, 7, 22),
                    d(2025, 7, 22),
                ),
                t(JenisTahapan::Kampanye, d(2025, 7, 24), d(2025, 8, 23)),
                t(JenisTahapan::MasaTenang, d(2025, 8, 24), d(2025, 8, 26)),
                t(JenisTahapan::Rekapitulasi, d(2025, 8, 27), d(2025, 9, 5)),
            ],
        }
    }

    #[test]
    fn valid_schedule_is_sorted_and_accepted() {
        let p = pangkalpinang_2025().periksa().unwrap();
        assert_eq!(
            p.nama,
            "Pemilihan Wali Kota dan Wakil Wali Kota Pangkalpinang Tahun 2025"
        );
        assert_eq!(p.tahapan[0].jenis, JenisTahapan::PendaftaranPaslon);
        assert_eq!(p.tahapan.last().unwrap().jenis, JenisTahapan::Rekapitulasi);
    }

    #[test]
    fn date_falls_in_the_right_stage() {
        let p = pangkalpinang_2025().periksa().unwrap();
        let j = |tgl| p.tahapan_pada(tgl).map(|t| t.jenis);
        assert_eq!(j(d(2025, 6, 27)), Some(JenisTahapan::PendaftaranPaslon));
        assert_eq!(j(d(2025, 7, 1)), None);
        assert_eq!(j(d(2025, 8, 1)), Some(JenisTahapan::Kampanye));
        assert_eq!(j(d(2025, 8, 25)), Some(JenisTahapan::MasaTenang));
        // Voting day overlaps the start of the recap; the later kind wins.
        assert_eq!(j(d(2025, 8, 27)), Some(JenisTahapan::Rekapitulasi));
        assert_eq!(j(d(2025, 9, 1)), Some(JenisTahapan::Rekapitulasi));
    }

    #[test]
    fn before_and_after_penetapan() {
        let p = pangkalpinang_2025().periksa().unwrap();
        assert_eq!(
            p.posisi_terhadap_penetapan(d(2025, 7, 21)),
            Some(PosisiPenetapan::SebelumPenetapan)
        );
        assert_eq!(
            p.posisi_terhadap_penetapan(d(2025, 7, 22)),
            Some(PosisiPenetapan::SesudahPenetapan)
        );
        let mut tanpa = pangkalpinang_2025();
        tanpa
            .tahapan
            .retain(|t| t.jenis != JenisTahapan::PenetapanPaslon);
        assert_eq!(tanpa.posisi_terhadap_penetapan(d(2025, 8, 1)), None);
    }

    #[test]
    fn bad_schedules_are_rejected_in_indonesian() {
        let mut p = pangkalpinang_2025();
        p.nama = "  ".into();
        assert_eq!(p.periksa(), Err(PemilihanError::NamaKosong));

        let mut p = pangkalpinang_2025();
        p.tahapan
            .push(t(JenisTahapan::Kampanye, d(2025, 7, 25), d(2025, 8, 1)));
        assert_eq!(
            p.periksa().unwrap_err().to_string(),
            "tahapan KAMPANYE tercatat lebih dari sekali"
        );

        let mut p = pangkalpinang_2025();
        p.tahapan[3].selesai = d(2025, 7, 1);
        assert_eq!(
            p.periksa(),
            Err(PemilihanError::TanggalTerbalik("KAMPANYE"))
        );

        let mut p = pangkalpinang_2025();
        p.tahapan[2].mulai = d(2025, 6, 1);
        p.tahapan[2].selesai = d(2025, 6, 1);
        assert!(matches!(
            p.periksa(),
            Err(PemilihanError::UrutanSalah { .. })
        ));

        let mut p = pangkalpinang_2025();
        p.tgl_pemungutan = d(2025, 8, 28);
        assert!(matches!(
            p.periksa(),
            Err(PemilihanError::PemungutanDiLuarTahapan { .. })
        ));
    }

    proptest::proptest! {
        /// The stage found for a date always contains it; before/after penetapan is a
        /// plain comparison with the penetapan day.
        #[test]
        fn stage_lookup_and_penetapan_are_consistent(hari in 0i64..150) {
            let p = pangkalpinang_2025().periksa().unwrap();
            let tgl = d(2025, 6, 1) + chrono::Duration::days(hari);
            if let Some(t) = p.tahapan_pada(tgl) {
                proptest::prop_assert!(t.memuat(tgl));
            } else {
                proptest::prop_assert!(p.tahapan.iter().all(|t| !t.memuat(tgl)));
            }
            let harap = if tgl < d(2025, 7, 22) {
                PosisiPenetapan::SebelumPenetapan
            } else {
                PosisiPenetapan::SesudahPenetapan
            };
            proptest::prop_assert_eq!(p.posisi_terhadap_penetapan(tgl), Some(harap));
        }
    }

    #[test]
    fn codes_round_trip() {
        for j in JenisPemilihan::ALL {
            assert_eq!(JenisPemilihan::parse(j.kode()), Ok(*j));
        }
        for j in JenisTahapan::ALL {
            assert_eq!(JenisTahapan::parse(j.kode()), Ok(*j));
        }
        assert_eq!(JenisPemilihan::parse("psu"), Ok(JenisPemilihan::Psu));
        assert_eq!(JenisPemilihan::Pilkada.sebutan(), "Pemilihan");
    }
}
