//! Port types of the pact model (issue #4 §1–2): elections with their stages, versioned
//! pact templates and staged signing campaigns. The records themselves are the domain's
//! ([`netral_domain::pakta`]); this module holds what the store needs besides them.
//!
//! Storage keeps, all keyed `(instansi_id, …)`:
//!
//! - `pemilihan` and its `pemilihan_tahapan`;
//! - `pakta_templat`: one row per version, with the content, its canonical text and
//!   `hash_isi` (unique per instansi, so saving the same text again is a no-op) and the
//!   approval. An approved version is immutable: a change is a new version row;
//! - `kampanye` and its ordered `kampanye_tahap`, bound to one approved template version.

use chrono::{DateTime, NaiveDate, Utc};

pub use netral_domain::pakta::{
    HashSha256, IsiPakta, JenisPemilihan, JenisTahapan, Kampanye, KampanyeId, LingkupKampanye,
    PaktaTemplate, PaktaTemplateBaru, Pemilihan, PemilihanId, StatusPemilihan, TahapKampanye,
    Tahapan, TemplateId,
};

use crate::InstansiId;
use netral_domain::ident::KodeWilayah;

/// An election to store: `id: None` creates it, `Some` replaces the stored one (stages
/// included). The application checks it first ([`Pemilihan::periksa`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PemilihanBaru {
    pub id: Option<PemilihanId>,
    pub instansi_id: InstansiId,
    pub jenis: JenisPemilihan,
    pub nama: String,
    pub wilayah_kode: KodeWilayah,
    pub tgl_pemungutan: NaiveDate,
    pub dasar_hukum: String,
    pub status: StatusPemilihan,
    pub tahapan: Vec<Tahapan>,
}

impl PemilihanBaru {
    /// The stored form under `id`, stages in [`JenisTahapan`] order.
    pub fn dengan_id(&self, id: PemilihanId) -> Pemilihan {
        let mut tahapan = self.tahapan.clone();
        tahapan.sort_by_key(|t| t.jenis);
        Pemilihan {
            id,
            instansi_id: self.instansi_id,
            jenis: self.jenis,
            nama: self.nama.clone(),
            wilayah_kode: self.wilayah_kode.clone(),
            tgl_pemungutan: self.tgl_pemungutan,
            dasar_hukum: self.dasar_hukum.clone(),
            status: self.status,
            tahapan,
        }
    }
}

/// A campaign to create. The store fills in the template's version and `hash_isi` from the
/// stored template and checks it with [`Kampanye::periksa`] (the template must be approved).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KampanyeBaru {
    pub instansi_id: InstansiId,
    pub nama: String,
    pub template_id: TemplateId,
    pub lingkup: LingkupKampanye,
    pub tahap: Vec<TahapKampanye>,
    pub dibuka: Option<DateTime<Utc>>,
    pub ditutup: Option<DateTime<Utc>>,
}

impl KampanyeBaru {
    /// The campaign under `id` for the stored `templat`, checked against it; a rejected
    /// campaign is a `Konflik` carrying the domain's reason.
    pub fn periksa(&self, id: KampanyeId, templat: &PaktaTemplate) -> crate::StoreResult<Kampanye> {
        Kampanye {
            id,
            instansi_id: self.instansi_id,
            nama: self.nama.clone(),
            template_id: self.template_id,
            template_versi: templat.versi,
            hash_isi: templat.hash_isi.clone(),
            lingkup: self.lingkup.clone(),
            tahap: self.tahap.clone(),
            dibuka: self.dibuka,
            ditutup: self.ditutup,
        }
        .periksa(templat)
        .map_err(|e| crate::StoreError::Konflik(e.to_string()))
    }
}

/// Builds a template read back from storage and checks it: the stored canonical text and
/// hash must be what [`netral_domain::pakta`] computes from the stored content, otherwise
/// the row was altered outside Netral (`Backend`).
pub fn templat_tersimpan(
    t: PaktaTemplate,
    teks_kanonik: &str,
) -> crate::StoreResult<PaktaTemplate> {
    if t.teks_kanonik() != teks_kanonik || !t.hash_cocok() {
        return Err(crate::StoreError::Backend(format!(
            "templat {} instansi {}: teks kanonik atau hash tersimpan tidak cocok",
            t.id, t.instansi_id
        )));
    }
    Ok(t)
}

/// Audit action names of this part.
pub mod aksi {
    pub const TAMBAH_PEMILIHAN: &str = "TAMBAH_PEMILIHAN";
    pub const UBAH_PEMILIHAN: &str = "UBAH_PEMILIHAN";
    pub const TAMBAH_TEMPLAT: &str = "TAMBAH_TEMPLAT";
    pub const UBAH_TEMPLAT: &str = "UBAH_TEMPLAT";
    pub const SAHKAN_TEMPLAT: &str = "SAHKAN_TEMPLAT";
    pub const TAMBAH_KAMPANYE: &str = "TAMBAH_KAMPANYE";
}

/// The `Konflik` for a change to an approved template version.
pub fn konflik_sudah_disahkan(versi: u32) -> crate::StoreError {
    crate::StoreError::Konflik(format!(
        "templat versi {versi} sudah disahkan dan tidak dapat diubah; simpan sebagai versi baru"
    ))
}
