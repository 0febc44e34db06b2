//! Paper intake for a unit (issue #4 §3): `/ttd/kertas/unit` — choose campaign and unit,
//! upload many scans at once, match each scan to an employee of the unit who has not signed,
//! confirm.
//!
//! **Where the scans wait between upload and confirmation: in memory**, in a process-wide
//! map keyed by a random 128-bit id (the only thing the matching form posts back, with the
//! chosen employee per row; the files are never re-sent by the browser, so what is recorded
//! is exactly what was hashed at upload). Each batch is bound to the uploading account and
//! instansi, lives [`UMUR_TITIPAN`] and the map holds at most [`MAKS_TITIPAN_TOTAL`] bytes
//! (a new upload beyond that is refused until older ones expire). Memory rather than a
//! folder under the data dir because the web layer has no data dir of its own (only the
//! CLI knows it), the server is one process, nothing here must survive a restart (the
//! operator uploads again: nothing was recorded) and expired batches vanish without a
//! sweeper touching the disk.

use std::collections::HashMap;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};

use askama::Template;
use axum::Form;
use axum::extract::{DefaultBodyLimit, Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use chrono::NaiveDate;
use rand::RngCore;

use netral_app::AppError;
use netral_app::ttd::{BerkasMasuk, CalonKertas, HasilKertas, MAKS_BERKAS, MAKS_KERTAS};
use netral_domain::akun::{Izin, UserId};
use netral_domain::organisasi::{InstansiId, PegawaiId, UnitId};
use netral_domain::pakta::KampanyeId;
use netral_store::ttd::Berkas;

use super::{
    Isian, daftar_kampanye_pilihan, pesan_form, pilihan_unit, status_form, tampil, tolak_csrf,
};
use crate::AppState;
use crate::galat::WebError;
use crate::halaman::{Kerangka, kerangka};
use crate::sesi::Masuk;

/// Largest total of one upload.
pub const MAKS_TOTAL: usize = 200 * 1024 * 1024;
/// Body limit of the upload routes: the files plus the form fields and multipart framing.
pub(crate) const BATAS_BADAN: usize = MAKS_TOTAL + 4 * 1024 * 1024;
/// How long an uploaded batch waits for its confirmation.
pub const UMUR_TITIPAN: Duration = Duration::from_secs(30 * 60);
/// Bytes all waiting batches may hold together.
pub const MAKS_TITIPAN_TOTAL: usize = 1024 * 1024 * 1024;

pub fn rute() -> axum::Router<AppState> {
    axum::Router::new()
        .route(
            "/ttd/kertas/unit",
            get(form_unggah)
                .post(kirim_unggah)
                .layer(DefaultBodyLimit::max(BATAS_BADAN)),
        )
        .route(
            "/ttd/kertas/unit/konfirmasi",
            axum::routing::post(konfirmasi),
        )
        .route("/ttd/kertas/unit/{id}/berkas/{i}", get(pratinjau))
}

// --- the waiting batches --------------------------------------------------------------------

struct Titipan {
    pemilik: UserId,
    instansi: InstansiId,
    kampanye: KampanyeId,
    unit: UnitId,
    tanggal: NaiveDate,
    berkas: Vec<Berkas>,
    dibuat: Instant,
}

impl Titipan {
    fn ukuran(&self) -> usize {
        self.berkas.iter().map(|b| b.isi.len()).sum()
    }
}

static TITIPAN: LazyLock<Mutex<HashMap<String, Arc<Titipan>>>> = LazyLock::new(Mutex::default);

fn kunci_acak() -> String {
    let mut b = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut b);
    hex::encode(b)
}

fn peta() -> Result<std::sync::MutexGuard<'static, HashMap<String, Arc<Titipan>>>, AppError> {
    let mut g = TITIPAN
        .lock()
        .map_err(|e| AppError::Internal(e.to_string()))?;
    g.retain(|_, t| t.dibuat.elapsed() < UMUR_TITIPAN);
    Ok(g)
}

