//! JSON API of the staff side of signing (issue #4 §7): elections, templates, campaigns,
//! paper intake, representative and witness signatures, revocations, progress, exports.
//!
//! The request shapes here (`*Masuk`) are also what the pages build from their forms, so a
//! page and its API twin parse input the same way (see the `*_baru` functions).

use std::collections::BTreeSet;

use axum::Json;
use axum::extract::multipart::MultipartRejection;
use axum::extract::rejection::JsonRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};

use netral_app::progres_tampil::TampilanProgres;
use netral_app::ttd::rute::LaporanHadir;
use netral_app::ttd::{BerkasMasuk, TtdDicatat};
use netral_app::{AppError, Pelaku};
use netral_domain::akun::User;
use netral_domain::organisasi::{InstansiId, PegawaiId, UnitId};
use netral_domain::pakta::tanda_tangan::CATATAN_PERWAKILAN;
use netral_domain::pakta::{
    AcaraIkrar, AcaraIkrarId, AnggotaTahap, HashSha256, IsiPakta, JenisAcaraIkrar, JenisPemilihan,
    JenisTahapan, JenisTemplatAwal, Kampanye, KampanyeId, LingkupKampanye, MetodeTandaTangan,
    ModePakta, PaktaTemplate, PaktaTemplateBaru, Pemilihan, PemilihanId, RekamanTandaTangan,
    RekapAngka, Saksi, SifatTahap, StatusPemilihan, TahapKampanye, Tahapan, TandaTanganId,
    TemplateId,
};
use netral_domain::pegawai::JenisPegawai;
use netral_store::ttd::{
    AcaraIkrarBaru, FilterTtd, PernyataanSaksiTersimpan, TandaTanganTersimpan,
};
use netral_store::{Halaman, KampanyeBaru, PemilihanBaru};

use crate::AppState;
use crate::api::GalatDto;
use crate::api_penanda::TtdDicatatDto;
use crate::galat::WebError;
use crate::halaman_pakta::Isian;
use crate::sesi::ApiUser;

pub fn rute() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/pemilihan", get(daftar_pemilihan).post(buat_pemilihan))
        .route("/templat", get(daftar_templat).post(buat_templat))
        .route("/templat/{id}/sahkan", post(sahkan_templat))
        .route("/kampanye", get(daftar_kampanye).post(buat_kampanye))
        .route("/kampanye/{id}/progres", get(progres))
        .route("/kampanye/{id}/pengingat", post(pengingat))
        .route("/kampanye/{id}/belum.xlsx", get(belum_xlsx))
        .route("/tanda-tangan", get(daftar_ttd))
        .route("/tanda-tangan/{id}", get(detail_ttd_json))
        .route("/tanda-tangan/{id}/pdf", get(pdf_ttd))
        .route("/tanda-tangan/{id}/batal", post(batal))
        .route("/tanda-tangan/{id}/saksi", post(saksi))
        .route(
            "/tanda-tangan/kertas",
            post(kertas).layer(DefaultBodyLimit::max(BATAS_UNGGAH)),
        )
        .route(
            "/tanda-tangan/kertas/batch",
            post(kertas_batch).layer(DefaultBodyLimit::max(
                crate::halaman_pakta::kertas_unit::BATAS_BADAN,
            )),
        )
        .route(
            "/tanda-tangan/perwakilan",
            post(perwakilan).layer(DefaultBodyLimit::max(BATAS_UNGGAH)),
        )
        .route("/ikrar", get(daftar_ikrar).post(buat_ikrar))
        .route("/ikrar/{id}/hadir", post(hadir))
}

/// Largest upload body (a 10 MB scan plus the form).
pub(crate) const BATAS_UNGGAH: usize = 12 * 1024 * 1024;

#[derive(OpenApi)]
#[openapi(
    paths(
        buat_pemilihan,
        daftar_pemilihan,
        buat_templat,
        daftar_templat,
        sahkan_templat,
        buat_kampanye,
        daftar_kampanye,
        progres,
        pengingat,
        belum_xlsx,
        daftar_ttd,
        detail_ttd_json,
        pdf_ttd,
        batal,
        saksi,
        kertas,
        kertas_batch,
        perwakilan,
        buat_ikrar,
        daftar_ikrar,
        hadir
    ),
    components(schemas(
        PemilihanMasuk,
        PemilihanDto,
        TahapanDto,
        TemplatMasuk,
        IsiDto,
        TemplatDto,
        SahkanMasuk,
        KampanyeMasuk,
        TahapMasuk,
        KampanyeDto,
        TahapDto,
        TtdDicatatDto,
        PembatalanDto,
        TtdDto,
        SaksiDto,
        TtdDetailDto,
        HalamanTtdDto,
        KertasForm,
        KertasBatchForm,
        HasilKertasDto,
        HasilKertasBatchDto,
        PerwakilanForm,
        SaksiMasuk,
        BatalMasuk,
        AngkaDto,
        TahapProgresDto,
        UnitProgresDto,
        JumlahDto,
        ProgresDto,
        PengingatDto,
        IkrarMasuk,
        IkrarDto,
        HadirMasuk,
        HasilHadirDto,
        LaporanHadirDto
    ))
)]
pub struct DokumenApiPakta;

// --- input parsing shared with the pages ------------------------------------------------

type Hasil<T> = Result<T, AppError>;

fn masukan(pesan: impl Into<String>) -> AppError {
    AppError::Masukan(pesan.into())
}

/// The body of a JSON request, or an input error in Indonesian.
pub(crate) fn isi_json<T>(r: Result<Json<T>, JsonRejection>) -> Result<T, WebError> {
    r.map(|Json(t)| t).map_err(|e| {
        WebError::json(masukan(crate::galat::pesan_penolakan(
            &e.body_text(),
            crate::i18n::Bahasa::Id,
        )))
    })
}

fn kosong(s: Option<&str>) -> Option<&str> {
    s.map(str::trim).filter(|s| !s.is_empty())
}

/// A calendar date `YYYY-MM-DD`.
pub(crate) fn tanggal(s: &str, nama: &str) -> Hasil<NaiveDate> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        masukan(format!(
            "{nama}: tanggal tidak sah \"{s}\" (format TTTT-BB-HH)"
        ))
    })
}

/// WIB, the zone most Pemda using this work in; a date or local time without a zone is WIB.
fn wib() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).expect("UTC"))
}

/// Today's date in WIB: what a date field defaults to (a form's prefill, a paper sheet sent
/// without `tanggal`).
pub(crate) fn hari_ini_wib(s: &AppState) -> NaiveDate {
    s.app.sekarang().with_timezone(&wib()).date_naive()
}

/// An instant: RFC 3339, a local `YYYY-MM-DDTHH:MM` (WIB), or a date (end of that day, WIB).
pub(crate) fn waktu(s: &str, nama: &str) -> Hasil<DateTime<Utc>> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Ok(t.with_timezone(&Utc));
    }
    let lokal = NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M:%S"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .ok()
                .and_then(|d| NaiveTime::from_hms_opt(23, 59, 59).map(|t| d.and_time(t)))
        })
        .ok_or_else(|| {
            masukan(format!(
                "{nama}: waktu tidak sah \"{s}\" (TTTT-BB-HH atau TTTT-BB-HHTjj:mm)"
            ))
        })?;
    wib()
        .from_local_datetime(&lokal)
        .single()
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| masukan(format!("{nama}: waktu tidak sah \"{s}\"")))
}

fn kode<T>(
    s: &str,
    nama: &str,
    parse: impl Fn(&str) -> Result<T, netral_domain::pegawai::KodeTidakDikenal>,
) -> Hasil<T> {
    parse(s).map_err(|_| masukan(format!("{nama} tidak dikenal: \"{s}\"")))
}

/// Employment types by code; empty means "not given".
pub(crate) fn jenis_pegawai(daftar: &[String]) -> Hasil<BTreeSet<JenisPegawai>> {
    daftar
        .iter()
        .filter(|s| !s.trim().is_empty())
        .map(|s| kode(s, "jenis pegawai", JenisPegawai::parse))
        .collect()
}

/// A new or replaced election.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PemilihanMasuk {
    /// Set to replace a stored election; absent creates one.
    pub id: Option<i64>,
    /// PEMILU, PILKADA, PILKADA_ULANG or PSU.
    pub jenis: String,
    pub nama: String,
    /// Region code; default the instansi's.
    pub wilayah_kode: Option<String>,
    /// Voting day, `YYYY-MM-DD`.
    pub tgl_pemungutan: String,
    #[serde(default)]
    pub dasar_hukum: String,
    /// DIRENCANAKAN (default), BERJALAN, SELESAI, DIBATALKAN.
    pub status: Option<String>,
    #[serde(default)]
    pub tahapan: Vec<TahapanDto>,
}

