//! PaktaTemplate: the versioned text of a pact, its canonical form and hash (DOMAIN.md §3.4).
//!
//! # Canonical text, version 1
//!
//! [`PaktaTemplateBaru::teks_kanonik`] writes the template as UTF-8 text with `\n` line ends,
//! the fields always in this order, one per line, and a final `\n`:
//!
//! ```text
//! NETRAL-PAKTA/1
//! instansi: <instansi id>
//! pemilihan: <pemilihan id or ->
//! versi: <versi>
//! mode: <INDIVIDU|PERWAKILAN>
//! berlaku_untuk: <codes in JenisPegawai::ALL order, comma-separated>
//! nomor_se: <SE number or ->
//! judul: <judul>
//! pembuka:
//! > <line>
//! butir:
//! 1. <butir 1>
//! 2. <butir 2>
//! penutup:
//! > <line>
//! dasar_hukum:
//! - <item>
//! ```
//!
//! One-line fields (judul, nomor SE, each butir, each dasar hukum) have all whitespace runs,
//! line breaks included, folded to one space and are trimmed. Multi-line fields (pembuka,
//! penutup) keep their lines: each line is trimmed, blank lines at the start and end are
//! dropped, runs of blank lines become one, and every kept line is prefixed with `> ` (a
//! blank one is written as `>`), so no text can forge a section header. Unicode is not
//! normalised (NFC not applied): the text is hashed as typed, after the rules above.
//!
//! `hash_isi` is the SHA-256 of these bytes, lower-case hex. Instansi, pemilihan and versi
//! are part of the text, so a hash names one version of one Pemda's pact and a new version
//! always has a new hash.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::HashSha256;
use super::pemilihan::PemilihanId;
use crate::organisasi::{InstansiId, id_type};
use crate::pegawai::{JenisPegawai, kode_enum};
use crate::teks::rapikan;

id_type!(
    /// Template id, unique within its instansi (one id per version).
    TemplateId
);

kode_enum! {
    /// Whether every person signs, or a few sign on behalf of a unit (Kotim 2024).
    ModePakta, "mode pakta" {
        Individu => "INDIVIDU", "Individu (setiap pegawai menandatangani)", ["PERORANGAN"],
        Perwakilan => "PERWAKILAN", "Perwakilan (ditandatangani atas nama unit)", ["WAKIL"],
    }
}

/// The first line of every canonical text; bump when the format changes.
pub const FORMAT_KANONIK: &str = "NETRAL-PAKTA/1";
/// Allowed number of butir.
pub const BUTIR_MIN: usize = 1;
pub const BUTIR_MAKS: usize = 20;
/// Allowed length of one butir, in characters after whitespace folding.
pub const PANJANG_BUTIR_MIN: usize = 10;
pub const PANJANG_BUTIR_MAKS: usize = 600;

/// The words of a pact and to whom it applies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IsiPakta {
    pub judul: String,
    /// Opening ("Saya yang bertanda tangan di bawah ini ..."), may span lines.
    pub pembuka: String,
    /// The numbered clauses, in order, without their numbers.
    pub butir: Vec<String>,
    /// Closing ("Demikian pakta integritas ini ..."), may span lines.
    pub penutup: String,
    pub dasar_hukum: Vec<String>,
    pub berlaku_untuk: BTreeSet<JenisPegawai>,
    pub mode: ModePakta,
    /// Number of the Pemda circular (Surat Edaran) that issues the pact, if any.
    pub nomor_se: Option<String>,
}

/// A template before it is stored: content plus the context its hash binds to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaktaTemplateBaru {
    pub instansi_id: InstansiId,
    pub pemilihan_id: Option<PemilihanId>,
    pub versi: u32,
    pub isi: IsiPakta,
}

/// A stored template version. Immutable once anyone has signed it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaktaTemplate {
    pub id: TemplateId,
    pub instansi_id: InstansiId,
    pub pemilihan_id: Option<PemilihanId>,
    pub versi: u32,
    pub isi: IsiPakta,
    pub hash_isi: HashSha256,
    /// Who approved the text (name and post as printed), once approved.
    pub disahkan_oleh: Option<String>,
    pub tgl_sah: Option<NaiveDate>,
}