fn titipkan(t: Titipan) -> Result<String, AppError> {
    let mut g = peta()?;
    let terpakai: usize = g.values().map(|t| t.ukuran()).sum();
    if terpakai + t.ukuran() > MAKS_TITIPAN_TOTAL {
        return Err(AppError::Konflik(
            "terlalu banyak unggahan menunggu konfirmasi; coba lagi dalam beberapa menit".into(),
        ));
    }
    let id = kunci_acak();
    g.insert(id.clone(), Arc::new(t));
    Ok(id)
}

/// The batch of this user, or why not.
fn ambil_titipan(m: &Masuk, id: &str) -> Result<Arc<Titipan>, AppError> {
    let g = peta()?;
    match g.get(id) {
        Some(t) if t.pemilik == m.user.id && t.instansi == m.user.instansi_id => Ok(t.clone()),
        _ => Err(AppError::TidakDitemukan(
            "unggahan (kedaluwarsa atau bukan milik Anda; unggah lagi)".into(),
        )),
    }
}

fn lepas_titipan(id: &str) {
    if let Ok(mut g) = TITIPAN.lock() {
        g.remove(id);
    }
}

// --- reading an upload -----------------------------------------------------------------------

/// Reads a multipart body, streaming: each file at most [`MAKS_BERKAS`], all files at most
/// [`MAKS_TOTAL`]; empty file inputs are ignored. Files keep their field name.
pub(crate) async fn baca_unggahan(
    mut mp: Multipart,
) -> Result<(Isian, Vec<(String, BerkasMasuk)>), AppError> {
    let salah = |e: axum::extract::multipart::MultipartError| {
        AppError::Masukan(format!("unggahan tidak terbaca: {}", e.body_text()))
    };
    let mut isian = Vec::new();
    let mut berkas = Vec::new();
    let mut total = 0usize;
    while let Some(mut field) = mp.next_field().await.map_err(salah)? {
        let nama = field.name().unwrap_or_default().to_string();
        let Some(nama_file) = field.file_name().map(str::to_string) else {
            isian.push((nama, field.text().await.map_err(salah)?));
            continue;
        };
        let mut isi = Vec::new();
        while let Some(c) = field.chunk().await.map_err(salah)? {
            total += c.len();
            if isi.len() + c.len() > MAKS_BERKAS {
                return Err(AppError::Masukan(format!(
                    "{nama_file}: berkas terlalu besar; paling besar 10 MB per berkas"
                )));
            }
            if total > MAKS_TOTAL {
                return Err(AppError::Masukan(
                    "unggahan terlalu besar; paling besar 200 MB sekaligus".into(),
                ));
            }
            isi.extend_from_slice(&c);
        }
        if isi.is_empty() && nama_file.is_empty() {
            continue;
        }
        berkas.push((
            nama,
            BerkasMasuk {
                nama: nama_file,
                isi,
            },
        ));
    }
    Ok((Isian(isian), berkas))
}

// --- pages -----------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "ttd_kertas_unit.html")]
struct HalamanUnggah {
    k: Kerangka,
    kampanye: Vec<(i64, String)>,
    unit: Vec<(String, String)>,
    f: Isian,
    pesan: Option<String>,
    hari_ini: String,
}

/// One scan on the matching screen.
struct Baris {
    i: usize,
    nama: String,
    ukuran: String,
    hash_pendek: String,
    /// 1-based row of the first scan with the same hash.
    sama_dengan: Option<usize>,
    /// The employee chosen (or pre-selected), if any.
    pilih: Option<i64>,
    galat: Option<String>,
}

impl Baris {
    fn dipilih(&self, c: &CalonKertas) -> bool {
        self.pilih == Some(c.id.0)
    }
}

#[derive(Template)]
#[template(path = "ttd_kertas_unit_cocok.html")]
struct HalamanCocok {
    k: Kerangka,
    titipan: String,
    kampanye: String,
    unit: String,
    tanggal: String,
    baris: Vec<Baris>,
    calon: Vec<CalonKertas>,
    pesan: Option<String>,
}

