//! Signatures on a pact, witness statements, revocations and ikrar attendance
//! (DOMAIN.md §3.4; LEDGER.md "Design recommendations" 2–3).
//!
//! A signature is never deleted: it is revoked with a reason and stays in the record.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::HashSha256;
use super::kampanye::KampanyeId;
use super::pemilihan::PemilihanId;
use super::templat::{PaktaTemplate, TemplateId};
use crate::organisasi::{InstansiId, PegawaiId, UnitId, id_type};
use crate::pegawai::kode_enum;

id_type!(
    /// Signature id, unique within its instansi.
    TandaTanganId
);
id_type!(
    /// Ikrar/deklarasi event id, unique within its instansi.
    AcaraIkrarId
);

kode_enum! {
    /// How a signature was given.
    MetodeTandaTangan, "metode tanda tangan" {
        DaringOtp => "DARING_OTP", "Daring (tautan pribadi dan OTP)", ["KLIK_OTP", "OTP", "DARING"],
        Kiosk => "KIOSK", "Kios apel/unit (tablet dan OTP atau QR kartu pegawai)", ["KIOS", "APEL"],
        KertasPindai => "KERTAS_PINDAI", "Tanda tangan basah, dipindai", ["BASAH_PINDAI", "KERTAS", "PINDAI"],
        Perwakilan => "PERWAKILAN", "Atas nama (perwakilan unit)", ["ATAS NAMA", "AN"],
        TteBsre => "TTE_BSRE", "Tanda tangan elektronik tersertifikasi (BSrE)", ["TTE", "BSRE"],
    }
}

impl MetodeTandaTangan {
    /// Methods whose evidence is a file (scan, signed PDF) that must be hashed.
    pub fn wajib_bukti(self) -> bool {
        matches!(
            self,
            MetodeTandaTangan::KertasPindai | MetodeTandaTangan::TteBsre
        )
    }
}

/// Shown wherever a representative signature is displayed.
pub const CATATAN_PERWAKILAN: &str = "Tanda tangan perwakilan hanya mencatat bahwa penanda \
     tangan menandatangani atas nama pegawai yang tercantum; tanda tangan ini bukan \
     pernyataan persetujuan pribadi masing-masing pegawai tersebut.";

/// Shortest accepted reason for a revocation, in characters after trimming.
pub const ALASAN_BATAL_MIN: usize = 10;

/// A revocation: the signature stays, marked as no longer in force.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pembatalan {
    pub waktu: DateTime<Utc>,
    pub alasan: String,
    /// Who revoked it (name/username as recorded by the application).
    pub oleh: String,
}

/// What signing records, before it is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TandaTanganBaru {
    pub template_id: TemplateId,
    pub template_versi: u32,
    pub hash_isi: HashSha256,
    pub pegawai_id: PegawaiId,
    pub kampanye_id: Option<KampanyeId>,
    pub waktu: DateTime<Utc>,
    pub metode: MetodeTandaTangan,
    pub lokasi: Option<String>,
    /// Hash of the evidence file (scan, TTE-signed PDF), if any.
    pub bukti_hash: Option<HashSha256>,
    /// For PERWAKILAN: the unit represented, if a whole unit.
    pub mewakili_unit_id: Option<UnitId>,
    /// For PERWAKILAN: the explicit roster signed for. See [`CATATAN_PERWAKILAN`].
    pub mewakili: Vec<PegawaiId>,
    /// For PERWAKILAN: hash of the mandate document, if there is one.
    pub mandat_hash: Option<HashSha256>,
}

/// A stored signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TandaTanganPakta {
    pub id: TandaTanganId,
    pub data: TandaTanganBaru,
    /// Leaf hash in the transparency log, once logged.
    pub hash_daun: Option<HashSha256>,
    pub pembatalan: Option<Pembatalan>,
}

