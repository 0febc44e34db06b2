//! Public verification of a log leaf, the page a phone opens from a pact's QR code:
//!
//! - `GET /v` — a form to paste a leaf hash (`?leaf_hash=` goes to `/v/{leaf_hash}`);
//! - `GET /v/{leaf_hash}` — the verdict in plain Indonesian (English with the language
//!   cookie), what was checked, the record, the checkpoint and witnesses, the technical
//!   details and how to verify without trusting this server; for a signature leaf also the
//!   pact, the masked signer, unit, time (WIB), method, whether it is still in force and
//!   the witness statements (each linking to its own `/v` page); for a witness statement
//!   or a revocation, the signature it is about (linked);
//! - `GET /api/v1/verify/{leaf_hash}` — the same as JSON (`verifyLeaf`).
//!
//! Both always answer **HTTP 200** with a verdict: an unknown, altered or malformed hash is
//! `valid: false` with a reason, never an error page. Only a server failure is an error.

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::get;
use chrono::{DateTime, FixedOffset, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use netral_app::AppError;
use netral_app::verifikasi::{
    HasilVerifikasi, PembatalanPublik, SaksiPublik, StatusTandaTangan, StatusVerifikasi,
    TandaTanganPublik,
};

use crate::AppState;
use crate::api::GalatDto;
use crate::galat::WebError;
use crate::i18n::Bahasa;

/// `/v` and `/v/{leaf_hash}` (merged into the root router).
pub fn rute() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/v", get(formulir))
        .route("/v/{leaf_hash}", get(halaman))
        .route(
            "/v/periksa-pdf",
            axum::routing::post(periksa_pdf)
                .layer(axum::extract::DefaultBodyLimit::max(BATAS_PDF + 64 * 1024)),
        )
}

/// `/verify/{leaf_hash}` (nested under `/api/v1`).
pub fn rute_api() -> axum::Router<AppState> {
    axum::Router::new().route("/verify/{leaf_hash}", get(verifikasi_json))
}

fn tanpa_cache(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

// --- page ---------------------------------------------------------------------------

/// One line of "what was checked".
pub struct BarisPeriksa {
    pub teks: &'static str,
    pub lulus: bool,
}

/// A witness as shown.
pub struct BarisSaksi {
    pub nama: String,
    pub key_id: String,
    pub waktu: String,
    /// `sah`, `tidak_sah` or `tidak_diperiksa`.
    pub keadaan: &'static str,
}

/// A witness statement as shown.
pub struct BarisPernyataan {
    pub nama: String,
    pub jabatan: String,
    pub instansi: String,
    pub waktu: String,
    pub lokasi: String,
    pub metode: &'static str,
    pub teks: String,
    pub hash_daun: String,
}

/// The signature a signature leaf attests, as shown (already masked by the application).
pub struct TtdTampil {
    pub aktif: bool,
    pub judul: String,
    pub pemda: String,
    pub templat: String,
    pub templat_hash: String,
    pub nama: String,
    pub nip: String,
    pub jenis_pegawai: String,
    pub unit: String,
    pub jabatan: String,
    pub waktu: String,
    pub waktu_utc: String,
    pub metode: &'static str,
    pub tempat: String,
    pub batal_waktu: String,
    pub batal_alasan: String,
    pub batal_hash: String,
    pub catatan_perwakilan: String,
    pub jumlah_diwakili: usize,
    pub saksi: Vec<BarisPernyataan>,
}

/// A revocation leaf as shown.
pub struct PencabutanTampil {
    pub hash_daun_ttd: String,
    pub waktu: String,
    pub alasan: String,
}

#[derive(Template)]
#[template(path = "verifikasi.html")]
pub struct HalamanVerifikasi {
    pub t: Bahasa,
    /// `false` on the bare form page (`/v`).
    pub ada_hasil: bool,
    pub kelas: &'static str,
    pub vonis: String,
    pub alasan: &'static str,
    pub leaf_hash: String,
    pub jenis: String,
    pub instansi: String,
    pub waktu: String,
    pub hash_isi: String,
    pub pengenal: String,
    pub ada_komitmen: bool,
    pub periksa: Vec<BarisPeriksa>,
    pub ukuran: String,
    pub akar: String,
    pub waktu_checkpoint: String,
    pub saksi: Vec<BarisSaksi>,
    pub ada_saksi_belum_diperiksa: bool,
    pub leaf_index: String,
    pub bukti: Vec<String>,
    pub checkpoint: String,
    pub origin: String,
    pub kode: String,
    /// The verdict on an uploaded PDF (`POST /v/periksa-pdf`), shown above the leaf's.
    pub pdf: Option<HasilPdf>,
    /// A signature leaf: the signature.
    pub ttd: Option<TtdTampil>,
    /// A witness-statement leaf: the statement; `ttd_hash` links to the signature.
    pub pernyataan: Option<BarisPernyataan>,
    pub pernyataan_ttd_hash: String,
    /// A revocation leaf: what it revoked.
    pub pencabutan: Option<PencabutanTampil>,
}

/// The verdict on an uploaded pact PDF.
pub struct HasilPdf {
    pub asli: bool,
    /// Reasons, in the page language where they are ours, in Indonesian from the checker.
    pub alasan: Vec<String>,
}

/// Times shown to people in WIB (UTC+7), the zone of most Pemda; the technical part and
/// the JSON carry UTC.
fn waktu_wib(w: Option<DateTime<Utc>>) -> String {
    let wib = FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap());
    w.map(|w| {
        w.with_timezone(&wib)
            .format("%d-%m-%Y %H:%M:%S WIB")
            .to_string()
    })
    .unwrap_or_default()
}