/// Why a template cannot be saved or changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PaktaError {
    #[error("judul pakta wajib diisi")]
    JudulKosong,
    #[error("jumlah butir pakta harus {BUTIR_MIN} sampai {BUTIR_MAKS}, bukan {0}")]
    JumlahButir(usize),
    #[error(
        "butir ke-{nomor} terlalu pendek ({panjang} karakter, paling sedikit {PANJANG_BUTIR_MIN})"
    )]
    ButirTerlaluPendek { nomor: usize, panjang: usize },
    #[error(
        "butir ke-{nomor} terlalu panjang ({panjang} karakter, paling banyak {PANJANG_BUTIR_MAKS})"
    )]
    ButirTerlaluPanjang { nomor: usize, panjang: usize },
    #[error("butir ke-{nomor} sama dengan butir ke-{sama_dengan}")]
    ButirGanda { nomor: usize, sama_dengan: usize },
    #[error("pakta harus berlaku untuk paling sedikit satu jenis pegawai")]
    BerlakuUntukKosong,
    #[error("dasar hukum ke-{0} kosong")]
    DasarHukumKosong(usize),
    #[error("versi pakta dimulai dari 1")]
    VersiNol,
    #[error("nama pejabat yang mengesahkan wajib diisi")]
    PengesahTanpaNama,
    #[error("pakta versi ini sudah disahkan")]
    SudahDisahkan,
}

impl IsiPakta {
    /// Folds one-line fields and trims the rest so that what is stored is what is hashed.
    pub fn rapikan(mut self) -> Self {
        self.judul = rapikan(&self.judul);
        self.pembuka = blok_rapi(&self.pembuka).join("\n");
        self.penutup = blok_rapi(&self.penutup).join("\n");
        self.butir = self.butir.iter().map(|b| rapikan(b)).collect();
        self.dasar_hukum = self.dasar_hukum.iter().map(|d| rapikan(d)).collect();
        self.nomor_se = self.nomor_se.map(|s| rapikan(&s)).filter(|s| !s.is_empty());
        self
    }

    /// Checks the rules of DOMAIN.md §3.4 on the tidied content.
    pub fn periksa(&self) -> Result<(), PaktaError> {
        if rapikan(&self.judul).is_empty() {
            return Err(PaktaError::JudulKosong);
        }
        let n = self.butir.len();
        if !(BUTIR_MIN..=BUTIR_MAKS).contains(&n) {
            return Err(PaktaError::JumlahButir(n));
        }
        let rapi: Vec<String> = self.butir.iter().map(|b| rapikan(b)).collect();
        for (i, b) in rapi.iter().enumerate() {
            let panjang = b.chars().count();
            let nomor = i + 1;
            if panjang < PANJANG_BUTIR_MIN {
                return Err(PaktaError::ButirTerlaluPendek { nomor, panjang });
            }
            if panjang > PANJANG_BUTIR_MAKS {
                return Err(PaktaError::ButirTerlaluPanjang { nomor, panjang });
            }
            if let Some(j) = rapi[..i].iter().position(|c| c == b) {
                return Err(PaktaError::ButirGanda {
                    nomor,
                    sama_dengan: j + 1,
                });
            }
        }
        if self.berlaku_untuk.is_empty() {
            return Err(PaktaError::BerlakuUntukKosong);
        }
        if let Some(i) = self.dasar_hukum.iter().position(|d| d.trim().is_empty()) {
            return Err(PaktaError::DasarHukumKosong(i + 1));
        }
        Ok(())
    }
}

/// Lines of a multi-line field: trimmed, outer blank lines dropped, inner blank runs folded.
fn blok_rapi(s: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for line in s.lines() {
        let l = line.trim();
        if l.is_empty() && out.last().is_none_or(|p: &String| p.is_empty()) {
            continue;
        }
        out.push(l.to_string());
    }
    while out.last().is_some_and(|l| l.is_empty()) {
        out.pop();
    }
    out
}