/// Why a signature, witness statement or revocation is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TandaTanganError {
    #[error("tanda tangan tidak cocok dengan templat pakta (id, versi, atau hash berbeda)")]
    TemplatTidakCocok,
    #[error("pegawai sudah memiliki tanda tangan aktif untuk versi pakta ini")]
    SudahAda,
    #[error("metode {0} memerlukan hash berkas bukti")]
    BuktiWajib(&'static str),
    #[error("tanda tangan perwakilan harus mencantumkan daftar pegawai yang diwakili")]
    DaftarPerwakilanKosong,
    #[error("daftar yang diwakili hanya boleh diisi untuk metode perwakilan")]
    DaftarPerwakilanTanpaMetode,
    #[error("pegawai {0} tercantum lebih dari sekali dalam daftar yang diwakili")]
    PerwakilanGanda(PegawaiId),
    #[error("penanda tangan tidak boleh mewakili dirinya sendiri")]
    MewakiliDiriSendiri,
    #[error("pakta ini ditandatangani perorangan; metode perwakilan tidak dapat dipakai")]
    PerwakilanTidakDiizinkan,
    #[error("alasan pembatalan paling sedikit {ALASAN_BATAL_MIN} karakter")]
    AlasanTerlaluPendek,
    #[error("nama petugas yang membatalkan wajib diisi")]
    PembatalTanpaNama,
    #[error("tanda tangan ini sudah dibatalkan")]
    SudahDibatalkan,
    #[error("waktu pembatalan mendahului waktu tanda tangan")]
    WaktuTerbalik,
    #[error("nama saksi wajib diisi")]
    SaksiTanpaNama,
    #[error("tanda tangan belum tercatat di log sehingga belum dapat disaksikan")]
    BelumTercatat,
    #[error("tanda tangan yang sudah dibatalkan tidak dapat disaksikan")]
    DisaksikanSetelahBatal,
}

impl TandaTanganBaru {
    /// Checks the signature against its template and the method's own rules.
    pub fn periksa(mut self, templat: &PaktaTemplate) -> Result<Self, TandaTanganError> {
        if templat.id != self.template_id
            || templat.versi != self.template_versi
            || templat.hash_isi != self.hash_isi
        {
            return Err(TandaTanganError::TemplatTidakCocok);
        }
        self.lokasi = self
            .lokasi
            .map(|l| crate::teks::rapikan(&l))
            .filter(|l| !l.is_empty());
        if self.metode.wajib_bukti() && self.bukti_hash.is_none() {
            return Err(TandaTanganError::BuktiWajib(self.metode.kode()));
        }
        if self.metode == MetodeTandaTangan::Perwakilan {
            if templat.isi.mode != super::templat::ModePakta::Perwakilan {
                return Err(TandaTanganError::PerwakilanTidakDiizinkan);
            }
            if self.mewakili.is_empty() {
                return Err(TandaTanganError::DaftarPerwakilanKosong);
            }
            let mut seen = std::collections::BTreeSet::new();
            for p in &self.mewakili {
                if *p == self.pegawai_id {
                    return Err(TandaTanganError::MewakiliDiriSendiri);
                }
                if !seen.insert(*p) {
                    return Err(TandaTanganError::PerwakilanGanda(*p));
                }
            }
        } else if !self.mewakili.is_empty() || self.mewakili_unit_id.is_some() {
            return Err(TandaTanganError::DaftarPerwakilanTanpaMetode);
        }
        Ok(self)
    }

    /// Rule: at most one active signature per employee per template version. `ada` are the
    /// stored signatures to compare with (any subset that includes this person's).
    pub fn cek_satu_aktif(&self, ada: &[TandaTanganPakta]) -> Result<(), TandaTanganError> {
        if punya_ttd_aktif(ada, self.pegawai_id, self.template_id, self.template_versi) {
            Err(TandaTanganError::SudahAda)
        } else {
            Ok(())
        }
    }
}

/// Whether `pegawai` holds an active signature on that template version.
pub fn punya_ttd_aktif(
    ada: &[TandaTanganPakta],
    pegawai: PegawaiId,
    template_id: TemplateId,
    versi: u32,
) -> bool {
    ada.iter().any(|t| {
        t.aktif()
            && t.data.pegawai_id == pegawai
            && t.data.template_id == template_id
            && t.data.template_versi == versi
    })
}

impl TandaTanganPakta {
    pub fn aktif(&self) -> bool {
        self.pembatalan.is_none()
    }