fn kunci_jenis(j: netral_domain::entri::JenisEntri) -> &'static str {
    use netral_domain::entri::JenisEntri::*;
    match j {
        TandaTangan => "v.jenis.tanda_tangan",
        PernyataanSaksi => "v.jenis.pernyataan_saksi",
        Pencabutan => "v.jenis.pencabutan",
        TandaTerimaLaporan => "v.jenis.tanda_terima_laporan",
        PeristiwaKasus => "v.jenis.peristiwa_kasus",
        Sanksi => "v.jenis.sanksi",
    }
}

fn kunci_periksa(kode: &str) -> &'static str {
    match kode {
        "hash_format" => "v.cek.hash_format",
        "leaf_found" => "v.cek.leaf_found",
        "entry_hash" => "v.cek.entry_hash",
        "entry_canonical" => "v.cek.entry_canonical",
        "checkpoint_covers" => "v.cek.checkpoint_covers",
        "checkpoint_signature" => "v.cek.checkpoint_signature",
        "record_matches" => "v.cek.record_matches",
        _ => "v.cek.inclusion_proof",
    }
}

fn kosong(t: Bahasa) -> HalamanVerifikasi {
    HalamanVerifikasi {
        t,
        ada_hasil: false,
        kelas: "",
        vonis: String::new(),
        alasan: "",
        leaf_hash: String::new(),
        jenis: String::new(),
        instansi: String::new(),
        waktu: String::new(),
        hash_isi: String::new(),
        pengenal: String::new(),
        ada_komitmen: false,
        periksa: Vec::new(),
        ukuran: String::new(),
        akar: String::new(),
        waktu_checkpoint: String::new(),
        saksi: Vec::new(),
        ada_saksi_belum_diperiksa: false,
        leaf_index: String::new(),
        bukti: Vec::new(),
        checkpoint: String::new(),
        origin: String::new(),
        kode: String::new(),
        pdf: None,
        ttd: None,
        pernyataan: None,
        pernyataan_ttd_hash: String::new(),
        pencabutan: None,
    }
}

fn label_metode(t: Bahasa, m: Option<netral_domain::pakta::MetodeTandaTangan>) -> &'static str {
    match m {
        Some(m) => t.x(&format!("v.metode.{}", m.kode())),
        None => "",
    }
}

fn baris_pernyataan(t: Bahasa, p: &SaksiPublik) -> BarisPernyataan {
    BarisPernyataan {
        nama: p.nama.clone(),
        jabatan: p.jabatan.clone(),
        instansi: p.instansi.clone().unwrap_or_default(),
        waktu: waktu_wib(Some(p.waktu)),
        lokasi: p.lokasi.clone().unwrap_or_default(),
        metode: label_metode(t, Some(p.metode)),
        teks: p.teks.clone(),
        hash_daun: p.hash_daun.clone(),
    }
}