struct BarisHasil {
    berkas: String,
    hash: String,
    pegawai: String,
    id: Option<i64>,
    galat: Option<String>,
}

#[derive(Template)]
#[template(path = "ttd_kertas_unit_hasil.html")]
struct HalamanHasil {
    k: Kerangka,
    baris: Vec<BarisHasil>,
    tercatat: usize,
    ditolak: usize,
}

async fn form_unggah_dengan(
    s: &AppState,
    m: &Masuk,
    f: Isian,
    pesan: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    if !m.user.boleh(Izin::KelolaPakta) {
        return Err(m.galat(AppError::TidakBerwenang));
    }
    tampil(
        status,
        &HalamanUnggah {
            k: kerangka(s, m, "ttd").await?,
            kampanye: daftar_kampanye_pilihan(s, m).await?,
            unit: pilihan_unit(s, m).await?,
            f,
            pesan,
            hari_ini: crate::api_pakta::hari_ini_wib(s).to_string(),
        },
        m.bahasa,
    )
}

/// The upload form; `?kampanye_id=&unit_id=` pre-select (links from the dashboard).
async fn form_unggah(
    State(s): State<AppState>,
    m: Masuk,
    Query(pasangan): Query<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    form_unggah_dengan(&s, &m, Isian(pasangan), None, StatusCode::OK).await
}

fn angka(v: &str, apa: &str) -> Result<i64, AppError> {
    v.trim()
        .parse()
        .map_err(|_| AppError::Masukan(format!("pilih {apa}")))
}

/// The 18-digit runs of a file name (NIP and NI PPPK have 18 digits).
fn nomor_18(nama: &str) -> Vec<&str> {
    nama.split(|c: char| !c.is_ascii_digit())
        .filter(|d| d.len() == 18)
        .collect()
}

/// Reads the upload form, checks and hashes every scan and keeps them: the batch id.
async fn terima_unggahan(
    s: &AppState,
    m: &Masuk,
    f: &Isian,
    berkas: Vec<(String, BerkasMasuk)>,
) -> Result<String, AppError> {
    let kampanye = KampanyeId(angka(f.nilai("kampanye_id"), "kampanye")?);
    let unit = UnitId(angka(f.nilai("unit_id"), "unit")?);
    let tanggal = crate::api_pakta::tanggal_kertas(s, f)?;
    netral_app::ttd::periksa_tanggal_kertas(tanggal, s.app.sekarang())?;
    // The unit must be one the user sees, and the campaign must be theirs.
    if !s
        .app
        .pilihan_unit(&m.user)
        .await?
        .iter()
        .any(|(u, _)| *u == unit)
    {
        return Err(AppError::TidakDitemukan(format!("unit {unit}")));
    }
    s.app
        .calon_kertas_unit(&m.pelaku(), m.user.instansi_id, kampanye, unit)
        .await?;
    if berkas.is_empty() {
        return Err(AppError::Masukan(
            "pilih pindaian yang akan diunggah (PDF, PNG atau JPEG)".into(),
        ));
    }
    if berkas.len() > MAKS_KERTAS {
        return Err(AppError::Masukan(format!(
            "paling banyak {} pindaian sekaligus",
            MAKS_KERTAS
        )));
    }
    let mut sah = Vec::with_capacity(berkas.len());
    let mut salah = Vec::new();
    for (_, b) in berkas {
        let nama = b.nama.clone();
        match b.periksa() {
            Ok(b) => sah.push(b),
            Err(e) => salah.push(format!("{nama}: {e}")),
        }
    }
    if !salah.is_empty() {
        return Err(AppError::Masukan(salah.join("; ")));
    }
    titipkan(Titipan {
        pemilik: m.user.id,
        instansi: m.user.instansi_id,
        kampanye,
        unit,
        tanggal,
        berkas: sah,
        dibuat: Instant::now(),
    })
}