/// One election stage with inclusive dates.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct TahapanDto {
    /// PENDAFTARAN_PASLON, PENETAPAN_PASLON, KAMPANYE, MASA_TENANG, PEMUNGUTAN,
    /// REKAPITULASI, PENETAPAN_TERPILIH.
    pub jenis: String,
    /// `YYYY-MM-DD`.
    pub mulai: String,
    /// `YYYY-MM-DD`.
    pub selesai: String,
}

pub(crate) fn pemilihan_baru(
    instansi: &netral_domain::organisasi::Instansi,
    m: &PemilihanMasuk,
) -> Hasil<PemilihanBaru> {
    let wilayah_kode = match kosong(m.wilayah_kode.as_deref()) {
        Some(k) => netral_domain::ident::KodeWilayah::parse(k)
            .map_err(|e| masukan(format!("kode wilayah: {e}")))?,
        None => instansi.kode.clone(),
    };
    let tahapan = m
        .tahapan
        .iter()
        .map(|t| {
            let jenis = kode(&t.jenis, "jenis tahapan", JenisTahapan::parse)?;
            Ok(Tahapan {
                jenis,
                mulai: tanggal(&t.mulai, jenis.label())?,
                selesai: tanggal(&t.selesai, jenis.label())?,
            })
        })
        .collect::<Hasil<Vec<_>>>()?;
    Ok(PemilihanBaru {
        id: m.id.map(PemilihanId),
        instansi_id: instansi.id,
        jenis: kode(&m.jenis, "jenis pemilihan", JenisPemilihan::parse)?,
        nama: m.nama.clone(),
        wilayah_kode,
        tgl_pemungutan: tanggal(&m.tgl_pemungutan, "tanggal pemungutan")?,
        dasar_hukum: m.dasar_hukum.trim().to_string(),
        status: match kosong(m.status.as_deref()) {
            Some(s) => kode(s, "status pemilihan", StatusPemilihan::parse)?,
            None => StatusPemilihan::Direncanakan,
        },
        tahapan,
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PemilihanDto {
    pub id: i64,
    pub jenis: String,
    pub nama: String,
    pub wilayah_kode: String,
    pub tgl_pemungutan: String,
    pub dasar_hukum: String,
    pub status: String,
    pub tahapan: Vec<TahapanDto>,
}

impl From<Pemilihan> for PemilihanDto {
    fn from(p: Pemilihan) -> Self {
        PemilihanDto {
            id: p.id.0,
            jenis: p.jenis.kode().into(),
            nama: p.nama,
            wilayah_kode: p.wilayah_kode.to_string(),
            tgl_pemungutan: p.tgl_pemungutan.to_string(),
            dasar_hukum: p.dasar_hukum,
            status: p.status.kode().into(),
            tahapan: p
                .tahapan
                .into_iter()
                .map(|t| TahapanDto {
                    jenis: t.jenis.kode().into(),
                    mulai: t.mulai.to_string(),
                    selesai: t.selesai.to_string(),
                })
                .collect(),
        }
    }
}

/// A template version: from a starter text (`awal`) or with its full content (`isi`).
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct TemplatMasuk {
    pub pemilihan_id: Option<i64>,
    /// Starter text: SKB_4, BUTIR_6 or BUTIR_9 (then `isi` is ignored).
    pub awal: Option<String>,
    /// For a starter: INDIVIDU (default) or PERWAKILAN.
    pub mode: Option<String>,
    /// For a starter: the Pemda circular's number.
    pub nomor_se: Option<String>,
    /// With `isi`: the version to store; default the next free one. An unapproved version
    /// is replaced; an approved one cannot change (409).
    pub versi: Option<u32>,
    pub isi: Option<IsiDto>,
}

/// The words of a pact.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct IsiDto {
    pub judul: String,
    #[serde(default)]
    pub pembuka: String,
    pub butir: Vec<String>,
    #[serde(default)]
    pub penutup: String,
    #[serde(default)]
    pub dasar_hukum: Vec<String>,
    /// Employment type codes (PNS, CPNS, PPPK, PPPK_PARUH_WAKTU, NON_ASN).
    pub berlaku_untuk: Vec<String>,
    /// INDIVIDU or PERWAKILAN.
    pub mode: String,
    pub nomor_se: Option<String>,
}

impl From<IsiPakta> for IsiDto {
    fn from(i: IsiPakta) -> Self {
        IsiDto {
            judul: i.judul,
            pembuka: i.pembuka,
            butir: i.butir,
            penutup: i.penutup,
            dasar_hukum: i.dasar_hukum,
            berlaku_untuk: i
                .berlaku_untuk
                .iter()
                .map(|j| j.kode().to_string())
                .collect(),
            mode: i.mode.kode().into(),
            nomor_se: i.nomor_se,
        }
    }
}

pub(crate) fn isi_pakta(d: &IsiDto) -> Hasil<IsiPakta> {
    Ok(IsiPakta {
        judul: d.judul.clone(),
        pembuka: d.pembuka.clone(),
        butir: d
            .butir
            .iter()
            .map(|b| b.trim().to_string())
            .filter(|b| !b.is_empty())
            .collect(),
        penutup: d.penutup.clone(),
        dasar_hukum: d
            .dasar_hukum
            .iter()
            .map(|b| b.trim().to_string())
            .filter(|b| !b.is_empty())
            .collect(),
        berlaku_untuk: jenis_pegawai(&d.berlaku_untuk)?,
        mode: kode(&d.mode, "mode pakta", ModePakta::parse)?,
        nomor_se: kosong(d.nomor_se.as_deref()).map(str::to_string),
    })
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TemplatDto {
    pub id: i64,
    pub pemilihan_id: Option<i64>,
    pub versi: u32,
    /// SHA-256 (hex) of the canonical text.
    pub hash_isi: String,
    pub disahkan: bool,
    pub disahkan_oleh: Option<String>,
    pub tgl_sah: Option<String>,
    pub isi: IsiDto,
    /// The canonical text (`NETRAL-PAKTA/1`) whose hash is `hash_isi`.
    pub teks_kanonik: String,
}

impl From<PaktaTemplate> for TemplatDto {
    fn from(t: PaktaTemplate) -> Self {
        TemplatDto {
            teks_kanonik: t.teks_kanonik(),
            disahkan: t.sudah_disahkan(),
            id: t.id.0,
            pemilihan_id: t.pemilihan_id.map(|p| p.0),
            versi: t.versi,
            hash_isi: t.hash_isi.to_string(),
            disahkan_oleh: t.disahkan_oleh,
            tgl_sah: t.tgl_sah.map(|d| d.to_string()),
            isi: t.isi.into(),
        }
    }
}

/// Stores a template version from a request: a starter, or full content whose version is
/// given or the next free one. Editing an approved version is a conflict (make a new one).
pub(crate) async fn simpan_templat(
    s: &AppState,
    pelaku: &Pelaku,
    instansi: InstansiId,
    m: &TemplatMasuk,
) -> Hasil<(PaktaTemplate, netral_store::Perubahan)> {
    let pemilihan_id = m.pemilihan_id.map(PemilihanId);
    if let Some(awal) = kosong(m.awal.as_deref()) {
        let jenis = kode(awal, "templat awal", JenisTemplatAwal::parse)?;
        let mode = match kosong(m.mode.as_deref()) {
            Some(x) => kode(x, "mode pakta", ModePakta::parse)?,
            None => ModePakta::Individu,
        };
        let se = kosong(m.nomor_se.as_deref()).map(str::to_string);
        return s
            .app
            .templat_awal(pelaku, instansi, pemilihan_id, jenis, mode, se)
            .await;
    }
    let isi = m
        .isi
        .as_ref()
        .ok_or_else(|| masukan("isi templat wajib diisi (atau pilih templat awal)"))?;
    let isi = isi_pakta(isi)?;
    let ada = s.app.daftar_templat(pelaku, instansi, pemilihan_id).await?;
    let sendiri: Vec<&PaktaTemplate> = ada
        .iter()
        .filter(|t| t.pemilihan_id == pemilihan_id)
        .collect();
    let versi = match m.versi {
        Some(v) => v,
        None => sendiri.iter().map(|t| t.versi).max().unwrap_or(0) + 1,
    };
    let baru = PaktaTemplateBaru {
        instansi_id: instansi,
        pemilihan_id,
        versi,
        isi,
    };
    if let Some(t) = sendiri.iter().find(|t| t.versi == versi)
        && t.sudah_disahkan()
        && baru.clone().periksa().map(|b| b.hash_isi()).ok() != Some(t.hash_isi.clone())
    {
        return Err(AppError::Konflik(format!(
            "templat versi {versi} sudah disahkan dan tidak dapat diubah; buat versi baru"
        )));
    }
    s.app.simpan_templat(pelaku, baru).await
}

/// Approval of a template version.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SahkanMasuk {
    /// Name and post of the approving official, as printed.
    pub oleh: String,
    /// `YYYY-MM-DD`; default today.
    pub tanggal: Option<String>,
}

pub(crate) fn tanggal_sah(s: &AppState, m: &SahkanMasuk) -> Hasil<NaiveDate> {
    match kosong(m.tanggal.as_deref()) {
        Some(t) => tanggal(t, "tanggal pengesahan"),
        None => Ok(hari_ini_wib(s)),
    }
}

/// A new campaign.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct KampanyeMasuk {
    pub nama: String,
    /// An approved template version.
    pub template_id: i64,
    /// Units in scope (and everything under them); absent or empty = the whole instansi.
    #[serde(default)]
    pub unit: Vec<i64>,
    /// Employment types asked to sign; default the template's.
    #[serde(default)]
    pub jenis_pegawai: Vec<String>,
    /// Ordered stages; absent = the usual order (kepala daerah, Sekda if `sekda_id`, JPT,
    /// administrator, everyone else).
    pub tahap: Option<Vec<TahapMasuk>>,
    /// With the usual order: deadlines per stage, by position (null = none).
    #[serde(default)]
    pub tenggat: Vec<Option<String>>,
    /// With the usual order: the Sekda as a named, witnessed stage.
    pub sekda_id: Option<i64>,
    /// Signing opens (RFC 3339 or `YYYY-MM-DDTHH:MM` WIB); default now.
    pub dibuka: Option<String>,
    /// Signing closes; default open until closed by hand.
    pub ditutup: Option<String>,
}

/// One stage of a campaign.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TahapMasuk {
    pub nama: String,
    /// KETAT (later stages wait) or ANJURAN.
    pub sifat: String,
    pub tenggat: Option<String>,
    /// `{"menurut":"JABATAN","nilai":{"jenis":[...],"eselon":[...]}}`,
    /// `{"menurut":"PEGAWAI","nilai":[ids]}` or `{"menurut":"SISANYA"}`.
    #[schema(value_type = Object)]
    pub anggota: serde_json::Value,
    #[serde(default)]
    pub perlu_saksi: bool,
}