    /// Revokes the signature; the caller stores the returned record next to it.
    pub fn batalkan(
        &self,
        alasan: &str,
        oleh: &str,
        waktu: DateTime<Utc>,
    ) -> Result<Pembatalan, TandaTanganError> {
        if !self.aktif() {
            return Err(TandaTanganError::SudahDibatalkan);
        }
        let alasan = crate::teks::rapikan(alasan);
        if alasan.chars().count() < ALASAN_BATAL_MIN {
            return Err(TandaTanganError::AlasanTerlaluPendek);
        }
        let oleh = crate::teks::rapikan(oleh);
        if oleh.is_empty() {
            return Err(TandaTanganError::PembatalTanpaNama);
        }
        if waktu < self.data.waktu {
            return Err(TandaTanganError::WaktuTerbalik);
        }
        Ok(Pembatalan {
            waktu,
            alasan,
            oleh,
        })
    }

    /// Whether this is a representative signature (then show [`CATATAN_PERWAKILAN`]).
    pub fn perwakilan(&self) -> bool {
        self.data.metode == MetodeTandaTangan::Perwakilan
    }
}

/// A witness (e.g. Dandim, Kapolres, a Forkopimda member); may be outside the Pemda.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Saksi {
    pub nama: String,
    pub jabatan: String,
    /// Their office, e.g. "Kodim 0413/Bangka".
    pub instansi: Option<String>,
    /// Set when the witness is an employee of this Pemda.
    pub pegawai_id: Option<PegawaiId>,
}

/// A witness statement: names the leaf hash of the signature witnessed and becomes its own
/// log entry, so "signed by the Sekda, witnessed by the Dandim" can be proved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PernyataanSaksi {
    pub tanda_tangan_id: TandaTanganId,
    pub hash_daun: HashSha256,
    pub saksi: Saksi,
    pub waktu: DateTime<Utc>,
    pub metode: MetodeTandaTangan,
    pub lokasi: Option<String>,
}

impl PernyataanSaksi {
    /// Builds a statement for a logged, active signature.
    pub fn untuk(
        ttd: &TandaTanganPakta,
        saksi: Saksi,
        waktu: DateTime<Utc>,
        metode: MetodeTandaTangan,
        lokasi: Option<String>,
    ) -> Result<Self, TandaTanganError> {
        let hash_daun = ttd
            .hash_daun
            .clone()
            .ok_or(TandaTanganError::BelumTercatat)?;
        if !ttd.aktif() {
            return Err(TandaTanganError::DisaksikanSetelahBatal);
        }
        let saksi = Saksi {
            nama: crate::teks::rapikan(&saksi.nama),
            jabatan: crate::teks::rapikan(&saksi.jabatan),
            instansi: saksi
                .instansi
                .map(|i| crate::teks::rapikan(&i))
                .filter(|i| !i.is_empty()),
            pegawai_id: saksi.pegawai_id,
        };
        if saksi.nama.is_empty() {
            return Err(TandaTanganError::SaksiTanpaNama);
        }
        Ok(PernyataanSaksi {
            tanda_tangan_id: ttd.id,
            hash_daun,
            saksi,
            waktu,
            metode,
            lokasi: lokasi
                .map(|l| crate::teks::rapikan(&l))
                .filter(|l| !l.is_empty()),
        })
    }

    /// The sentence the witness confirms, naming the leaf hash.
    pub fn teks(&self) -> String {
        let instansi = self
            .saksi
            .instansi
            .as_deref()
            .map(|i| format!(" pada {i}"))
            .unwrap_or_default();
        format!(
            "Saya, {}, {}{instansi}, menyatakan telah menyaksikan penandatanganan pakta \
             integritas yang tercatat dengan hash daun {} pada {} UTC.",
            self.saksi.nama,
            self.saksi.jabatan,
            self.hash_daun,
            self.waktu.format("%Y-%m-%d %H:%M:%S"),
        )
    }

    /// SHA-256 of the statement text.
    pub fn hash(&self) -> HashSha256 {
        HashSha256::dari_bytes(self.teks().as_bytes())
    }
}

kode_enum! {
    /// Kind of collective neutrality event.
    JenisAcaraIkrar, "jenis acara ikrar" {
        Ikrar => "IKRAR", "Pembacaan ikrar netralitas", [],
        Deklarasi => "DEKLARASI", "Deklarasi netralitas", [],
        Apel => "APEL", "Apel netralitas", [],
    }
}