async fn kirim_unggah(
    State(s): State<AppState>,
    m: Masuk,
    mp: Multipart,
) -> Result<Response, WebError> {
    let (f, berkas) = match baca_unggahan(mp).await {
        Ok(x) => x,
        Err(e) => {
            let (st, pesan) = pesan_form(&m, e)?;
            return form_unggah_dengan(&s, &m, Isian::default(), Some(pesan), st).await;
        }
    };
    if let Some(r) = tolak_csrf(&m, f.nilai("_csrf")) {
        return Ok(r);
    }
    match terima_unggahan(&s, &m, &f, berkas).await {
        Ok(id) => {
            let t = ambil_titipan(&m, &id).map_err(|e| m.galat(e))?;
            halaman_cocok(&s, &m, &id, &t, None, &[], None, StatusCode::OK).await
        }
        Err(e) => {
            let (st, pesan) = pesan_form(&m, e)?;
            form_unggah_dengan(&s, &m, f, Some(pesan), st).await
        }
    }
}

/// The matching screen. `pilihan` = the employee chosen per row (`None` = pre-select from
/// the file name); `galat` = row errors.
#[allow(clippy::too_many_arguments)]
async fn halaman_cocok(
    s: &AppState,
    m: &Masuk,
    id: &str,
    t: &Titipan,
    pilihan: Option<&[Option<i64>]>,
    galat: &[Option<String>],
    pesan: Option<String>,
    status: StatusCode,
) -> Result<Response, WebError> {
    let calon = s
        .app
        .calon_kertas_unit(&m.pelaku(), t.instansi, t.kampanye, t.unit)
        .await
        .map_err(|e| m.galat(e))?;
    let per_nomor: HashMap<&str, i64> = calon
        .iter()
        .filter(|c| !c.identitas.is_empty())
        .map(|c| (c.identitas.as_str(), c.id.0))
        .collect();
    let mut pertama: HashMap<&str, usize> = HashMap::new();
    let mut terpakai: std::collections::HashSet<i64> = std::collections::HashSet::new();
    let baris = t
        .berkas
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let h = b.hash.as_str();
            let sama_dengan = match pertama.get(h) {
                Some(j) => Some(j + 1),
                None => {
                    pertama.insert(h, i);
                    None
                }
            };
            let pilih = match pilihan {
                Some(p) => p.get(i).copied().flatten(),
                // Pre-select each employee at most once (the first file naming them).
                None if sama_dengan.is_none() => nomor_18(&b.nama)
                    .into_iter()
                    .find_map(|n| per_nomor.get(n).copied())
                    .filter(|p| terpakai.insert(*p)),
                None => None,
            };
            Baris {
                i,
                nama: b.nama.clone(),
                ukuran: format!("{:.1} KB", b.isi.len() as f64 / 1024.0),
                hash_pendek: h.chars().take(12).collect(),
                sama_dengan,
                pilih,
                galat: galat.get(i).cloned().flatten(),
            }
        })
        .collect();
    let kampanye = daftar_kampanye_pilihan(s, m)
        .await?
        .into_iter()
        .find(|(k, _)| *k == t.kampanye.0)
        .map(|(_, n)| n)
        .unwrap_or_default();
    let unit = pilihan_unit(s, m)
        .await?
        .into_iter()
        .find(|(u, _)| *u == t.unit.to_string())
        .map(|(_, n)| n)
        .unwrap_or_default();
    tampil(
        status,
        &HalamanCocok {
            k: kerangka(s, m, "ttd").await?,
            titipan: id.to_string(),
            kampanye,
            unit,
            tanggal: t.tanggal.format("%Y-%m-%d").to_string(),
            baris,
            calon,
            pesan,
        },
        m.bahasa,
    )
}