pub(crate) async fn kampanye_baru(
    s: &AppState,
    pelaku: &Pelaku,
    instansi: InstansiId,
    m: &KampanyeMasuk,
) -> Hasil<(KampanyeBaru, Option<PegawaiId>)> {
    let templat = s
        .app
        .templat(pelaku, instansi, TemplateId(m.template_id))
        .await?;
    let mut jenis = jenis_pegawai(&m.jenis_pegawai)?;
    if jenis.is_empty() {
        jenis = templat.isi.berlaku_untuk.clone();
    }
    let sekda = m.sekda_id.map(PegawaiId);
    let tahap = match &m.tahap {
        Some(daftar) => daftar
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let anggota: AnggotaTahap = serde_json::from_value(t.anggota.clone())
                    .map_err(|e| masukan(format!("tahap {}: anggota tidak sah: {e}", i + 1)))?;
                Ok(TahapKampanye {
                    nama: t.nama.clone(),
                    sifat: kode(&t.sifat, "sifat tahap", SifatTahap::parse)?,
                    tenggat: kosong(t.tenggat.as_deref())
                        .map(|w| waktu(w, &format!("tenggat tahap {}", i + 1)))
                        .transpose()?,
                    anggota,
                    perlu_saksi: t.perlu_saksi,
                })
            })
            .collect::<Hasil<Vec<_>>>()?,
        None => {
            let mut baku = Kampanye::tahap_baku(sekda);
            if m.tenggat.len() > baku.len() {
                return Err(masukan(format!(
                    "tenggat diberikan untuk {} tahap, padahal urutan baku hanya {} tahap",
                    m.tenggat.len(),
                    baku.len()
                )));
            }
            for (i, t) in m.tenggat.iter().enumerate() {
                if let Some(w) = kosong(t.as_deref()) {
                    baku[i].tenggat = Some(waktu(w, &format!("tenggat tahap {}", i + 1))?);
                }
            }
            baku
        }
    };
    let unit: BTreeSet<UnitId> = m.unit.iter().copied().map(UnitId).collect();
    Ok((
        KampanyeBaru {
            instansi_id: instansi,
            nama: m.nama.clone(),
            template_id: templat.id,
            lingkup: LingkupKampanye {
                unit: (!unit.is_empty()).then_some(unit),
                jenis_pegawai: jenis,
            },
            tahap,
            dibuka: kosong(m.dibuka.as_deref())
                .map(|w| waktu(w, "waktu dibuka"))
                .transpose()?,
            ditutup: kosong(m.ditutup.as_deref())
                .map(|w| waktu(w, "waktu ditutup"))
                .transpose()?,
        },
        // Only the usual order names the Sekda itself.
        sekda.filter(|_| m.tahap.is_none()),
    ))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TahapDto {
    pub nama: String,
    pub sifat: String,
    pub tenggat: Option<String>,
    #[schema(value_type = Object)]
    pub anggota: serde_json::Value,
    pub perlu_saksi: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KampanyeDto {
    pub id: i64,
    pub nama: String,
    pub template_id: i64,
    pub template_versi: u32,
    pub hash_isi: String,
    /// Units in scope; null = the whole instansi.
    pub unit: Option<Vec<i64>>,
    pub jenis_pegawai: Vec<String>,
    pub tahap: Vec<TahapDto>,
    pub dibuka: Option<String>,
    pub ditutup: Option<String>,
}

impl From<Kampanye> for KampanyeDto {
    fn from(k: Kampanye) -> Self {
        KampanyeDto {
            id: k.id.0,
            nama: k.nama,
            template_id: k.template_id.0,
            template_versi: k.template_versi,
            hash_isi: k.hash_isi.to_string(),
            unit: k.lingkup.unit.map(|u| u.iter().map(|x| x.0).collect()),
            jenis_pegawai: k
                .lingkup
                .jenis_pegawai
                .iter()
                .map(|j| j.kode().to_string())
                .collect(),
            tahap: k
                .tahap
                .into_iter()
                .map(|t| TahapDto {
                    nama: t.nama,
                    sifat: t.sifat.kode().into(),
                    tenggat: t.tenggat.map(|w| w.to_rfc3339()),
                    anggota: serde_json::to_value(&t.anggota).unwrap_or_default(),
                    perlu_saksi: t.perlu_saksi,
                })
                .collect(),
            dibuka: k.dibuka.map(|w| w.to_rfc3339()),
            ditutup: k.ditutup.map(|w| w.to_rfc3339()),
        }
    }
}

// --- handlers -----------------------------------------------------------------------

fn dibuat(p: netral_store::Perubahan) -> StatusCode {
    if p == netral_store::Perubahan::Dibuat {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

fn instansi(u: &User) -> InstansiId {
    u.instansi_id
}

/// Creates (or, with `id`, replaces) an election with its stages.
#[utoipa::path(post, path = "/api/v1/pemilihan", operation_id = "createPemilihan", tag = "pakta",
    request_body = PemilihanMasuk,
    responses((status = 201, body = PemilihanDto), (status = 200, body = PemilihanDto),
        (status = 422, body = GalatDto), (status = 403, body = GalatDto)))]
async fn buat_pemilihan(
    State(s): State<AppState>,
    u: ApiUser,
    m: Result<Json<PemilihanMasuk>, JsonRejection>,
) -> Result<Response, WebError> {
    let m = isi_json(m)?;
    let inst = s.app.instansi_user(&u.0).await.map_err(WebError::json)?;
    let baru = pemilihan_baru(&inst, &m).map_err(WebError::json)?;
    let (p, ubah) = s
        .app
        .simpan_pemilihan(&u.pelaku(), baru)
        .await
        .map_err(WebError::json)?;
    Ok((dibuat(ubah), Json(PemilihanDto::from(p))).into_response())
}

/// The instansi's elections.
#[utoipa::path(get, path = "/api/v1/pemilihan", operation_id = "listPemilihan", tag = "pakta",
    responses((status = 200, body = [PemilihanDto]), (status = 403, body = GalatDto)))]
async fn daftar_pemilihan(
    State(s): State<AppState>,
    u: ApiUser,
) -> Result<Json<Vec<PemilihanDto>>, WebError> {
    let v = s
        .app
        .daftar_pemilihan(&u.pelaku(), instansi(&u.0))
        .await
        .map_err(WebError::json)?;
    Ok(Json(v.into_iter().map(Into::into).collect()))
}

/// Stores a template version: from a starter text (`awal`) or full content (`isi`).
#[utoipa::path(post, path = "/api/v1/templat", operation_id = "createTemplate", tag = "pakta",
    request_body = TemplatMasuk,
    responses((status = 201, body = TemplatDto), (status = 200, body = TemplatDto),
        (status = 409, body = GalatDto), (status = 422, body = GalatDto), (status = 403, body = GalatDto)))]