fn ttd_tampil(t: Bahasa, d: &TandaTanganPublik) -> TtdTampil {
    let batal = d.pembatalan.as_ref();
    TtdTampil {
        aktif: d.status == StatusTandaTangan::Aktif,
        judul: d.judul.clone(),
        pemda: d.pemda.clone(),
        templat: format!("#{} v{}", d.templat_id, d.templat_versi),
        templat_hash: d.templat_hash.clone(),
        nama: d.nama_tersamar.clone(),
        nip: d.nip_tersamar.clone().unwrap_or_default(),
        jenis_pegawai: d.jenis_pegawai.clone(),
        unit: d.unit.clone().unwrap_or_default(),
        jabatan: d.jabatan.clone().unwrap_or_default(),
        waktu: waktu_wib(d.waktu),
        waktu_utc: rfc3339(d.waktu).unwrap_or_default(),
        metode: label_metode(t, d.metode),
        tempat: d.tempat.clone(),
        batal_waktu: waktu_wib(batal.map(|b| b.waktu)),
        batal_alasan: batal.map(|b| b.alasan.clone()).unwrap_or_default(),
        batal_hash: batal.and_then(|b| b.hash_daun.clone()).unwrap_or_default(),
        catatan_perwakilan: d
            .catatan_perwakilan
            .map(|_| t.x("v.ttd.catatan_perwakilan").to_string())
            .unwrap_or_default(),
        jumlah_diwakili: d.jumlah_diwakili,
        saksi: d.saksi.iter().map(|p| baris_pernyataan(t, p)).collect(),
    }
}

fn isi_halaman(t: Bahasa, h: &HasilVerifikasi) -> HalamanVerifikasi {
    let nama = h.instansi_nama.clone().unwrap_or_default();
    let (kelas, vonis, alasan) = match h.status {
        StatusVerifikasi::Asli => (
            "vonis-asli",
            format!("{} {nama} {}", t.x("v.asli"), t.x("v.asli.2")),
            "v.alasan.asli",
        ),
        StatusVerifikasi::MenungguCheckpoint => (
            "vonis-tunggu",
            t.x("v.tunggu").to_string(),
            "v.alasan.tunggu",
        ),
        StatusVerifikasi::TidakDitemukan => (
            "vonis-tidak",
            t.x("v.tidak").to_string(),
            "v.alasan.tidak_ditemukan",
        ),
        StatusVerifikasi::TidakValid => (
            "vonis-tidak",
            t.x("v.tidak").to_string(),
            "v.alasan.tidak_valid",
        ),
        StatusVerifikasi::Gagal => ("vonis-tidak", t.x("v.tidak").to_string(), "v.alasan.gagal"),
    };
    // A signature that is genuine but revoked is never shown as green "in force".
    let dibatalkan = h
        .tanda_tangan
        .as_ref()
        .is_some_and(|d| d.status == StatusTandaTangan::Dibatalkan);
    let (kelas, vonis, alasan) = if h.valid && dibatalkan {
        (
            "vonis-tidak vonis-batal",
            t.x("v.batal").to_string(),
            "v.alasan.batal",
        )
    } else if h.status == StatusVerifikasi::Gagal
        && h.pemeriksaan
            .iter()
            .any(|c| c.kode == "record_matches" && !c.lulus)
    {
        (kelas, vonis, "v.alasan.rekaman")
    } else {
        (kelas, vonis, alasan)
    };
    let mut p = kosong(t);
    p.ada_hasil = true;
    p.kelas = kelas;
    p.vonis = vonis;
    p.alasan = t.x(alasan);
    p.leaf_hash = h.leaf_hash.clone().unwrap_or_default();
    if let Some(e) = &h.entri {
        p.jenis = t.x(kunci_jenis(e.jenis)).to_string();
        p.waktu = waktu_wib(e.waktu);
        p.hash_isi = e.hash_isi.clone();
        p.pengenal = e.pengenal.join(" · ");
        p.ada_komitmen = e.ada_komitmen;
    }
    p.instansi = match (&h.instansi_nama, &h.instansi_kode) {
        (Some(n), Some(k)) => format!("{n} ({k})"),
        _ => String::new(),
    };
    p.periksa = h
        .pemeriksaan
        .iter()
        .map(|c| BarisPeriksa {
            teks: t.x(kunci_periksa(c.kode)),
            lulus: c.lulus,
        })
        .collect();
    p.ukuran = h.tree_size.map(|u| u.to_string()).unwrap_or_default();
    p.akar = h.akar.clone().unwrap_or_default();
    p.waktu_checkpoint = waktu_wib(h.waktu_checkpoint);
    p.saksi = h
        .kosignatur
        .iter()
        .map(|k| BarisSaksi {
            nama: k.nama.clone(),
            key_id: k.key_id.clone(),
            waktu: waktu_wib(k.waktu),
            keadaan: match (k.diperiksa, k.sah) {
                (true, true) => "sah",
                (true, false) => "tidak_sah",
                _ => "tidak_diperiksa",
            },
        })
        .collect();
    p.ada_saksi_belum_diperiksa = h.kosignatur.iter().any(|k| !k.diperiksa);
    p.leaf_index = h.leaf_index.map(|i| i.to_string()).unwrap_or_default();
    p.bukti = h.inclusion_proof.clone();
    p.checkpoint = h.checkpoint.clone().unwrap_or_default();
    p.origin = h.origin.clone().unwrap_or_default();
    p.kode = h.instansi_kode.clone().unwrap_or_default();
    p.ttd = h.tanda_tangan.as_ref().map(|d| ttd_tampil(t, d));
    if let Some(ps) = &h.pernyataan_saksi {
        p.pernyataan = Some(baris_pernyataan(t, &ps.saksi));
        p.pernyataan_ttd_hash = ps.hash_daun_ttd.clone();
    }
    p.pencabutan = h.pencabutan.as_ref().map(|c| PencabutanTampil {
        hash_daun_ttd: c.hash_daun_ttd.clone(),
        waktu: waktu_wib(Some(c.waktu)),
        alasan: c.alasan.clone(),
    });
    p
}