/// An ikrar or deklarasi (Kotim 2024 recited an ikrar without individual signatures;
/// Pangkalpinang 2025 held a deklarasi before the pact).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AcaraIkrar {
    pub id: AcaraIkrarId,
    pub instansi_id: InstansiId,
    pub pemilihan_id: Option<PemilihanId>,
    pub jenis: JenisAcaraIkrar,
    pub nama: String,
    pub tanggal: NaiveDate,
    pub lokasi: Option<String>,
    /// Hash of the text recited, if written down.
    pub hash_teks: Option<HashSha256>,
}

/// That an employee attended an ikrar event. Attendance is not a signature.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KehadiranIkrar {
    pub acara_id: AcaraIkrarId,
    pub pegawai_id: PegawaiId,
    pub waktu: DateTime<Utc>,
    /// Who recorded it (operator), as the application names them.
    pub dicatat_oleh: String,
}

/// Attendance list without duplicates: the first record per employee wins.
pub fn kehadiran_unik(daftar: &[KehadiranIkrar]) -> Vec<&KehadiranIkrar> {
    let mut seen = std::collections::BTreeSet::new();
    daftar
        .iter()
        .filter(|k| seen.insert((k.acara_id, k.pegawai_id)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pakta::templat::{IsiPakta, ModePakta, PaktaTemplateBaru};
    use crate::pegawai::JenisPegawai;
    use chrono::TimeZone;
    use proptest::prelude::*;

    fn templat(mode: ModePakta) -> PaktaTemplate {
        let baru = PaktaTemplateBaru {
            instansi_id: InstansiId(1),
            pemilihan_id: Some(PemilihanId(1)),
            versi: 1,
            isi: IsiPakta {
                judul: "Pakta".into(),
                pembuka: String::new(),
                butir: vec!["Menjaga netralitas pegawai ASN.".into()],
                penutup: String::new(),
                dasar_hukum: vec![],
                berlaku_untuk: [JenisPegawai::Pns].into(),
                mode,
                nomor_se: None,
            },
        };
        PaktaTemplate::dari_baru(TemplateId(9), baru.periksa().unwrap())
    }

    fn waktu(h: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2024, 1, 17, h, 0, 0).unwrap()
    }

    fn ttd_baru(t: &PaktaTemplate, pegawai: i64, metode: MetodeTandaTangan) -> TandaTanganBaru {
        TandaTanganBaru {
            template_id: t.id,
            template_versi: t.versi,
            hash_isi: t.hash_isi.clone(),
            pegawai_id: PegawaiId(pegawai),
            kampanye_id: Some(KampanyeId(1)),
            waktu: waktu(9),
            metode,
            lokasi: Some("  Halaman Kantor   Bupati ".into()),
            bukti_hash: None,
            mewakili_unit_id: None,
            mewakili: vec![],
            mandat_hash: None,
        }
    }

    fn simpan(id: i64, b: TandaTanganBaru) -> TandaTanganPakta {
        TandaTanganPakta {
            id: TandaTanganId(id),
            data: b,
            hash_daun: Some(HashSha256::dari_bytes(&id.to_be_bytes())),
            pembatalan: None,
        }
    }

    #[test]
    fn method_rules() {
        let t = templat(ModePakta::Individu);
        let ok = ttd_baru(&t, 1, MetodeTandaTangan::DaringOtp)
            .periksa(&t)
            .unwrap();
        assert_eq!(ok.lokasi.as_deref(), Some("Halaman Kantor Bupati"));

        assert_eq!(
            ttd_baru(&t, 1, MetodeTandaTangan::KertasPindai).periksa(&t),
            Err(TandaTanganError::BuktiWajib("KERTAS_PINDAI"))
        );
        let mut scan = ttd_baru(&t, 1, MetodeTandaTangan::KertasPindai);
        scan.bukti_hash = Some(HashSha256::dari_bytes(b"scan.pdf"));
        assert!(scan.periksa(&t).is_ok());

        let mut salah = ttd_baru(&t, 1, MetodeTandaTangan::DaringOtp);
        salah.template_versi = 2;
        assert_eq!(salah.periksa(&t), Err(TandaTanganError::TemplatTidakCocok));

        let mut daftar = ttd_baru(&t, 1, MetodeTandaTangan::Kiosk);
        daftar.mewakili = vec![PegawaiId(2)];
        assert_eq!(
            daftar.periksa(&t),
            Err(TandaTanganError::DaftarPerwakilanTanpaMetode)
        );
        assert_eq!(
            ttd_baru(&t, 1, MetodeTandaTangan::Perwakilan).periksa(&t),
            Err(TandaTanganError::PerwakilanTidakDiizinkan)
        );
    }

    #[test]
    fn representative_signatures() {
        let t = templat(ModePakta::Perwakilan);
        let mut b = ttd_baru(&t, 1, MetodeTandaTangan::Perwakilan);
        assert_eq!(
            b.clone().periksa(&t),
            Err(TandaTanganError::DaftarPerwakilanKosong)
        );
        b.mewakili = vec![PegawaiId(2), PegawaiId(3), PegawaiId(2)];
        assert_eq!(
            b.clone().periksa(&t),
            Err(TandaTanganError::PerwakilanGanda(PegawaiId(2)))
        );
        b.mewakili = vec![PegawaiId(1)];
        assert_eq!(
            b.clone().periksa(&t),
            Err(TandaTanganError::MewakiliDiriSendiri)
        );
        b.mewakili = vec![PegawaiId(2), PegawaiId(3)];
        b.mewakili_unit_id = Some(UnitId(4));
        let s = simpan(1, b.periksa(&t).unwrap());
        assert!(s.perwakilan());
        assert!(CATATAN_PERWAKILAN.contains("bukan pernyataan persetujuan pribadi"));
    }

    #[test]
    fn one_active_signature_per_version_and_revocation() {
        let t = templat(ModePakta::Individu);
        let pertama = simpan(1, ttd_baru(&t, 7, MetodeTandaTangan::DaringOtp));
        let lain = simpan(2, ttd_baru(&t, 8, MetodeTandaTangan::DaringOtp));
        let mut ada = vec![pertama.clone(), lain];
        let lagi = ttd_baru(&t, 7, MetodeTandaTangan::Kiosk);
        assert_eq!(lagi.cek_satu_aktif(&ada), Err(TandaTanganError::SudahAda));
        assert!(punya_ttd_aktif(&ada, PegawaiId(7), t.id, 1));
        assert!(!punya_ttd_aktif(&ada, PegawaiId(7), t.id, 2));

        assert_eq!(
            pertama.batalkan("  salah  ", "admin", waktu(10)),
            Err(TandaTanganError::AlasanTerlaluPendek)
        );
        assert_eq!(
            pertama.batalkan("Ditandatangani oleh orang lain", " ", waktu(10)),
            Err(TandaTanganError::PembatalTanpaNama)
        );
        assert_eq!(
            pertama.batalkan("Ditandatangani oleh orang lain", "admin", waktu(8)),
            Err(TandaTanganError::WaktuTerbalik)
        );
        let batal = pertama
            .batalkan("  Ditandatangani   oleh orang lain ", "admin", waktu(10))
            .unwrap();
        assert_eq!(batal.alasan, "Ditandatangani oleh orang lain");
        ada[0].pembatalan = Some(batal);
        assert!(!ada[0].aktif());
        // Revoked, not deleted: the record stays and a new signature is allowed.
        assert_eq!(ada.len(), 2);
        assert_eq!(lagi.cek_satu_aktif(&ada), Ok(()));
        assert_eq!(
            ada[0].batalkan("Alasan yang cukup panjang", "admin", waktu(11)),
            Err(TandaTanganError::SudahDibatalkan)
        );
        assert_eq!(
            TandaTanganError::AlasanTerlaluPendek.to_string(),
            "alasan pembatalan paling sedikit 10 karakter"
        );
    }

    #[test]
    fn witness_statement_names_the_leaf() {
        let t = templat(ModePakta::Individu);
        let mut s = simpan(3, ttd_baru(&t, 2, MetodeTandaTangan::TteBsre));
        let saksi = Saksi {
            nama: " Letkol Inf. Contoh ".into(),
            jabatan: "Dandim".into(),
            instansi: Some("Kodim 0413/Bangka".into()),
            pegawai_id: None,
        };
        let p = PernyataanSaksi::untuk(&s, saksi.clone(), waktu(9), MetodeTandaTangan::Kiosk, None)
            .unwrap();
        assert_eq!(p.hash_daun, s.hash_daun.clone().unwrap());
        assert!(
            p.teks()
                .starts_with("Saya, Letkol Inf. Contoh, Dandim pada Kodim 0413/Bangka,")
        );
        assert!(p.teks().contains(s.hash_daun.as_ref().unwrap().as_str()));
        assert_eq!(p.hash(), HashSha256::dari_bytes(p.teks().as_bytes()));

        let mut tanpa_nama = saksi.clone();
        tanpa_nama.nama = "  ".into();
        assert_eq!(
            PernyataanSaksi::untuk(&s, tanpa_nama, waktu(9), MetodeTandaTangan::Kiosk, None),
            Err(TandaTanganError::SaksiTanpaNama)
        );
        s.pembatalan = Some(Pembatalan {
            waktu: waktu(10),
            alasan: "Salah template".into(),
            oleh: "admin".into(),
        });
        assert_eq!(
            PernyataanSaksi::untuk(&s, saksi.clone(), waktu(11), MetodeTandaTangan::Kiosk, None),
            Err(TandaTanganError::DisaksikanSetelahBatal)
        );
        s.hash_daun = None;
        assert_eq!(
            PernyataanSaksi::untuk(&s, saksi, waktu(11), MetodeTandaTangan::Kiosk, None),
            Err(TandaTanganError::BelumTercatat)
        );
    }

    #[test]
    fn attendance_is_deduplicated() {
        let k = |p: i64, h: u32| KehadiranIkrar {
            acara_id: AcaraIkrarId(1),
            pegawai_id: PegawaiId(p),
            waktu: waktu(h),
            dicatat_oleh: "operator".into(),
        };
        let d = [k(1, 8), k(2, 8), k(1, 9)];
        let u = kehadiran_unik(&d);
        assert_eq!(u.len(), 2);
        assert_eq!(u[0].waktu, waktu(8));
    }

    #[test]
    fn method_codes_and_aliases() {
        for m in MetodeTandaTangan::ALL {
            assert_eq!(MetodeTandaTangan::parse(m.kode()), Ok(*m));
            assert!(!m.label().is_empty());
        }
        assert_eq!(
            MetodeTandaTangan::parse("basah_pindai"),
            Ok(MetodeTandaTangan::KertasPindai)
        );
        assert_eq!(
            MetodeTandaTangan::parse("klik otp"),
            Ok(MetodeTandaTangan::DaringOtp)
        );
    }

    proptest! {
        /// Whatever the history, after accepting only signatures that pass the rule, each
        /// (pegawai, versi) has at most one active signature.
        #[test]
        fn at_most_one_active(ops in prop::collection::vec((0i64..5, 1u32..3, any::<bool>()), 0..40)) {
            let t = templat(ModePakta::Individu);
            let mut ada: Vec<TandaTanganPakta> = vec![];
            for (i, (p, versi, batal)) in ops.into_iter().enumerate() {
                if batal {
                    if let Some(s) = ada.iter_mut().find(|s| s.aktif() && s.data.pegawai_id == PegawaiId(p)) {
                        let b = s.batalkan("Dibatalkan karena uji", "uji", waktu(12)).unwrap();
                        s.pembatalan = Some(b);
                    }
                    continue;
                }
                let mut b = ttd_baru(&t, p, MetodeTandaTangan::DaringOtp);
                b.template_versi = versi;
                if b.cek_satu_aktif(&ada).is_ok() {
                    ada.push(simpan(i as i64, b));
                }
            }
            for p in 0..5 {
                for v in 1..3 {
                    let n = ada.iter().filter(|s| s.aktif() && s.data.pegawai_id == PegawaiId(p) && s.data.template_versi == v).count();
                    prop_assert!(n <= 1);
                }
            }
        }

        #[test]
        fn short_reasons_are_refused(alasan in "[a-z ]{0,30}") {
            let t = templat(ModePakta::Individu);
            let s = simpan(1, ttd_baru(&t, 1, MetodeTandaTangan::DaringOtp));
            let n = crate::teks::rapikan(&alasan).chars().count();
            let r = s.batalkan(&alasan, "admin", waktu(10));
            prop_assert_eq!(r.is_ok(), n >= ALASAN_BATAL_MIN);
        }
    }
}