async fn buat_templat(
    State(s): State<AppState>,
    u: ApiUser,
    m: Result<Json<TemplatMasuk>, JsonRejection>,
) -> Result<Response, WebError> {
    let m = isi_json(m)?;
    let (t, ubah) = simpan_templat(&s, &u.pelaku(), instansi(&u.0), &m)
        .await
        .map_err(WebError::json)?;
    Ok((dibuat(ubah), Json(TemplatDto::from(t))).into_response())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParamTemplat {
    /// Only the templates of this election.
    pub pemilihan: Option<i64>,
}

/// The instansi's template versions.
#[utoipa::path(get, path = "/api/v1/templat", operation_id = "listTemplates", tag = "pakta",
    params(ParamTemplat),
    responses((status = 200, body = [TemplatDto]), (status = 403, body = GalatDto)))]
async fn daftar_templat(
    State(s): State<AppState>,
    u: ApiUser,
    Query(p): Query<ParamTemplat>,
) -> Result<Json<Vec<TemplatDto>>, WebError> {
    let v = s
        .app
        .daftar_templat(&u.pelaku(), instansi(&u.0), p.pemilihan.map(PemilihanId))
        .await
        .map_err(WebError::json)?;
    Ok(Json(v.into_iter().map(Into::into).collect()))
}

/// Approves a template version; from then on it is immutable.
#[utoipa::path(post, path = "/api/v1/templat/{id}/sahkan", operation_id = "approveTemplate", tag = "pakta",
    params(("id" = i64, Path, description = "Template version id")),
    request_body = SahkanMasuk,
    responses((status = 200, body = TemplatDto), (status = 404, body = GalatDto),
        (status = 422, body = GalatDto), (status = 403, body = GalatDto)))]
async fn sahkan_templat(
    State(s): State<AppState>,
    u: ApiUser,
    Path(id): Path<i64>,
    m: Result<Json<SahkanMasuk>, JsonRejection>,
) -> Result<Json<TemplatDto>, WebError> {
    let m = isi_json(m)?;
    let tgl = tanggal_sah(&s, &m).map_err(WebError::json)?;
    let t = s
        .app
        .sahkan_templat(&u.pelaku(), instansi(&u.0), TemplateId(id), &m.oleh, tgl)
        .await
        .map_err(WebError::json)?;
    Ok(Json(t.into()))
}

/// Creates a signing campaign on an approved template.
#[utoipa::path(post, path = "/api/v1/kampanye", operation_id = "createKampanye", tag = "pakta",
    request_body = KampanyeMasuk,
    responses((status = 201, body = KampanyeDto), (status = 404, body = GalatDto),
        (status = 422, body = GalatDto), (status = 403, body = GalatDto)))]
async fn buat_kampanye(
    State(s): State<AppState>,
    u: ApiUser,
    m: Result<Json<KampanyeMasuk>, JsonRejection>,
) -> Result<Response, WebError> {
    let m = isi_json(m)?;
    let pelaku = u.pelaku();
    let (baru, sekda) = kampanye_baru(&s, &pelaku, instansi(&u.0), &m)
        .await
        .map_err(WebError::json)?;
    let (k, ubah) = s
        .app
        .buat_kampanye_dengan_sekda(&pelaku, baru, sekda)
        .await
        .map_err(WebError::json)?;
    Ok((dibuat(ubah), Json(KampanyeDto::from(k))).into_response())
}

/// The instansi's campaigns.
#[utoipa::path(get, path = "/api/v1/kampanye", operation_id = "listKampanye", tag = "pakta",
    responses((status = 200, body = [KampanyeDto]), (status = 403, body = GalatDto)))]
async fn daftar_kampanye(
    State(s): State<AppState>,
    u: ApiUser,
) -> Result<Json<Vec<KampanyeDto>>, WebError> {
    let v = s
        .app
        .daftar_kampanye(&u.pelaku(), instansi(&u.0))
        .await
        .map_err(WebError::json)?;
    Ok(Json(v.into_iter().map(Into::into).collect()))
}

// --- signatures ---------------------------------------------------------------------------

/// A multipart form: its text fields as pairs and its files by field name.
pub(crate) struct FormBerkas {
    pub isian: Isian,
    pub berkas: Vec<(String, BerkasMasuk)>,
}

impl FormBerkas {
    /// The first non-empty file of a field.
    pub fn ambil(&mut self, nama: &str) -> Option<BerkasMasuk> {
        let i = self
            .berkas
            .iter()
            .position(|(n, b)| n == nama && !b.isi.is_empty())?;
        Some(self.berkas.swap_remove(i).1)
    }
}

/// Reads a multipart body (streaming, with the per-file and total limits of
/// [`crate::halaman_pakta::kertas_unit::baca_unggahan`]); a broken upload is an input error.
pub(crate) async fn baca_multipart(mp: Multipart) -> Hasil<FormBerkas> {
    let (isian, berkas) = crate::halaman_pakta::kertas_unit::baca_unggahan(mp).await?;
    Ok(FormBerkas { isian, berkas })
}

fn angka<T: std::str::FromStr>(s: &str, nama: &str) -> Hasil<T> {
    s.trim()
        .parse::<T>()
        .map_err(|_| masukan(format!("{nama} tidak valid: \"{s}\"")))
}

/// One employee of the caller's instansi by exact NIP / NI PPPK (or NIK).
pub(crate) async fn pegawai_dari_nip(s: &AppState, u: &User, nip: &str) -> Hasil<PegawaiId> {
    let q = nip.trim();
    if q.is_empty() {
        return Err(masukan("NIP pegawai wajib diisi"));
    }
    let h = s
        .app
        .daftar_pegawai(
            &Pelaku::Pengguna(u.clone()),
            u,
            netral_app::registri::KueriPegawai {
                q: Some(q.to_string()),
                unit: None,
                jenis: None,
                status: None,
                halaman: 1,
                ukuran: 20,
            },
        )
        .await?;
    h.items
        .into_iter()
        .find(|p| p.identitas == q)
        .map(|p| p.id)
        .ok_or_else(|| masukan(format!("pegawai dengan NIP {q} tidak ditemukan")))
}

/// The employee a form names: `{awalan}_id` (an id) or `{awalan}_nip`.
async fn pegawai_isian(s: &AppState, u: &User, f: &Isian, awalan: &str) -> Hasil<PegawaiId> {
    let id = f.nilai(&format!("{awalan}_id")).trim().to_string();
    if !id.is_empty() {
        return angka::<i64>(&id, "pegawai").map(PegawaiId);
    }
    pegawai_dari_nip(s, u, f.nilai(&format!("{awalan}_nip"))).await
}

fn kampanye_isian(f: &Isian) -> Hasil<KampanyeId> {
    let k = f.nilai("kampanye_id");
    if k.trim().is_empty() {
        return Err(masukan("pilih kampanye"));
    }
    angka::<i64>(k, "kampanye").map(KampanyeId)
}

/// The date written on paper sheets (`tanggal`), default today (WIB).
pub(crate) fn tanggal_kertas(s: &AppState, f: &Isian) -> Hasil<NaiveDate> {
    match kosong(Some(f.nilai("tanggal"))) {
        Some(t) => tanggal(t, "tanggal tanda tangan"),
        None => Ok(hari_ini_wib(s)),
    }
}

/// A multipart body, or the 422 that says to send one.
fn multipart_sah(mp: Result<Multipart, MultipartRejection>) -> Result<Multipart, WebError> {
    mp.map_err(|e| {
        WebError::json(masukan(format!(
            "kirim sebagai multipart/form-data: {}",
            e.body_text()
        )))
    })
}

/// Paper intake from a form: the scan of a wet-signed sheet for one employee.
pub(crate) async fn rekam_kertas(s: &AppState, u: &User, mut f: FormBerkas) -> Hasil<TtdDicatat> {
    let kampanye = kampanye_isian(&f.isian)?;
    let pegawai = pegawai_isian(s, u, &f.isian, "pegawai").await?;
    let tgl = tanggal_kertas(s, &f.isian)?;
    let scan = f.ambil("berkas").ok_or_else(|| {
        masukan("unggah pindaian lembar pakta yang ditandatangani (PDF, PNG atau JPEG)")
    })?;
    s.app
        .ttd_kertas(
            &Pelaku::Pengguna(u.clone()),
            u.instansi_id,
            kampanye,
            pegawai,
            scan,
            tgl,
        )
        .await
}