fn render(p: &HalamanVerifikasi) -> Response {
    match p.render() {
        Ok(html) => tanpa_cache(Html(html).into_response()),
        Err(e) => WebError::html(AppError::Internal(format!("template: {e}")), p.t).into_response(),
    }
}

#[derive(Debug, Deserialize)]
pub struct ParamFormulir {
    pub leaf_hash: Option<String>,
}

/// `/v`: the form; with `?leaf_hash=` the verdict for it.
async fn formulir(
    State(s): State<AppState>,
    bahasa: Bahasa,
    Query(q): Query<ParamFormulir>,
) -> Response {
    match q.leaf_hash.as_deref().map(str::trim) {
        None | Some("") => render(&kosong(bahasa)),
        Some(h) if h.len() <= 128 && h.bytes().all(|b| b.is_ascii_alphanumeric()) => {
            Redirect::to(&format!("/v/{h}")).into_response()
        }
        Some(h) => halaman(State(s), bahasa, Path(h.to_string())).await,
    }
}

/// `/v/{leaf_hash}`: the verdict page.
async fn halaman(
    State(s): State<AppState>,
    bahasa: Bahasa,
    Path(leaf_hash): Path<String>,
) -> Response {
    match s.app.verifikasi_daun(&leaf_hash).await {
        Ok(h) => render(&isi_halaman(bahasa, &h)),
        Err(e) => WebError::html(e, bahasa).into_response(),
    }
}

// --- uploaded PDF -------------------------------------------------------------------

/// Largest PDF accepted for checking (a pact PDF is well under 1 MB).
pub const BATAS_PDF: usize = 16 * 1024 * 1024;