/// The canonical text of a template's content in its context (format in the module docs).
pub fn teks_kanonik(
    instansi_id: InstansiId,
    pemilihan_id: Option<PemilihanId>,
    versi: u32,
    isi: &IsiPakta,
) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let baris = |s: &mut String, k: &str, v: &str| {
        let _ = writeln!(s, "{k}: {v}");
    };
    let blok = |s: &mut String, teks: &str| {
        for l in blok_rapi(teks) {
            if l.is_empty() {
                s.push_str(">\n");
            } else {
                let _ = writeln!(s, "> {l}");
            }
        }
    };
    s.push_str(FORMAT_KANONIK);
    s.push('\n');
    baris(&mut s, "instansi", &instansi_id.to_string());
    baris(
        &mut s,
        "pemilihan",
        &pemilihan_id.map_or("-".to_string(), |p| p.to_string()),
    );
    baris(&mut s, "versi", &versi.to_string());
    baris(&mut s, "mode", isi.mode.kode());
    let jenis: Vec<&str> = JenisPegawai::ALL
        .iter()
        .filter(|j| isi.berlaku_untuk.contains(j))
        .map(|j| j.kode())
        .collect();
    baris(&mut s, "berlaku_untuk", &jenis.join(","));
    let se = isi.nomor_se.as_deref().map(rapikan).unwrap_or_default();
    baris(&mut s, "nomor_se", if se.is_empty() { "-" } else { &se });
    baris(&mut s, "judul", &rapikan(&isi.judul));
    s.push_str("pembuka:\n");
    blok(&mut s, &isi.pembuka);
    s.push_str("butir:\n");
    for (i, b) in isi.butir.iter().enumerate() {
        let _ = writeln!(s, "{}. {}", i + 1, rapikan(b));
    }
    s.push_str("penutup:\n");
    blok(&mut s, &isi.penutup);
    s.push_str("dasar_hukum:\n");
    for d in &isi.dasar_hukum {
        let _ = writeln!(s, "- {}", rapikan(d));
    }
    s
}

impl PaktaTemplateBaru {
    /// Tidies the content and checks it; the version must be at least 1.
    pub fn periksa(mut self) -> Result<Self, PaktaError> {
        if self.versi == 0 {
            return Err(PaktaError::VersiNol);
        }
        self.isi = self.isi.rapikan();
        self.isi.periksa()?;
        Ok(self)
    }

    /// See the module docs.
    pub fn teks_kanonik(&self) -> String {
        teks_kanonik(self.instansi_id, self.pemilihan_id, self.versi, &self.isi)
    }

    /// SHA-256 (hex) of the canonical text.
    pub fn hash_isi(&self) -> HashSha256 {
        HashSha256::dari_bytes(self.teks_kanonik().as_bytes())
    }
}

/// What an edit to a stored template becomes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Perubahan {
    /// Nobody has signed yet: the same version is overwritten (its hash changes).
    UbahVersiIni(PaktaTemplateBaru),
    /// Someone has signed: the old version stays as it is and this is version `versi + 1`.
    VersiBaru(PaktaTemplateBaru),
}

impl PaktaTemplate {
    /// See the module docs.
    pub fn teks_kanonik(&self) -> String {
        teks_kanonik(self.instansi_id, self.pemilihan_id, self.versi, &self.isi)
    }

    /// SHA-256 (hex) of the canonical text, recomputed.
    pub fn hash_isi(&self) -> HashSha256 {
        HashSha256::dari_bytes(self.teks_kanonik().as_bytes())
    }

    /// Whether the stored hash still matches the stored text.
    pub fn hash_cocok(&self) -> bool {
        self.hash_isi() == self.hash_isi
    }

    /// Builds the stored form from a checked new template and its id.
    pub fn dari_baru(id: TemplateId, baru: PaktaTemplateBaru) -> Self {
        let hash_isi = baru.hash_isi();
        PaktaTemplate {
            id,
            instansi_id: baru.instansi_id,
            pemilihan_id: baru.pemilihan_id,
            versi: baru.versi,
            isi: baru.isi,
            hash_isi,
            disahkan_oleh: None,
            tgl_sah: None,
        }
    }