/// A representative signature from a form: signer, the roster (ids and/or NIPs, one per
/// line or repeated) and an optional mandate letter.
pub(crate) async fn rekam_perwakilan(
    s: &AppState,
    u: &User,
    mut f: FormBerkas,
) -> Hasil<TtdDicatat> {
    let kampanye = kampanye_isian(&f.isian)?;
    let penanda = pegawai_isian(s, u, &f.isian, "penanda").await?;
    let mut mewakili = Vec::new();
    for id in f.isian.semua("mewakili") {
        let id = PegawaiId(angka::<i64>(&id, "pegawai yang diwakili")?);
        if !mewakili.contains(&id) {
            mewakili.push(id);
        }
    }
    for nip in f.isian.semua("mewakili_nip").iter().flat_map(|v| {
        v.lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect::<Vec<_>>()
    }) {
        let id = pegawai_dari_nip(s, u, &nip).await?;
        if !mewakili.contains(&id) {
            mewakili.push(id);
        }
    }
    if mewakili.is_empty() {
        return Err(masukan(
            "pilih pegawai yang diwakili (centang atau tulis NIP-nya)",
        ));
    }
    let mandat = f.ambil("mandat");
    s.app
        .ttd_perwakilan(
            &Pelaku::Pengguna(u.clone()),
            u.instansi_id,
            kampanye,
            penanda,
            mewakili,
            mandat,
            kosong(Some(f.isian.nilai("tempat"))).map(str::to_string),
        )
        .await
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PembatalanDto {
    pub waktu: String,
    pub alasan: String,
    pub oleh: String,
}

/// A signature as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TtdDto {
    pub id: i64,
    pub pegawai_id: i64,
    /// Signer's name as printed on the pact.
    pub nama: String,
    /// NIP or NI PPPK as printed (never a NIK).
    pub nip: Option<String>,
    pub jabatan: Option<String>,
    pub unit: Option<String>,
    pub template_id: i64,
    pub template_versi: u32,
    pub hash_isi: String,
    pub kampanye_id: Option<i64>,
    pub waktu: String,
    pub metode: String,
    pub lokasi: Option<String>,
    /// SHA-256 of the evidence file (paper scan), if any.
    pub bukti_hash: Option<String>,
    /// For PERWAKILAN: how many people are on the roster.
    pub jumlah_diwakili: usize,
    pub hash_daun: Option<String>,
    pub indeks_daun: u64,
    pub aktif: bool,
    pub pembatalan: Option<PembatalanDto>,
}

pub(crate) fn rekaman(t: &TandaTanganTersimpan) -> Option<RekamanTandaTangan> {
    RekamanTandaTangan::parse(&t.rekaman).ok()
}

impl From<&TandaTanganTersimpan> for TtdDto {
    fn from(t: &TandaTanganTersimpan) -> Self {
        let r = rekaman(t);
        let d = &t.ttd.data;
        TtdDto {
            id: t.ttd.id.0,
            pegawai_id: d.pegawai_id.0,
            nama: r
                .as_ref()
                .map(|r| r.penanda.nama.clone())
                .unwrap_or_default(),
            nip: r.as_ref().and_then(|r| r.penanda.nip_tampil.clone()),
            jabatan: r.as_ref().and_then(|r| r.penanda.jabatan.clone()),
            unit: r.as_ref().and_then(|r| r.penanda.unit.clone()),
            template_id: d.template_id.0,
            template_versi: d.template_versi,
            hash_isi: d.hash_isi.to_string(),
            kampanye_id: d.kampanye_id.map(|k| k.0),
            waktu: d.waktu.to_rfc3339(),
            metode: d.metode.kode().into(),
            lokasi: d.lokasi.clone(),
            bukti_hash: d.bukti_hash.as_ref().map(|h| h.to_string()),
            jumlah_diwakili: d.mewakili.len(),
            hash_daun: t.ttd.hash_daun.as_ref().map(|h| h.to_string()),
            indeks_daun: t.indeks_daun,
            aktif: t.ttd.pembatalan.is_none(),
            pembatalan: t.ttd.pembatalan.as_ref().map(|p| PembatalanDto {
                waktu: p.waktu.to_rfc3339(),
                alasan: p.alasan.clone(),
                oleh: p.oleh.clone(),
            }),
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SaksiDto {
    pub nama: String,
    pub jabatan: String,
    pub instansi: Option<String>,
    pub waktu: String,
    pub lokasi: Option<String>,
    /// The statement the witness confirmed (names the signature's leaf hash).
    pub teks: String,
    /// The statement's own leaf.
    pub hash_daun: String,
    pub indeks_daun: u64,
}

impl From<&PernyataanSaksiTersimpan> for SaksiDto {
    fn from(p: &PernyataanSaksiTersimpan) -> Self {
        SaksiDto {
            nama: p.pernyataan.saksi.nama.clone(),
            jabatan: p.pernyataan.saksi.jabatan.clone(),
            instansi: p.pernyataan.saksi.instansi.clone(),
            waktu: p.pernyataan.waktu.to_rfc3339(),
            lokasi: p.pernyataan.lokasi.clone(),
            teks: p.pernyataan.teks(),
            hash_daun: hex::encode(p.hash_daun),
            indeks_daun: p.indeks_daun,
        }
    }
}

/// A signature with everything recorded about it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TtdDetailDto {
    #[serde(flatten)]
    pub ttd: TtdDto,
    pub judul_pakta: Option<String>,
    pub tempat: Option<String>,
    /// For PERWAKILAN: the roster as printed (names, masked NIPs).
    pub mewakili: Vec<String>,
    pub mandat_hash: Option<String>,
    /// Shown with every representative signature.
    pub catatan_perwakilan: Option<String>,
    pub saksi: Vec<SaksiDto>,
}

/// A signature with its witness statements (the read of a signature checks the caller).
pub(crate) async fn detail_ttd(
    s: &AppState,
    pelaku: &Pelaku,
    instansi: InstansiId,
    id: TandaTanganId,
) -> Hasil<(TandaTanganTersimpan, Vec<PernyataanSaksiTersimpan>)> {
    let t = s.app.tanda_tangan(pelaku, instansi, id).await?;
    // Permission was checked by the read above; the witness list has no use case of its own.
    let saksi = s.app.store.pernyataan_saksi(instansi, id).await?;
    Ok((t, saksi))
}

impl TtdDetailDto {
    pub(crate) fn dari(t: &TandaTanganTersimpan, saksi: &[PernyataanSaksiTersimpan]) -> Self {
        let r = rekaman(t);
        let perwakilan = t.ttd.data.metode == MetodeTandaTangan::Perwakilan;
        TtdDetailDto {
            ttd: t.into(),
            judul_pakta: r.as_ref().map(|r| r.templat.judul.clone()),
            tempat: r
                .as_ref()
                .map(|r| r.tempat.clone())
                .filter(|x| !x.is_empty()),
            mewakili: r.as_ref().map(|r| r.mewakili.clone()).unwrap_or_default(),
            mandat_hash: t.ttd.data.mandat_hash.as_ref().map(|h| h.to_string()),
            catatan_perwakilan: perwakilan.then(|| CATATAN_PERWAKILAN.to_string()),
            saksi: saksi.iter().map(Into::into).collect(),
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParamTtd {
    /// Only signatures on this campaign's template version.
    pub kampanye: Option<String>,
    /// Only signatures on this template (any version unless `versi`).
    pub templat: Option<String>,
    pub versi: Option<String>,
    /// Signer's unit or any unit under it.
    pub unit: Option<String>,
    /// DARING_OTP, KIOSK, KERTAS_PINDAI, PERWAKILAN, TTE_BSRE.
    pub metode: Option<String>,
    /// `aktif` or `batal`.
    pub status: Option<String>,
    pub pegawai: Option<String>,
    /// 1-based page.
    pub halaman: Option<u32>,
    /// Page size, 1–500 (default 50).
    pub ukuran: Option<u32>,
}

impl ParamTtd {
    pub(crate) async fn filter(
        &self,
        s: &AppState,
        pelaku: &Pelaku,
        instansi: InstansiId,
    ) -> Hasil<(FilterTtd, Halaman)> {
        let opsi = |o: &Option<String>| kosong(o.as_deref()).map(str::to_string);
        let mut f = FilterTtd::default();
        if let Some(k) = opsi(&self.kampanye) {
            let k = s
                .app
                .kampanye(pelaku, instansi, KampanyeId(angka(&k, "kampanye")?))
                .await?;
            f.template_id = Some(k.template_id);
            f.template_versi = Some(k.template_versi);
        }
        if let Some(t) = opsi(&self.templat) {
            f.template_id = Some(TemplateId(angka(&t, "templat")?));
        }
        if let Some(v) = opsi(&self.versi) {
            f.template_versi = Some(angka(&v, "versi")?);
        }
        if let Some(u) = opsi(&self.unit) {
            f.unit = Some(UnitId(angka(&u, "unit")?));
        }
        if let Some(m) = opsi(&self.metode) {
            f.metode = Some(kode(&m, "metode", MetodeTandaTangan::parse)?);
        }
        f.aktif = match opsi(&self.status).as_deref() {
            None => None,
            Some("aktif") => Some(true),
            Some("batal") => Some(false),
            Some(x) => {
                return Err(masukan(format!(
                    "status tidak dikenal: \"{x}\" (aktif atau batal)"
                )));
            }
        };
        if let Some(p) = opsi(&self.pegawai) {
            f.pegawai = Some(PegawaiId(angka(&p, "pegawai")?));
        }
        Ok((
            f,
            Halaman {
                nomor: self.halaman.unwrap_or(1).max(1),
                ukuran: self.ukuran.unwrap_or(50).clamp(1, 500),
            },
        ))
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HalamanTtdDto {
    pub items: Vec<TtdDto>,
    pub total: u64,
    pub halaman: u32,
    pub ukuran: u32,
}

/// Signatures of the instansi (newest first), filtered.
#[utoipa::path(get, path = "/api/v1/tanda-tangan", operation_id = "listSignatures", tag = "tanda-tangan",
    params(ParamTtd),
    responses((status = 200, body = HalamanTtdDto), (status = 422, body = GalatDto), (status = 403, body = GalatDto)))]
async fn daftar_ttd(
    State(s): State<AppState>,
    u: ApiUser,
    Query(p): Query<ParamTtd>,
) -> Result<Json<HalamanTtdDto>, WebError> {
    let pelaku = u.pelaku();
    let (f, h) = p
        .filter(&s, &pelaku, u.0.instansi_id)
        .await
        .map_err(WebError::json)?;
    let (v, total) = s
        .app
        .daftar_tanda_tangan(&pelaku, u.0.instansi_id, f, h)
        .await
        .map_err(WebError::json)?;
    Ok(Json(HalamanTtdDto {
        items: v.iter().map(Into::into).collect(),
        total,
        halaman: h.nomor,
        ukuran: h.ukuran,
    }))
}

/// One signature: the record, the roster of a representative signature, its witnesses.
#[utoipa::path(get, path = "/api/v1/tanda-tangan/{id}", operation_id = "getSignature", tag = "tanda-tangan",
    params(("id" = i64, Path, description = "Signature id")),
    responses((status = 200, body = TtdDetailDto), (status = 404, body = GalatDto), (status = 403, body = GalatDto)))]
async fn detail_ttd_json(
    State(s): State<AppState>,
    u: ApiUser,
    Path(id): Path<i64>,
) -> Result<Json<TtdDetailDto>, WebError> {
    let (t, saksi) = detail_ttd(&s, &u.pelaku(), u.0.instansi_id, TandaTanganId(id))
        .await
        .map_err(WebError::json)?;
    Ok(Json(TtdDetailDto::dari(&t, &saksi)))
}

/// A file download response.
pub(crate) fn unduhan(jenis: &'static str, nama_file: &str, isi: Vec<u8>) -> Response {
    (
        [
            (header::CONTENT_TYPE, jenis.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{nama_file}\""),
            ),
        ],
        isi,
    )
        .into_response()
}

pub(crate) const PDF: &str = "application/pdf";
pub(crate) const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// The signature's pact PDF (with the QR of its public check).
#[utoipa::path(get, path = "/api/v1/tanda-tangan/{id}/pdf", operation_id = "getSignaturePdf", tag = "tanda-tangan",
    params(("id" = i64, Path, description = "Signature id")),
    responses((status = 200, content_type = "application/pdf", body = Vec<u8>), (status = 404, body = GalatDto)))]