/// `POST /v/periksa-pdf` (multipart, field `pdf`): checks an uploaded pact PDF offline
/// (embedded record, proof bundle, byte-identical re-rendering) and then its leaf as
/// `/v/{leaf_hash}` does. Always 200 with a verdict: a damaged or foreign file is "TIDAK
/// ASLI" with the reason, never an error page. Read-only, so no CSRF token is needed.
async fn periksa_pdf(
    State(s): State<AppState>,
    bahasa: Bahasa,
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Response {
    let t = bahasa;
    let tidak = |alasan: String| {
        let mut p = kosong(t);
        p.pdf = Some(HasilPdf {
            asli: false,
            alasan: vec![alasan],
        });
        render(&p)
    };
    let isi = match multipart {
        Ok(m) => baca_berkas_pdf(m).await,
        Err(_) => None,
    };
    let Some(isi) = isi else {
        return tidak(t.x("vp.tanpa_berkas").to_string());
    };
    let terperiksa = match netral_dokumen::rekaman::periksa_pdf(&isi) {
        Ok(p) => p,
        Err(e) => return tidak(e.to_string()),
    };
    let hash = hex::encode(terperiksa.hash_daun);
    let h = match s.app.verifikasi_daun(&hash).await {
        Ok(h) => h,
        Err(e) => return WebError::html(e, bahasa).into_response(),
    };
    let mut alasan = vec![t.x("vp.isi_utuh").to_string()];
    let instansi_cocok =
        h.instansi_kode.as_deref() == Some(terperiksa.rekaman.instansi_kode.as_str());
    if !h.valid {
        alasan.push(h.alasan.clone());
    } else if !instansi_cocok {
        alasan.push(t.x("vp.instansi_beda").to_string());
    } else {
        alasan.push(t.x("vp.tercatat").to_string());
    }
    let mut p = isi_halaman(bahasa, &h);
    p.pdf = Some(HasilPdf {
        asli: h.valid && instansi_cocok,
        alasan,
    });
    render(&p)
}

/// The bytes of the `pdf` field, `None` when absent, empty, unreadable or too large.
async fn baca_berkas_pdf(mut m: axum::extract::Multipart) -> Option<Vec<u8>> {
    while let Ok(Some(mut field)) = m.next_field().await {
        if field.name() != Some("pdf") {
            continue;
        }
        let mut isi = Vec::new();
        loop {
            match field.chunk().await {
                Ok(Some(potong)) if isi.len() + potong.len() <= BATAS_PDF => {
                    isi.extend_from_slice(&potong)
                }
                Ok(None) => break,
                _ => return None,
            }
        }
        return (!isi.is_empty()).then_some(isi);
    }
    None
}

// --- JSON ---------------------------------------------------------------------------

/// The record a leaf attests. No personal data: a person appears only as a salted
/// commitment, reported as present or absent.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct EntriDto {
    /// `tanda_tangan`, `pernyataan_saksi`, `pencabutan`, `tanda_terima_laporan`,
    /// `peristiwa_kasus` or `sanksi`.
    pub kind: String,
    /// Kode wilayah of the instansi, e.g. `19.71`.
    pub instansi: String,
    /// Record time, RFC 3339 UTC.
    pub time: Option<String>,
    pub time_ms: u64,
    /// SHA-256 of the attested content (e.g. the pact PDF), hex.
    pub content_hash: String,
    /// The record's ids (meaning defined by the kind).
    pub ids: Vec<String>,
    pub has_commitment: bool,
}

/// One check performed, in order.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PemeriksaanDto {
    /// `hash_format`, `leaf_found`, `entry_hash`, `entry_canonical`, `checkpoint_covers`,
    /// `checkpoint_signature`, `inclusion_proof`, `record_matches` (the stored signature,
    /// witness statement or revocation hashes to the entry's content hash). Witness
    /// cosignatures are listed in `cosignatures`, not here.
    pub check: String,
    pub passed: bool,
}

/// A witness cosignature stored with the checkpoint.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct KosignaturDto {
    /// Witness key name.
    pub name: String,
    /// Key id, 8 hex digits.
    pub key_id: String,
    /// The cosignature timestamp, RFC 3339 UTC.
    pub time: Option<String>,
    /// Whether this server checked the signature: only for witnesses it knows the key of
    /// (`--witness URL=VKEY`); check the others yourself with the witness vkey, e.g.
    /// `netral verify --policy`.
    pub checked: bool,
    /// Whether it verified (meaningful only when `checked`).
    pub valid: bool,
}

/// A witness statement about a signature. The witness acts in an official capacity and is
/// named in full.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PernyataanSaksiDto {
    pub name: String,
    pub position: String,
    pub office: Option<String>,
    /// RFC 3339 UTC.
    pub time: String,
    pub place: Option<String>,
    /// `DARING_OTP`, `KIOSK`, `KERTAS_PINDAI`, `PERWAKILAN` or `TTE_BSRE`.
    pub method: String,
    /// The statement the witness confirmed (Indonesian), naming the signature's leaf hash.
    pub text: String,
    /// The statement's own leaf hash (verify it at `/api/v1/verify/{leaf_hash}`).
    pub leaf_hash: String,
}

/// A revocation of a signature.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PembatalanTerverifikasiDto {
    /// RFC 3339 UTC.
    pub time: String,
    pub reason: String,
    /// The revocation's own leaf hash, when logged.
    pub leaf_hash: Option<String>,
}