/// The row errors of the chosen matching against the unit's list and the signing rules.
async fn periksa_pilihan(
    s: &AppState,
    m: &Masuk,
    t: &Titipan,
    pilihan: &[Option<i64>],
) -> Result<Vec<Option<String>>, AppError> {
    let calon = s
        .app
        .calon_kertas_unit(&m.pelaku(), t.instansi, t.kampanye, t.unit)
        .await?;
    let mut galat: Vec<Option<String>> = vec![None; pilihan.len()];
    let mut dipilih: HashMap<i64, usize> = HashMap::new();
    let mut hash_dipilih: HashMap<&str, usize> = HashMap::new();
    let mut diperiksa: Vec<(usize, PegawaiId)> = Vec::new();
    for (i, p) in pilihan.iter().enumerate() {
        let Some(p) = *p else { continue };
        let Some(b) = t.berkas.get(i) else {
            galat[i] = Some("pindaian tidak ada di unggahan ini".into());
            continue;
        };
        if let Some(j) = dipilih.insert(p, i) {
            galat[i] = Some(format!("pegawai ini sudah dipilih di baris {}", j + 1));
            continue;
        }
        if let Some(j) = hash_dipilih.insert(b.hash.as_str(), i) {
            galat[i] = Some(format!(
                "pindaian ini sama dengan baris {}; satu lembar hanya untuk satu pegawai",
                j + 1
            ));
            continue;
        }
        if !calon.iter().any(|c| c.id.0 == p) {
            galat[i] = Some(
                "pegawai tidak termasuk unit ini, di luar wewenang Anda, atau sudah menandatangani"
                    .into(),
            );
            continue;
        }
        diperiksa.push((i, PegawaiId(p)));
    }
    let ids: Vec<PegawaiId> = diperiksa.iter().map(|(_, p)| *p).collect();
    let cek = s
        .app
        .periksa_kertas_banyak(&m.pelaku(), t.instansi, t.kampanye, &ids)
        .await?;
    for ((i, _), g) in diperiksa.into_iter().zip(cek) {
        if g.is_some() {
            galat[i] = g;
        }
    }
    Ok(galat)
}

async fn konfirmasi(
    State(s): State<AppState>,
    m: Masuk,
    Form(pasangan): Form<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let f = Isian(pasangan);
    if let Some(r) = tolak_csrf(&m, f.nilai("_csrf")) {
        return Ok(r);
    }
    let id = f.nilai("titipan").to_string();
    let t = match ambil_titipan(&m, &id) {
        Ok(t) => t,
        Err(e) => {
            let (st, pesan) = pesan_form(&m, e)?;
            return form_unggah_dengan(&s, &m, Isian::default(), Some(pesan), st).await;
        }
    };
    let mut pilihan: Vec<Option<i64>> = Vec::with_capacity(t.berkas.len());
    let mut galat: Vec<Option<String>> = Vec::with_capacity(t.berkas.len());
    for i in 0..t.berkas.len() {
        let v = f.nilai(&format!("pegawai_{i}")).trim();
        let (p, g) = match v.parse::<i64>() {
            _ if v.is_empty() => (None, None),
            Ok(p) => (Some(p), None),
            Err(_) => (None, Some(format!("pilihan pegawai tidak sah: \"{v}\""))),
        };
        pilihan.push(p);
        galat.push(g);
    }
    let cek = periksa_pilihan(&s, &m, &t, &pilihan)
        .await
        .map_err(|e| m.galat(e))?;
    for (g, c) in galat.iter_mut().zip(cek) {
        if g.is_none() {
            *g = c;
        }
    }
    let mut pesan = None;
    if galat.iter().all(Option::is_none) && pilihan.iter().all(Option::is_none) {
        pesan = Some("pasangkan setidaknya satu pindaian dengan pegawai".to_string());
    } else if galat.iter().any(Option::is_some) {
        pesan = Some("ada baris yang salah; tidak ada yang dicatat".to_string());
    }
    if pesan.is_some() {
        return halaman_cocok(
            &s,
            &m,
            &id,
            &t,
            Some(&pilihan),
            &galat,
            pesan,
            StatusCode::UNPROCESSABLE_ENTITY,
        )
        .await;
    }
    let daftar: Vec<(PegawaiId, BerkasMasuk)> = pilihan
        .iter()
        .zip(&t.berkas)
        .filter_map(|(p, b)| {
            p.map(|p| {
                (
                    PegawaiId(p),
                    BerkasMasuk {
                        nama: b.nama.clone(),
                        isi: b.isi.clone(),
                    },
                )
            })
        })
        .collect();
    let hasil = s
        .app
        .ttd_kertas_banyak_rinci(&m.pelaku(), t.instansi, t.kampanye, daftar, t.tanggal)
        .await;
    match hasil {
        Ok(h) => {
            lepas_titipan(&id);
            halaman_hasil(&s, &m, &t, h).await
        }
        Err(e) => match status_form(&e) {
            Some(st) => {
                halaman_cocok(
                    &s,
                    &m,
                    &id,
                    &t,
                    Some(&pilihan),
                    &[],
                    Some(format!("{e} — tidak ada yang dicatat")),
                    st,
                )
                .await
            }
            None => Err(m.galat(e)),
        },
    }
}