async fn pdf_ttd(
    State(s): State<AppState>,
    u: ApiUser,
    Path(id): Path<i64>,
) -> Result<Response, WebError> {
    let inst = s.app.instansi_user(&u.0).await.map_err(WebError::json)?;
    let isi = s
        .app
        .pdf_tanda_tangan(&u.pelaku(), &inst, TandaTanganId(id))
        .await
        .map_err(WebError::json)?;
    Ok(unduhan(PDF, &format!("pakta-{id}.pdf"), isi))
}

/// Multipart fields of a paper signature.
#[derive(ToSchema)]
#[allow(dead_code)] // documents the form
pub struct KertasForm {
    kampanye_id: i64,
    /// The employee by id …
    pegawai_id: Option<i64>,
    /// … or by NIP / NI PPPK.
    pegawai_nip: Option<String>,
    /// Date written on the sheet, `YYYY-MM-DD`; default today.
    tanggal: Option<String>,
    /// The scan: PDF, PNG or JPEG, at most 10 MB.
    #[schema(value_type = String, format = Binary)]
    berkas: Vec<u8>,
}

/// Records a wet-ink signature from its scan (method KERTAS_PINDAI); the scan is hashed
/// and kept.
#[utoipa::path(post, path = "/api/v1/tanda-tangan/kertas", operation_id = "recordPaperSignature", tag = "tanda-tangan",
    request_body(content = KertasForm, content_type = "multipart/form-data"),
    responses((status = 201, body = TtdDicatatDto), (status = 422, body = GalatDto),
        (status = 409, body = GalatDto), (status = 403, body = GalatDto)))]
async fn kertas(
    State(s): State<AppState>,
    u: ApiUser,
    mp: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    rekam_lewat_api(&s, &u, mp, false).await
}

/// Multipart fields of a paper intake batch.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct KertasBatchForm {
    kampanye_id: i64,
    /// Date written on the sheets, `YYYY-MM-DD`; default today.
    tanggal: Option<String>,
    /// Repeated: the employee of the n-th `berkas`.
    pegawai_id: Vec<i64>,
    /// Repeated: the n-th scan (PDF, PNG or JPEG, at most 10 MB each, 200 MB in all).
    #[schema(value_type = Vec<String>, format = Binary)]
    berkas: Vec<Vec<u8>>,
}

/// One scan of a batch: its signature, or why the store refused it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HasilKertasDto {
    pub pegawai_id: i64,
    pub berkas: String,
    /// SHA-256 of the scan, lowercase hex (the record's `bukti_hash`).
    pub hash: String,
    pub ttd: Option<TtdDicatatDto>,
    pub galat: Option<String>,
}

/// A paper intake batch, row by row in input order.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HasilKertasBatchDto {
    pub tercatat: usize,
    pub ditolak: usize,
    pub hasil: Vec<HasilKertasDto>,
}

/// Records many wet-ink signatures from their scans (method KERTAS_PINDAI): the n-th
/// `pegawai_id` signed the n-th `berkas`. Every row is checked first (employee in scope, not
/// signed, not twice; scan type, size, not twice); any wrong row → 422 and nothing is
/// written. The rows are then written in one transaction with a savepoint each: 201 when all
/// were recorded; 409 when the store refused some (e.g. signed meanwhile) — the body says
/// which rows were recorded and which not.
#[utoipa::path(post, path = "/api/v1/tanda-tangan/kertas/batch", operation_id = "recordPaperSignatureBatch", tag = "tanda-tangan",
    request_body(content = KertasBatchForm, content_type = "multipart/form-data"),
    responses((status = 201, body = HasilKertasBatchDto), (status = 409, body = HasilKertasBatchDto),
        (status = 422, body = GalatDto), (status = 403, body = GalatDto)))]
async fn kertas_batch(
    State(s): State<AppState>,
    u: ApiUser,
    mp: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    let mp = multipart_sah(mp)?;
    let (isian, berkas) = crate::halaman_pakta::kertas_unit::baca_unggahan(mp)
        .await
        .map_err(WebError::json)?;
    let kampanye = kampanye_isian(&isian).map_err(WebError::json)?;
    let tgl = tanggal_kertas(&s, &isian).map_err(WebError::json)?;
    let pegawai = isian
        .semua("pegawai_id")
        .iter()
        .map(|p| angka::<i64>(p, "pegawai_id").map(PegawaiId))
        .collect::<Hasil<Vec<_>>>()
        .map_err(WebError::json)?;
    let berkas: Vec<BerkasMasuk> = berkas
        .into_iter()
        .filter(|(n, _)| n == "berkas")
        .map(|(_, b)| b)
        .collect();
    if pegawai.len() != berkas.len() {
        return Err(WebError::json(masukan(format!(
            "jumlah pegawai_id ({}) harus sama dengan jumlah berkas ({})",
            pegawai.len(),
            berkas.len()
        ))));
    }
    let hasil = s
        .app
        .ttd_kertas_banyak_rinci(
            &u.pelaku(),
            u.0.instansi_id,
            kampanye,
            pegawai.into_iter().zip(berkas).collect(),
            tgl,
        )
        .await
        .map_err(WebError::json)?;
    let hasil: Vec<HasilKertasDto> = hasil
        .into_iter()
        .map(|h| {
            let (ttd, galat) = match h.hasil {
                Ok(t) => (Some(TtdDicatatDto::dari(&s, &t)), None),
                Err(e) => (None, Some(e)),
            };
            HasilKertasDto {
                pegawai_id: h.pegawai_id.0,
                berkas: h.berkas,
                hash: h.hash,
                ttd,
                galat,
            }
        })
        .collect();
    let tercatat = hasil.iter().filter(|h| h.ttd.is_some()).count();
    let ditolak = hasil.len() - tercatat;
    let status = if ditolak == 0 {
        StatusCode::CREATED
    } else {
        StatusCode::CONFLICT
    };
    Ok((
        status,
        Json(HasilKertasBatchDto {
            tercatat,
            ditolak,
            hasil,
        }),
    )
        .into_response())
}

/// Paper intake or a representative signature from a multipart API call.
async fn rekam_lewat_api(
    s: &AppState,
    u: &ApiUser,
    mp: Result<Multipart, MultipartRejection>,
    perwakilan: bool,
) -> Result<Response, WebError> {
    let mp = multipart_sah(mp)?;
    let f = baca_multipart(mp).await.map_err(WebError::json)?;
    let t = if perwakilan {
        rekam_perwakilan(s, &u.0, f).await
    } else {
        rekam_kertas(s, &u.0, f).await
    }
    .map_err(WebError::json)?;
    Ok((StatusCode::CREATED, Json(TtdDicatatDto::dari(s, &t))).into_response())
}