/// The signature a signature leaf attests, from the stored record whose SHA-256 was checked
/// against the entry's content hash. Personal data is masked: name after each word's first
/// letter, NIP showing only its first and last four digits; never NIK or contact details.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TandaTanganTerverifikasiDto {
    /// `AKTIF` (in force) or `DIBATALKAN` (revoked: genuine in the log, no longer in force).
    pub status: String,
    pub revocation: Option<PembatalanTerverifikasiDto>,
    /// Pact title.
    pub pact_title: String,
    /// SHA-256 of the pact text as signed, hex.
    pub template_hash: String,
    pub template_id: u64,
    pub template_version: u32,
    pub campaign_id: Option<u64>,
    /// The Pemda as printed on the pact.
    pub pemda: String,
    /// e.g. `S*** A*****`.
    pub signer_name_masked: String,
    /// e.g. `1990**********2002`; absent for non-ASN.
    pub nip_masked: Option<String>,
    /// e.g. `PNS`, `PPPK`.
    pub employment_type: String,
    pub unit: Option<String>,
    pub position: Option<String>,
    /// Signing time, RFC 3339 UTC.
    pub time: Option<String>,
    /// `DARING_OTP`, `KIOSK`, `KERTAS_PINDAI`, `PERWAKILAN` or `TTE_BSRE`.
    pub method: Option<String>,
    /// The method in Indonesian.
    pub method_label: Option<String>,
    /// Place as printed.
    pub place: String,
    /// PERWAKILAN: what such a signature does and does not mean (Indonesian).
    pub representative_note: Option<String>,
    /// PERWAKILAN: how many people were signed for.
    pub represented_count: usize,
    pub witness_statements: Vec<PernyataanSaksiDto>,
}

/// A witness-statement leaf: the statement and the signature it witnesses.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PernyataanDto {
    pub statement: PernyataanSaksiDto,
    /// The witnessed signature's leaf hash.
    pub signature_leaf_hash: String,
}

/// A revocation leaf: the signature it revoked and why.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct PencabutanDto {
    /// The revoked signature's leaf hash.
    pub signature_leaf_hash: String,
    /// RFC 3339 UTC.
    pub time: String,
    pub reason: String,
}

fn saksi_dto(p: SaksiPublik) -> PernyataanSaksiDto {
    PernyataanSaksiDto {
        name: p.nama,
        position: p.jabatan,
        office: p.instansi,
        time: rfc3339(Some(p.waktu)).unwrap_or_default(),
        place: p.lokasi,
        method: p.metode.kode().into(),
        text: p.teks,
        leaf_hash: p.hash_daun,
    }
}

fn pembatalan_dto(b: PembatalanPublik) -> PembatalanTerverifikasiDto {
    PembatalanTerverifikasiDto {
        time: rfc3339(Some(b.waktu)).unwrap_or_default(),
        reason: b.alasan,
        leaf_hash: b.hash_daun,
    }
}

impl From<TandaTanganPublik> for TandaTanganTerverifikasiDto {
    fn from(d: TandaTanganPublik) -> Self {
        TandaTanganTerverifikasiDto {
            status: d.status.kode().into(),
            revocation: d.pembatalan.map(pembatalan_dto),
            pact_title: d.judul,
            template_hash: d.templat_hash,
            template_id: d.templat_id,
            template_version: d.templat_versi,
            campaign_id: d.kampanye_id,
            pemda: d.pemda,
            signer_name_masked: d.nama_tersamar,
            nip_masked: d.nip_tersamar,
            employment_type: d.jenis_pegawai,
            unit: d.unit,
            position: d.jabatan,
            time: rfc3339(d.waktu),
            method: d.metode.map(|m| m.kode().into()),
            method_label: d.metode.map(|m| m.label().into()),
            place: d.tempat,
            representative_note: d.catatan_perwakilan.map(String::from),
            represented_count: d.jumlah_diwakili,
            witness_statements: d.saksi.into_iter().map(saksi_dto).collect(),
        }
    }
}