    /// Whether the text has been approved; campaigns only use approved templates.
    pub fn sudah_disahkan(&self) -> bool {
        self.disahkan_oleh.is_some() && self.tgl_sah.is_some()
    }

    /// Approves this version. Approval does not change the text or its hash.
    pub fn sahkan(mut self, oleh: &str, tgl: NaiveDate) -> Result<Self, PaktaError> {
        if self.sudah_disahkan() {
            return Err(PaktaError::SudahDisahkan);
        }
        let oleh = rapikan(oleh);
        if oleh.is_empty() {
            return Err(PaktaError::PengesahTanpaNama);
        }
        self.disahkan_oleh = Some(oleh);
        self.tgl_sah = Some(tgl);
        Ok(self)
    }

    /// Rule: a template may be edited in place only while no one has signed it.
    pub fn boleh_diubah(jumlah_tanda_tangan: u64) -> bool {
        jumlah_tanda_tangan == 0
    }

    /// Turns an edit into either an in-place change or a new version (`versi + 1`),
    /// depending on whether the current version has signatures (active or revoked: a
    /// revoked signature was still given on this text).
    pub fn ubah(&self, isi: IsiPakta, jumlah_tanda_tangan: u64) -> Result<Perubahan, PaktaError> {
        let versi = if Self::boleh_diubah(jumlah_tanda_tangan) {
            self.versi
        } else {
            self.versi + 1
        };
        let baru = PaktaTemplateBaru {
            instansi_id: self.instansi_id,
            pemilihan_id: self.pemilihan_id,
            versi,
            isi,
        }
        .periksa()?;
        Ok(if versi == self.versi {
            Perubahan::UbahVersiIni(baru)
        } else {
            Perubahan::VersiBaru(baru)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    pub(crate) fn isi_contoh() -> IsiPakta {
        IsiPakta {
            judul: "Pakta Integritas Netralitas ASN".into(),
            pembuka: "Saya yang bertanda tangan di bawah ini\nmenyatakan:".into(),
            butir: vec![
                "Menjaga netralitas dalam pelayanan publik;".into(),
                "Menolak politik uang dan segala jenis pemberian.".into(),
            ],
            penutup: "Demikian pakta integritas ini saya buat.".into(),
            dasar_hukum: vec!["Undang-Undang Nomor 20 Tahun 2023".into()],
            berlaku_untuk: [JenisPegawai::Pns, JenisPegawai::Pppk].into(),
            mode: ModePakta::Individu,
            nomor_se: Some("800.1.6.1/5391/V/2024".into()),
        }
    }

    fn baru(isi: IsiPakta) -> PaktaTemplateBaru {
        PaktaTemplateBaru {
            instansi_id: InstansiId(7),
            pemilihan_id: Some(PemilihanId(3)),
            versi: 1,
            isi,
        }
    }

    #[test]
    fn canonical_text_is_exactly_as_documented() {
        let t = baru(isi_contoh());
        assert_eq!(
            t.teks_kanonik(),
            "NETRAL-PAKTA/1\n\
             instansi: 7\n\
             pemilihan: 3\n\
             versi: 1\n\
             mode: INDIVIDU\n\
             berlaku_untuk: PNS,PPPK\n\
             nomor_se: 800.1.6.1/5391/V/2024\n\
             judul: Pakta Integritas Netralitas ASN\n\
             pembuka:\n\
             > Saya yang bertanda tangan di bawah ini\n\
             > menyatakan:\n\
             butir:\n\
             1. Menjaga netralitas dalam pelayanan publik;\n\
             2. Menolak politik uang dan segala jenis pemberian.\n\
             penutup:\n\
             > Demikian pakta integritas ini saya buat.\n\
             dasar_hukum:\n\
             - Undang-Undang Nomor 20 Tahun 2023\n"
        );
        // Pinned so an accidental format change is caught.
        assert_eq!(
            t.hash_isi().as_str(),
            "cba67e46e64a85ed61c7aea814e5796900c6ad9007be043c7071562b2048d99f"
        );
    }

    #[test]
    fn blank_lines_and_crlf_are_normalised() {
        let mut a = isi_contoh();
        a.pembuka = "\r\n  Saya  \r\n\r\n\r\n menyatakan: \r\n\r\n".into();
        let mut b = isi_contoh();
        b.pembuka = "Saya\n\nmenyatakan:".into();
        assert_eq!(baru(a).hash_isi(), baru(b).hash_isi());
        let t = baru(isi_contoh());
        let mut c = isi_contoh();
        c.pembuka = "Saya\nmenyatakan:".into();
        assert_ne!(baru(c).hash_isi(), t.hash_isi());
    }

    #[test]
    fn header_lookalikes_cannot_forge_sections() {
        let mut a = isi_contoh();
        a.pembuka = "Saya\nbutir:\n1. Menjaga netralitas dalam pelayanan publik;".into();
        let s = baru(a).teks_kanonik();
        assert!(s.contains("> butir:\n> 1. Menjaga"));
    }

    #[test]
    fn context_and_version_are_bound_into_the_hash() {
        let t = baru(isi_contoh());
        let mut v2 = t.clone();
        v2.versi = 2;
        let mut lain = t.clone();
        lain.instansi_id = InstansiId(8);
        let mut tanpa = t.clone();
        tanpa.pemilihan_id = None;
        let h = t.hash_isi();
        assert_ne!(h, v2.hash_isi());
        assert_ne!(h, lain.hash_isi());
        assert_ne!(h, tanpa.hash_isi());
        assert!(tanpa.teks_kanonik().contains("pemilihan: -\n"));
    }

    #[test]
    fn validation_rules_and_messages() {
        let cek = |f: &dyn Fn(&mut IsiPakta)| {
            let mut i = isi_contoh();
            f(&mut i);
            baru(i).periksa().map(|_| ())
        };
        assert_eq!(cek(&|_| {}), Ok(()));
        assert_eq!(
            cek(&|i| i.judul = " \n ".into()),
            Err(PaktaError::JudulKosong)
        );
        assert_eq!(cek(&|i| i.butir.clear()), Err(PaktaError::JumlahButir(0)));
        assert_eq!(
            cek(&|i| i.butir = (0..21).map(|n| format!("Butir nomor {n} cukup")).collect()),
            Err(PaktaError::JumlahButir(21))
        );
        assert_eq!(
            cek(&|i| i.butir[1] = "  Pendek  ".into()),
            Err(PaktaError::ButirTerlaluPendek {
                nomor: 2,
                panjang: 6
            })
        );
        assert_eq!(
            cek(&|i| i.butir[0] = "a".repeat(601)),
            Err(PaktaError::ButirTerlaluPanjang {
                nomor: 1,
                panjang: 601
            })
        );
        assert_eq!(
            cek(&|i| i.butir[1] = " Menjaga  netralitas dalam pelayanan publik;".into()),
            Err(PaktaError::ButirGanda {
                nomor: 2,
                sama_dengan: 1
            })
        );
        assert_eq!(
            cek(&|i| i.berlaku_untuk.clear()),
            Err(PaktaError::BerlakuUntukKosong)
        );
        assert_eq!(
            cek(&|i| i.dasar_hukum.push(" ".into())),
            Err(PaktaError::DasarHukumKosong(2))
        );
        assert_eq!(
            PaktaError::ButirTerlaluPendek {
                nomor: 3,
                panjang: 4
            }
            .to_string(),
            "butir ke-3 terlalu pendek (4 karakter, paling sedikit 10)"
        );
        let mut nol = baru(isi_contoh());
        nol.versi = 0;
        assert_eq!(nol.periksa(), Err(PaktaError::VersiNol));
        // 600 multi-byte characters are fine: length counts characters, not bytes.
        assert_eq!(cek(&|i| i.butir[0] = "é".repeat(600)), Ok(()));
    }

    #[test]
    fn signed_templates_change_only_by_new_version() {
        let t = PaktaTemplate::dari_baru(TemplateId(1), baru(isi_contoh()).periksa().unwrap());
        assert!(t.hash_cocok());
        assert!(PaktaTemplate::boleh_diubah(0));
        assert!(!PaktaTemplate::boleh_diubah(1));
        let mut isi = isi_contoh();
        isi.butir.push("Menghormati hasil Pemilihan.".into());

        match t.ubah(isi.clone(), 0).unwrap() {
            Perubahan::UbahVersiIni(b) => {
                assert_eq!(b.versi, 1);
                assert_ne!(b.hash_isi(), t.hash_isi);
            }
            p => panic!("{p:?}"),
        }
        match t.ubah(isi.clone(), 5).unwrap() {
            Perubahan::VersiBaru(b) => {
                assert_eq!(b.versi, 2);
                assert_ne!(b.hash_isi(), t.hash_isi);
            }
            p => panic!("{p:?}"),
        }
        // Even an identical text gets a new hash as a new version.
        match t.ubah(isi_contoh(), 5).unwrap() {
            Perubahan::VersiBaru(b) => assert_ne!(b.hash_isi(), t.hash_isi),
            p => panic!("{p:?}"),
        }
        isi.butir.clear();
        assert_eq!(t.ubah(isi, 5), Err(PaktaError::JumlahButir(0)));

        let tgl = NaiveDate::from_ymd_opt(2024, 8, 12).unwrap();
        assert!(!t.sudah_disahkan());
        assert_eq!(
            t.clone().sahkan("  ", tgl),
            Err(PaktaError::PengesahTanpaNama)
        );
        let sah = t.clone().sahkan("Pj Wali Kota  Tangerang", tgl).unwrap();
        assert!(sah.sudah_disahkan());
        assert_eq!(sah.disahkan_oleh.as_deref(), Some("Pj Wali Kota Tangerang"));
        assert_eq!(sah.hash_isi, t.hash_isi);
        assert!(sah.hash_cocok());
        assert_eq!(sah.sahkan("Lain", tgl), Err(PaktaError::SudahDisahkan));

        let mut rusak = t.clone();
        rusak.isi.butir[0].push('!');
        assert!(!rusak.hash_cocok());
    }

    fn teks_butir() -> impl Strategy<Value = String> {
        "[A-Za-z][A-Za-z ,;.]{9,80}"
    }

    proptest! {
        #[test]
        fn hash_is_stable_under_line_end_whitespace(
            butir in prop::collection::vec(teks_butir(), 1..8),
            pad in prop::collection::vec("[ \t]{0,3}", 8),
            crlf in any::<bool>(),
        ) {
            let mut a = isi_contoh();
            a.butir = butir.clone();
            let mut b = a.clone();
            let nl = if crlf { "\r\n" } else { "\n" };
            b.butir = butir.iter().enumerate()
                .map(|(i, x)| format!("{}{x}{}", pad[i % pad.len()], pad[(i + 1) % pad.len()]))
                .collect();
            b.pembuka = format!("{}Saya yang bertanda tangan di bawah ini{}{nl}menyatakan:{}{nl}",
                pad[0], pad[1], pad[2]);
            b.judul = format!("{}{}{}", pad[3], a.judul, pad[4]);
            prop_assert_eq!(baru(a).hash_isi(), baru(b).hash_isi());
        }

        #[test]
        fn hash_changes_with_any_butir_change(
            butir in prop::collection::vec(teks_butir(), 1..8),
            idx in any::<prop::sample::Index>(),
            ch in "[a-z]",
            kind in 0u8..3,
        ) {
            let mut a = isi_contoh();
            a.butir = butir;
            let mut b = a.clone();
            let i = idx.index(b.butir.len());
            match kind {
                0 => b.butir[i].push_str(&ch),
                1 => { b.butir.remove(i); }
                _ => b.butir.insert(i, format!("{ch} butir tambahan")),
            }
            prop_assume!(a.butir != b.butir);
            prop_assert_ne!(baru(a).hash_isi(), baru(b).hash_isi());
        }

        #[test]
        fn tidy_then_hash_equals_hash(butir in prop::collection::vec(teks_butir(), 1..5)) {
            let mut a = isi_contoh();
            a.butir = butir.iter().map(|b| format!("  {b}\n")).collect();
            let t = baru(a.clone());
            let rapi = PaktaTemplateBaru { isi: a.rapikan(), ..t.clone() };
            prop_assert_eq!(t.hash_isi(), rapi.hash_isi());
        }
    }
}