/// Multipart fields of a representative signature.
#[derive(ToSchema)]
#[allow(dead_code)] // documents the form
pub struct PerwakilanForm {
    kampanye_id: i64,
    /// The official signing "atas nama", by id or NIP.
    penanda_id: Option<i64>,
    penanda_nip: Option<String>,
    /// Employee ids represented (repeat the field).
    mewakili: Vec<i64>,
    /// NIPs represented, one per line (in addition to `mewakili`).
    mewakili_nip: Option<String>,
    tempat: Option<String>,
    /// Optional mandate letter (PDF, PNG or JPEG).
    #[schema(value_type = Option<String>, format = Binary)]
    mandat: Option<Vec<u8>>,
}

/// Records a representative signature over an explicit roster (method PERWAKILAN); the
/// record states it is not each person's own consent.
#[utoipa::path(post, path = "/api/v1/tanda-tangan/perwakilan", operation_id = "recordPerwakilan", tag = "tanda-tangan",
    request_body(content = PerwakilanForm, content_type = "multipart/form-data"),
    responses((status = 201, body = TtdDicatatDto), (status = 422, body = GalatDto),
        (status = 409, body = GalatDto), (status = 403, body = GalatDto)))]
async fn perwakilan(
    State(s): State<AppState>,
    u: ApiUser,
    mp: Result<Multipart, MultipartRejection>,
) -> Result<Response, WebError> {
    rekam_lewat_api(&s, &u, mp, true).await
}

/// A witness statement.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct SaksiMasuk {
    pub nama: String,
    pub jabatan: String,
    /// The witness's office, e.g. "Kodim 0413/Bangka".
    pub instansi: Option<String>,
    /// When the witness is an employee of this Pemda.
    pub pegawai_id: Option<i64>,
    /// How the witness signed the statement; default KERTAS_PINDAI.
    pub metode: Option<String>,
    pub lokasi: Option<String>,
}

pub(crate) async fn rekam_saksi(
    s: &AppState,
    pelaku: &Pelaku,
    instansi: InstansiId,
    id: TandaTanganId,
    m: &SaksiMasuk,
) -> Hasil<PernyataanSaksiTersimpan> {
    let metode = match kosong(m.metode.as_deref()) {
        Some(x) => kode(x, "metode", MetodeTandaTangan::parse)?,
        None => MetodeTandaTangan::KertasPindai,
    };
    if kosong(Some(&m.jabatan)).is_none() {
        return Err(masukan("jabatan saksi wajib diisi"));
    }
    s.app
        .catat_saksi(
            pelaku,
            instansi,
            id,
            Saksi {
                nama: m.nama.clone(),
                jabatan: m.jabatan.clone(),
                instansi: kosong(m.instansi.as_deref()).map(str::to_string),
                pegawai_id: m.pegawai_id.map(PegawaiId),
            },
            metode,
            kosong(m.lokasi.as_deref()).map(str::to_string),
        )
        .await
}

/// Records a witness statement naming the signature's leaf; it becomes its own leaf.
#[utoipa::path(post, path = "/api/v1/tanda-tangan/{id}/saksi", operation_id = "recordSaksi", tag = "tanda-tangan",
    params(("id" = i64, Path, description = "Signature id")),
    request_body = SaksiMasuk,
    responses((status = 201, body = SaksiDto), (status = 404, body = GalatDto),
        (status = 409, body = GalatDto), (status = 422, body = GalatDto), (status = 403, body = GalatDto)))]
async fn saksi(
    State(s): State<AppState>,
    u: ApiUser,
    Path(id): Path<i64>,
    m: Result<Json<SaksiMasuk>, JsonRejection>,
) -> Result<Response, WebError> {
    let m = isi_json(m)?;
    let p = rekam_saksi(&s, &u.pelaku(), u.0.instansi_id, TandaTanganId(id), &m)
        .await
        .map_err(WebError::json)?;
    Ok((StatusCode::CREATED, Json(SaksiDto::from(&p))).into_response())
}

/// A revocation.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct BatalMasuk {
    /// Why (at least 10 characters); kept in the record and the log.
    pub alasan: String,
}

/// Revokes a signature with a reason; it stays in the record, marked revoked, and the
/// revocation is a log leaf.
#[utoipa::path(post, path = "/api/v1/tanda-tangan/{id}/batal", operation_id = "revokeSignature", tag = "tanda-tangan",
    params(("id" = i64, Path, description = "Signature id")),
    request_body = BatalMasuk,
    responses((status = 200, body = TtdDto), (status = 404, body = GalatDto),
        (status = 422, body = GalatDto), (status = 403, body = GalatDto)))]
async fn batal(
    State(s): State<AppState>,
    u: ApiUser,
    Path(id): Path<i64>,
    m: Result<Json<BatalMasuk>, JsonRejection>,
) -> Result<Json<TtdDto>, WebError> {
    let m = isi_json(m)?;
    let t = s
        .app
        .batalkan_ttd(&u.pelaku(), u.0.instansi_id, TandaTanganId(id), &m.alasan)
        .await
        .map_err(WebError::json)?;
    Ok(Json((&t).into()))
}

// --- progress, reminders, exports -----------------------------------------------------------

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AngkaDto {
    pub wajib: u64,
    pub sudah: u64,
    pub belum: u64,
    /// Share signed, 0–100 with one decimal.
    pub persen: f64,
}