/// The verdict on one leaf hash. Always HTTP 200: `valid` says whether the record is
/// genuine (in the log, covered by a signed checkpoint, inclusion proof verified).
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct VerifikasiDto {
    pub valid: bool,
    /// `genuine`, `awaiting_checkpoint`, `not_found`, `malformed` or `check_failed`.
    pub status: String,
    /// Why, in Indonesian.
    pub reason: String,
    /// The leaf hash asked for, lowercase hex (absent when malformed).
    pub leaf_hash: Option<String>,
    /// The record's kind (as `entry.kind`), when the leaf was found.
    pub kind: Option<String>,
    pub entry: Option<EntriDto>,
    pub instansi_kode: Option<String>,
    pub instansi_nama: Option<String>,
    /// The log's origin.
    pub origin: Option<String>,
    pub leaf_index: Option<u64>,
    pub tree_size: Option<u64>,
    /// Root hash of the checkpoint, hex.
    pub root: Option<String>,
    /// When the checkpoint was signed, RFC 3339 UTC.
    pub checkpoint_time: Option<String>,
    /// The signed checkpoint note of `tree_size`, verbatim, with witness cosignatures.
    pub checkpoint: Option<String>,
    /// Audit path, hex, from the leaf's sibling up (RFC 6962 §2.1.1).
    pub inclusion_proof: Vec<String>,
    pub cosignatures: Vec<KosignaturDto>,
    pub checks: Vec<PemeriksaanDto>,
    /// A genuine signature leaf whose stored record matched: the signature, masked.
    pub tanda_tangan: Option<TandaTanganTerverifikasiDto>,
    /// A genuine witness-statement leaf: the statement.
    pub witness_statement: Option<PernyataanDto>,
    /// A genuine revocation leaf: what it revoked.
    pub revocation: Option<PencabutanDto>,
}

fn rfc3339(w: Option<DateTime<Utc>>) -> Option<String> {
    w.map(|w| w.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
}

impl From<HasilVerifikasi> for VerifikasiDto {
    fn from(h: HasilVerifikasi) -> Self {
        VerifikasiDto {
            valid: h.valid,
            status: h.status.kode().into(),
            reason: h.alasan,
            leaf_hash: h.leaf_hash,
            kind: h.entri.as_ref().map(|e| e.jenis.nama().to_string()),
            entry: h.entri.map(|e| EntriDto {
                kind: e.jenis.nama().into(),
                instansi: e.instansi_kode,
                time: rfc3339(e.waktu),
                time_ms: e.waktu_ms,
                content_hash: e.hash_isi,
                ids: e.pengenal,
                has_commitment: e.ada_komitmen,
            }),
            instansi_kode: h.instansi_kode,
            instansi_nama: h.instansi_nama,
            origin: h.origin,
            leaf_index: h.leaf_index,
            tree_size: h.tree_size,
            root: h.akar,
            checkpoint_time: rfc3339(h.waktu_checkpoint),
            checkpoint: h.checkpoint,
            inclusion_proof: h.inclusion_proof,
            cosignatures: h
                .kosignatur
                .into_iter()
                .map(|k| KosignaturDto {
                    name: k.nama,
                    key_id: k.key_id,
                    time: rfc3339(k.waktu),
                    checked: k.diperiksa,
                    valid: k.diperiksa && k.sah,
                })
                .collect(),
            checks: h
                .pemeriksaan
                .into_iter()
                .map(|c| PemeriksaanDto {
                    check: c.kode.into(),
                    passed: c.lulus,
                })
                .collect(),
            tanda_tangan: h.tanda_tangan.map(TandaTanganTerverifikasiDto::from),
            witness_statement: h.pernyataan_saksi.map(|p| PernyataanDto {
                statement: saksi_dto(p.saksi),
                signature_leaf_hash: p.hash_daun_ttd,
            }),
            revocation: h.pencabutan.map(|c| PencabutanDto {
                signature_leaf_hash: c.hash_daun_ttd,
                time: rfc3339(Some(c.waktu)).unwrap_or_default(),
                reason: c.alasan,
            }),
        }
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Path)]
pub struct ParamVerifikasi {
    /// Hex SHA-256 RFC 6962 leaf hash (`SHA-256(0x00 ‖ entry)`), as in the pact's QR code.
    pub leaf_hash: String,
}

/// Verifies a log leaf: is the record genuine? Public. Always 200 with `valid`; an unknown,
/// altered or malformed hash is `valid: false` with a `status` and `reason`.
#[utoipa::path(get, path = "/api/v1/verify/{leaf_hash}", operation_id = "verifyLeaf",
    tag = "log", security(()),
    params(ParamVerifikasi),
    responses((status = 200, body = VerifikasiDto), (status = 500, body = GalatDto)))]
pub async fn verifikasi_json(
    State(s): State<AppState>,
    Path(leaf_hash): Path<String>,
) -> Result<Response, WebError> {
    let h = s
        .app
        .verifikasi_daun(&leaf_hash)
        .await
        .map_err(WebError::json)?;
    let mut res = tanpa_cache(Json(VerifikasiDto::from(h)).into_response());
    res.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    Ok(res)
}