async fn halaman_hasil(
    s: &AppState,
    m: &Masuk,
    t: &Titipan,
    hasil: Vec<HasilKertas>,
) -> Result<Response, WebError> {
    let calon = s
        .app
        .calon_kertas_unit(&m.pelaku(), t.instansi, t.kampanye, t.unit)
        .await
        .unwrap_or_default();
    let mut baris = Vec::with_capacity(hasil.len());
    for h in hasil {
        // Recorded employees are no longer candidates: their name comes from the registry.
        let pegawai = match calon.iter().find(|c| c.id == h.pegawai_id) {
            Some(c) => c.nama.clone(),
            None => s
                .app
                .store
                .pegawai(t.instansi, h.pegawai_id)
                .await
                .ok()
                .flatten()
                .map(|p| netral_app::ttd::nama_cetak(&p.ringkas))
                .unwrap_or_else(|| format!("#{}", h.pegawai_id)),
        };
        let (id, galat) = match h.hasil {
            Ok(d) => (Some(d.id.0), None),
            Err(e) => (None, Some(e)),
        };
        baris.push(BarisHasil {
            berkas: h.berkas,
            hash: h.hash,
            pegawai,
            id,
            galat,
        });
    }
    let tercatat = baris.iter().filter(|b| b.id.is_some()).count();
    let ditolak = baris.len() - tercatat;
    let status = if ditolak == 0 {
        StatusCode::CREATED
    } else {
        StatusCode::CONFLICT
    };
    tampil(
        status,
        &HalamanHasil {
            k: kerangka(s, m, "ttd").await?,
            baris,
            tercatat,
            ditolak,
        },
        m.bahasa,
    )
}

/// A scan of a waiting batch, shown inline to check the matching. Only PDF, PNG and JPEG
/// recognised by content are kept, served with their own type (and the site-wide `nosniff`
/// and CSP headers).
async fn pratinjau(m: Masuk, Path((id, i)): Path<(String, usize)>) -> Result<Response, WebError> {
    let t = ambil_titipan(&m, &id).map_err(|e| m.galat(e))?;
    let b = t
        .berkas
        .get(i)
        .ok_or_else(|| m.galat(AppError::TidakDitemukan(format!("berkas {i}"))))?;
    Ok((
        [
            (header::CONTENT_TYPE, b.mime.clone()),
            (header::CONTENT_DISPOSITION, "inline".to_string()),
            (header::CACHE_CONTROL, "private, no-store".to_string()),
        ],
        b.isi.clone(),
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::nomor_18;

    #[test]
    fn nomor_18_dari_nama_berkas() {
        assert_eq!(
            nomor_18("pakta_198701012010011001-scan2.pdf"),
            vec!["198701012010011001"]
        );
        assert!(nomor_18("1987010120100110011.pdf").is_empty());
        assert!(nomor_18("scan.pdf").is_empty());
    }
}