impl From<RekapAngka> for AngkaDto {
    fn from(a: RekapAngka) -> Self {
        AngkaDto {
            wajib: a.wajib,
            sudah: a.sudah,
            belum: a.belum(),
            persen: a.permil() as f64 / 10.0,
        }
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TahapProgresDto {
    pub nama: String,
    pub sifat: String,
    pub tenggat: Option<String>,
    pub angka: AngkaDto,
    pub selesai: bool,
    /// Past its deadline and not complete.
    pub terlambat: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnitProgresDto {
    pub id: i64,
    pub nama: String,
    pub angka: AngkaDto,
    pub punya_anak: bool,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JumlahDto {
    pub kunci: String,
    pub jumlah: u64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgresDto {
    pub kampanye_id: i64,
    pub nama: String,
    pub unit: Option<i64>,
    /// Breadcrumbs from the top unit down to `unit`.
    pub jalur: Vec<UnitProgresDto>,
    pub total: AngkaDto,
    pub tahap: Vec<TahapProgresDto>,
    /// Units directly below `unit`, each over its subtree.
    pub anak: Vec<UnitProgresDto>,
    /// Employees placed directly in `unit`.
    pub langsung: AngkaDto,
    /// Active signatures by UTC hour.
    pub per_jam: Vec<JumlahDto>,
    /// Active signatures by method.
    pub per_metode: Vec<JumlahDto>,
    pub tidak_wajib: u64,
    pub waktu: String,
}

impl From<&TampilanProgres> for ProgresDto {
    fn from(p: &TampilanProgres) -> Self {
        let unit = |id: UnitId, nama: &str, angka: RekapAngka, punya_anak| UnitProgresDto {
            id: id.0,
            nama: nama.to_string(),
            angka: angka.into(),
            punya_anak,
        };
        ProgresDto {
            kampanye_id: p.kampanye.id.0,
            nama: p.kampanye.nama.clone(),
            unit: p.unit.map(|u| u.0),
            jalur: p
                .jalur
                .iter()
                .map(|(id, n)| unit(*id, n, RekapAngka::default(), true))
                .collect(),
            total: p.total.into(),
            tahap: p
                .tahap
                .iter()
                .map(|t| TahapProgresDto {
                    nama: t.nama.clone(),
                    sifat: t.sifat.kode().into(),
                    tenggat: t.tenggat.map(|w| w.to_rfc3339()),
                    angka: t.angka.into(),
                    selesai: t.selesai,
                    terlambat: t.terlambat,
                })
                .collect(),
            anak: p
                .anak
                .iter()
                .map(|a| unit(a.id, &a.nama, a.angka, a.punya_anak))
                .collect(),
            langsung: p.langsung.into(),
            per_jam: p
                .per_jam
                .iter()
                .map(|(w, n)| JumlahDto {
                    kunci: w.to_rfc3339(),
                    jumlah: *n,
                })
                .collect(),
            per_metode: p
                .per_metode
                .iter()
                .map(|(m, n)| JumlahDto {
                    kunci: m.kode().into(),
                    jumlah: *n,
                })
                .collect(),
            tidak_wajib: p.tidak_wajib,
            waktu: p.waktu.to_rfc3339(),
        }
    }
}

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ParamUnit {
    /// A unit: its subtree only (default the whole instansi, or the caller's own unit).
    pub unit: Option<String>,
}

impl ParamUnit {
    pub(crate) fn unit(&self) -> Hasil<Option<UnitId>> {
        kosong(self.unit.as_deref())
            .map(|u| angka::<i64>(u, "unit").map(UnitId))
            .transpose()
    }
}

/// Campaign progress by stage and unit, with drill-down (`unit`), per hour and per method.
#[utoipa::path(get, path = "/api/v1/kampanye/{id}/progres", operation_id = "getProgress", tag = "pakta",
    params(("id" = i64, Path, description = "Campaign id"), ParamUnit),
    responses((status = 200, body = ProgresDto), (status = 404, body = GalatDto), (status = 403, body = GalatDto)))]
async fn progres(
    State(s): State<AppState>,
    u: ApiUser,
    Path(id): Path<i64>,
    Query(p): Query<ParamUnit>,
) -> Result<Json<ProgresDto>, WebError> {
    let unit = p.unit().map_err(WebError::json)?;
    let inst = s.app.instansi_user(&u.0).await.map_err(WebError::json)?;
    let t = s
        .app
        .progres(&u.pelaku(), &inst, KampanyeId(id), unit)
        .await
        .map_err(WebError::json)?;
    Ok(Json((&t).into()))
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PengingatDto {
    /// Reminders queued in the outbox.
    pub diantrekan: u64,
}

/// Queues reminders to everyone in scope who may sign now and has not (rate-limited per
/// campaign and unit; audit-logged).
#[utoipa::path(post, path = "/api/v1/kampanye/{id}/pengingat", operation_id = "sendReminders", tag = "pakta",
    params(("id" = i64, Path, description = "Campaign id"), ParamUnit),
    responses((status = 200, body = PengingatDto), (status = 409, body = GalatDto), (status = 403, body = GalatDto)))]
async fn pengingat(
    State(s): State<AppState>,
    u: ApiUser,
    Path(id): Path<i64>,
    Query(p): Query<ParamUnit>,
) -> Result<Json<PengingatDto>, WebError> {
    let unit = p.unit().map_err(WebError::json)?;
    let inst = s.app.instansi_user(&u.0).await.map_err(WebError::json)?;
    let n = s
        .app
        .kirim_pengingat(&u.pelaku(), &inst, KampanyeId(id), unit)
        .await
        .map_err(WebError::json)?;
    Ok(Json(PengingatDto { diantrekan: n }))
}

/// Who is asked to sign and has not (revoked included), as XLSX.
#[utoipa::path(get, path = "/api/v1/kampanye/{id}/belum.xlsx", operation_id = "exportNonSigners", tag = "pakta",
    params(("id" = i64, Path, description = "Campaign id"), ParamUnit),
    responses((status = 200, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", body = Vec<u8>),
        (status = 404, body = GalatDto), (status = 403, body = GalatDto)))]
async fn belum_xlsx(
    State(s): State<AppState>,
    u: ApiUser,
    Path(id): Path<i64>,
    Query(p): Query<ParamUnit>,
) -> Result<Response, WebError> {
    let unit = p.unit().map_err(WebError::json)?;
    let inst = s.app.instansi_user(&u.0).await.map_err(WebError::json)?;
    let isi = s
        .app
        .belum_tanda_tangan_xlsx(&u.pelaku(), &inst, KampanyeId(id), unit)
        .await
        .map_err(WebError::json)?;
    Ok(unduhan(XLSX, &format!("belum-tanda-tangan-{id}.xlsx"), isi))
}

// --- ikrar --------------------------------------------------------------------------------

/// A collective pledge or declaration event.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct IkrarMasuk {
    /// IKRAR, DEKLARASI or APEL.
    pub jenis: String,
    pub nama: String,
    /// `YYYY-MM-DD`.
    pub tanggal: String,
    pub lokasi: Option<String>,
    pub pemilihan_id: Option<i64>,
    /// The text recited, if written down (its SHA-256 is kept).
    pub teks: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct IkrarDto {
    pub id: i64,
    pub jenis: String,
    pub nama: String,
    pub tanggal: String,
    pub lokasi: Option<String>,
    pub pemilihan_id: Option<i64>,
    pub hash_teks: Option<String>,
}

impl From<&AcaraIkrar> for IkrarDto {
    fn from(a: &AcaraIkrar) -> Self {
        IkrarDto {
            id: a.id.0,
            jenis: a.jenis.kode().into(),
            nama: a.nama.clone(),
            tanggal: a.tanggal.to_string(),
            lokasi: a.lokasi.clone(),
            pemilihan_id: a.pemilihan_id.map(|p| p.0),
            hash_teks: a.hash_teks.as_ref().map(|h| h.to_string()),
        }
    }
}

pub(crate) async fn buat_ikrar_dari(
    s: &AppState,
    pelaku: &Pelaku,
    instansi: InstansiId,
    m: &IkrarMasuk,
) -> Hasil<AcaraIkrar> {
    let baru = AcaraIkrarBaru {
        instansi_id: instansi,
        pemilihan_id: m.pemilihan_id.map(PemilihanId),
        jenis: kode(&m.jenis, "jenis acara", JenisAcaraIkrar::parse)?,
        nama: m.nama.clone(),
        tanggal: tanggal(&m.tanggal, "tanggal acara")?,
        lokasi: kosong(m.lokasi.as_deref()).map(str::to_string),
        hash_teks: kosong(m.teks.as_deref()).map(|t| HashSha256::dari_bytes(t.as_bytes())),
    };
    s.app.buat_acara_ikrar(pelaku, baru).await
}

/// Creates an ikrar / deklarasi / apel event (attendance is not a signature).
#[utoipa::path(post, path = "/api/v1/ikrar", operation_id = "createIkrar", tag = "ikrar",
    request_body = IkrarMasuk,
    responses((status = 201, body = IkrarDto), (status = 422, body = GalatDto), (status = 403, body = GalatDto)))]
async fn buat_ikrar(
    State(s): State<AppState>,
    u: ApiUser,
    m: Result<Json<IkrarMasuk>, JsonRejection>,
) -> Result<Response, WebError> {
    let m = isi_json(m)?;
    let a = buat_ikrar_dari(&s, &u.pelaku(), u.0.instansi_id, &m)
        .await
        .map_err(WebError::json)?;
    Ok((StatusCode::CREATED, Json(IkrarDto::from(&a))).into_response())
}

/// The instansi's ikrar events.
#[utoipa::path(get, path = "/api/v1/ikrar", operation_id = "listIkrar", tag = "ikrar",
    responses((status = 200, body = [IkrarDto]), (status = 403, body = GalatDto)))]
async fn daftar_ikrar(
    State(s): State<AppState>,
    u: ApiUser,
) -> Result<Json<Vec<IkrarDto>>, WebError> {
    let v = s
        .app
        .daftar_acara_ikrar(&u.pelaku(), u.0.instansi_id)
        .await
        .map_err(WebError::json)?;
    Ok(Json(v.iter().map(Into::into).collect()))
}

/// An attendance list.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct HadirMasuk {
    /// One entry per person: a NIP / NI PPPK, or the text of the staff-card QR.
    pub masukan: Vec<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HasilHadirDto {
    pub masukan: String,
    pub pegawai_id: Option<i64>,
    pub galat: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LaporanHadirDto {
    /// New attendance rows (0 when any line failed: nothing is written then).
    pub dicatat: u64,
    pub hasil: Vec<HasilHadirDto>,
}

impl From<LaporanHadir> for LaporanHadirDto {
    fn from(l: LaporanHadir) -> Self {
        LaporanHadirDto {
            dicatat: l.dicatat,
            hasil: l
                .hasil
                .into_iter()
                .map(|h| HasilHadirDto {
                    masukan: h.masukan,
                    pegawai_id: h.pegawai_id.map(|p| p.0),
                    galat: h.galat,
                })
                .collect(),
        }
    }
}

/// Records attendance at an event: all lines valid and recorded, or 422 with the report
/// and nothing written. Someone already recorded is skipped.
#[utoipa::path(post, path = "/api/v1/ikrar/{id}/hadir", operation_id = "recordAttendance", tag = "ikrar",
    params(("id" = i64, Path, description = "Event id")),
    request_body = HadirMasuk,
    responses((status = 200, body = LaporanHadirDto), (status = 422, body = LaporanHadirDto),
        (status = 404, body = GalatDto), (status = 403, body = GalatDto)))]
async fn hadir(
    State(s): State<AppState>,
    u: ApiUser,
    Path(id): Path<i64>,
    m: Result<Json<HadirMasuk>, JsonRejection>,
) -> Result<Response, WebError> {
    let m = isi_json(m)?;
    let l = s
        .app
        .catat_hadir(&u.pelaku(), u.0.instansi_id, AcaraIkrarId(id), m.masukan)
        .await
        .map_err(WebError::json)?;
    let st = if l.hasil.iter().any(|h| h.galat.is_some()) {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    Ok((st, Json(LaporanHadirDto::from(l))).into_response())
}
