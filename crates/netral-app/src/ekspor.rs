//! Exports of a campaign: a unit's recap as PDF and XLSX, the list of who has not signed
//! (XLSX), and a ZIP archive of every active signature's pact PDF with a manifest
//! (`netral export pakta`).
//!
//! The ZIP is streamed: signatures are read page by page, each PDF is rendered, written and
//! dropped, so memory stays flat whatever the number of signatures. The archive is written
//! by a blocking thread into any [`std::io::Write`] (a file, or [`PenulisKanal`] for an HTTP
//! body), fed through a small bounded channel.

use std::collections::{HashMap, HashSet};
use std::io::Write;

use chrono::{DateTime, TimeDelta, Utc};
use netral_domain::akun::Izin;
use netral_domain::organisasi::{Instansi, UnitId};
use netral_domain::pakta::{
    KampanyeId, MetodeTandaTangan, RekamanTandaTangan, TandaTanganId, TemplateId,
};
use netral_domain::pegawai::JenisPegawai;
use netral_store::ttd::FilterTtd;
use netral_store::{AuditBaru, FilterPegawai, Halaman, PegawaiId, PegawaiRingkas};

use crate::progres_tampil::{akar_lingkup, dalam, lingkup_unit, wajib_salah_satu};
use crate::{App, AppError, AppResult, Pelaku, sha256_hex};

/// Whether a person has signed, as printed in recaps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StatusTtd {
    Sudah,
    Belum,
    /// Covered by an active representative (PERWAKILAN) signature.
    Diwakili,
    /// Their signature was revoked and they hold no active one.
    Dibatalkan,
}

impl StatusTtd {
    pub fn label(self) -> &'static str {
        match self {
            StatusTtd::Sudah => "Sudah",
            StatusTtd::Belum => "Belum",
            StatusTtd::Diwakili => "Diwakili",
            StatusTtd::Dibatalkan => "Dibatalkan",
        }
    }
}

/// One row of a recap.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BarisEkspor {
    pub pegawai_id: PegawaiId,
    pub nama: String,
    /// NIP or NI PPPK; `None` for non-ASN (their NIK is never exported in recaps).
    pub nip: Option<String>,
    pub jabatan: Option<String>,
    pub unit: Option<String>,
    pub status: StatusTtd,
    /// Time of the active signature (or the representative's).
    pub waktu: Option<DateTime<Utc>>,
    pub metode: Option<MetodeTandaTangan>,
    /// Whether the person is asked to sign in this campaign.
    pub wajib: bool,
}

/// `2026-11-24 09:12:05 WIB`.
fn wib_detik(t: DateTime<Utc>) -> String {
    (t + TimeDelta::hours(7))
        .format("%Y-%m-%d %H:%M:%S WIB")
        .to_string()
}

fn nip_ekspor(p: &PegawaiRingkas) -> Option<String> {
    (p.jenis != JenisPegawai::NonAsn).then(|| p.identitas.clone())
}

fn galat_xlsx(e: rust_xlsxwriter::XlsxError) -> AppError {
    AppError::Internal(format!("menulis XLSX: {e}"))
}

/// A recap as an XLSX workbook: one sheet, header row then one row per person.
pub fn xlsx_rekap(judul_lembar: &str, baris: &[BarisEkspor]) -> AppResult<Vec<u8>> {
    use rust_xlsxwriter::{Format, Workbook};
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name(judul_lembar).map_err(galat_xlsx)?;
    let tebal = Format::new().set_bold();
    let kepala = [
        ("No", 6.0),
        ("Nama", 36.0),
        ("NIP/NI PPPK", 22.0),
        ("Jabatan", 36.0),
        ("Unit", 40.0),
        ("Status", 12.0),
        ("Waktu (WIB)", 24.0),
        ("Metode", 30.0),
    ];
    for (c, (teks, lebar)) in kepala.iter().enumerate() {
        let c = c as u16;
        ws.write_string_with_format(0, c, *teks, &tebal)
            .map_err(galat_xlsx)?;
        ws.set_column_width(c, *lebar).map_err(galat_xlsx)?;
    }
    for (i, b) in baris.iter().enumerate() {
        let r = (i + 1) as u32;
        let sel = [
            b.nama.clone(),
            b.nip.clone().unwrap_or_default(),
            b.jabatan.clone().unwrap_or_default(),
            b.unit.clone().unwrap_or_default(),
            b.status.label().to_string(),
            b.waktu.map(wib_detik).unwrap_or_default(),
            b.metode.map(|m| m.label().to_string()).unwrap_or_default(),
        ];
        ws.write_number(r, 0, (i + 1) as f64).map_err(galat_xlsx)?;
        for (c, v) in sel.iter().enumerate() {
            // Strings always, so a NIP keeps its digits (no scientific notation).
            ws.write_string(r, (c + 1) as u16, v).map_err(galat_xlsx)?;
        }
    }
    ws.set_freeze_panes(1, 0).map_err(galat_xlsx)?;
    ws.autofilter(0, 0, baris.len() as u32, (kepala.len() - 1) as u16)
        .map_err(galat_xlsx)?;
    wb.save_to_buffer().map_err(galat_xlsx)
}

/// Which signatures an archive holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SasaranEkspor {
    /// Every active signature of the instansi.
    Semua,
    /// The active signatures on a campaign's template version.
    Kampanye(KampanyeId),
    /// The active signatures on one template (one version, or all versions).
    Templat(TemplateId, Option<u32>),
}

/// What an archive holds.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RingkasanEkspor {
    /// PDFs written.
    pub pdf: u64,
    /// Signatures listed in the manifest without a PDF because the latest signed checkpoint
    /// does not cover them yet.
    pub menunggu_checkpoint: u64,
    /// SHA-256 of `manifest.csv`.
    pub sha256_manifest: String,
}

/// A [`Write`] that hands the bytes to an async consumer in chunks (for an HTTP body). Use
/// it only from a blocking thread (as [`App::ekspor_zip`] does): a full channel blocks the
/// writer, and a dropped receiver makes writes fail, which stops the export.
pub struct PenulisKanal {
    tx: tokio::sync::mpsc::Sender<Vec<u8>>,
    buf: Vec<u8>,
}

/// Chunk size handed to the consumer.
const POTONGAN: usize = 64 * 1024;

impl PenulisKanal {
    /// A writer and the receiver of its chunks (`kapasitas` chunks in flight).
    pub fn baru(kapasitas: usize) -> (Self, tokio::sync::mpsc::Receiver<Vec<u8>>) {
        let (tx, rx) = tokio::sync::mpsc::channel(kapasitas.max(1));
        (
            PenulisKanal {
                tx,
                buf: Vec::with_capacity(POTONGAN),
            },
            rx,
        )
    }

    fn kirim(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let potong = std::mem::replace(&mut self.buf, Vec::with_capacity(POTONGAN));
        self.tx
            .blocking_send(potong)
            .map_err(|_| std::io::Error::new(std::io::ErrorKind::BrokenPipe, "penerima ditutup"))
    }
}

impl Write for PenulisKanal {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= POTONGAN {
            self.kirim()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.kirim()
    }
}

impl Drop for PenulisKanal {
    fn drop(&mut self) {
        let _ = self.kirim();
    }
}

/// One item for the archive writer.
enum ItemZip {
    Pdf {
        nama: String,
        isi: Vec<u8>,
    },
    Baris(Vec<String>),
    /// The export failed: stop without the central directory, so a reader of a streamed
    /// body sees a broken archive rather than a complete-looking partial one.
    Batal,
}

/// Manifest columns.
const KOLOM_MANIFEST: [&str; 12] = [
    "berkas",
    "tanda_tangan_id",
    "nama",
    "nip",
    "jabatan",
    "unit",
    "hash_daun",
    "indeks_daun",
    "waktu",
    "metode",
    "sha256_pdf",
    "status",
];

/// Passes writes through until cut; then every write fails, so the ZIP writer cannot
/// finish the archive when it is dropped.
struct Penjaga<W> {
    w: W,
    putus: std::rc::Rc<std::cell::Cell<bool>>,
}

impl<W: Write> Write for Penjaga<W> {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.putus.get() {
            return Err(std::io::Error::other("ekspor dibatalkan"));
        }
        self.w.write(data)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.w.flush()
    }
}

fn tulis_zip<W: Write>(
    tulis: W,
    mut rx: tokio::sync::mpsc::Receiver<ItemZip>,
) -> Result<(W, String), String> {
    use zip::CompressionMethod;
    use zip::write::SimpleFileOptions;
    let galat = |e: zip::result::ZipError| format!("menulis ZIP: {e}");
    let putus = std::rc::Rc::new(std::cell::Cell::new(false));
    let mut zip = zip::ZipWriter::new_stream(Penjaga {
        w: tulis,
        putus: putus.clone(),
    });
    // PDFs are already compressed; the text files are deflated.
    let simpan = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Stored)
        .large_file(false);
    let kempis = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    let mut manifest = csv::Writer::from_writer(Vec::new());
    manifest
        .write_record(KOLOM_MANIFEST)
        .map_err(|e| e.to_string())?;
    let mut sha = String::new();
    while let Some(item) = rx.blocking_recv() {
        match item {
            ItemZip::Pdf { nama, isi } => {
                zip.start_file(nama.as_str(), simpan).map_err(galat)?;
                zip.write_all(&isi)
                    .map_err(|e| format!("menulis ZIP: {e}"))?;
                sha.push_str(&format!("{}  {nama}\n", sha256_hex(&isi)));
            }
            ItemZip::Baris(b) => manifest.write_record(&b).map_err(|e| e.to_string())?,
            ItemZip::Batal => {
                putus.set(true);
                return Err("ekspor dibatalkan karena galat".into());
            }
        }
    }
    let manifest = manifest.into_inner().map_err(|e| e.to_string())?;
    let sha_manifest = sha256_hex(&manifest);
    sha.push_str(&format!("{sha_manifest}  manifest.csv\n"));
    zip.start_file("manifest.csv", kempis).map_err(galat)?;
    zip.write_all(&manifest)
        .map_err(|e| format!("menulis ZIP: {e}"))?;
    zip.start_file("MANIFEST.sha256", kempis).map_err(galat)?;
    zip.write_all(sha.as_bytes())
        .map_err(|e| format!("menulis ZIP: {e}"))?;
    let mut w = zip.finish().map_err(galat)?.into_inner().w;
    w.flush().map_err(|e| format!("menulis ZIP: {e}"))?;
    Ok((w, sha_manifest))
}

impl App {
    /// The rows of a recap: everyone in the unit scope who is asked to sign in the campaign,
    /// has signed, is represented or had a signature revoked; by unit then name.
    pub async fn baris_rekap(
        &self,
        pelaku: &Pelaku,
        instansi: &Instansi,
        kampanye_id: KampanyeId,
        unit: Option<UnitId>,
    ) -> AppResult<Vec<BarisEkspor>> {
        wajib_salah_satu(
            pelaku,
            &[Izin::LihatProgres, Izin::KelolaPakta],
            instansi.id,
        )?;
        let units = self.store.daftar_unit(instansi.id).await?;
        let lingkup = lingkup_unit(pelaku, &units, unit)?;
        let snap = self.keadaan_kampanye(instansi.id, kampanye_id).await?;
        let k = &*snap.kampanye;
        let filter_ttd = |aktif, metode| FilterTtd {
            template_id: Some(k.template_id),
            template_versi: Some(k.template_versi),
            aktif: Some(aktif),
            metode,
            ..FilterTtd::default()
        };
        // People covered by an active representative signature, and revoked signers.
        let mut diwakili: HashMap<PegawaiId, (DateTime<Utc>, MetodeTandaTangan)> = HashMap::new();
        let mut dibatalkan: HashSet<PegawaiId> = HashSet::new();
        for (filter, wakil) in [
            (filter_ttd(true, Some(MetodeTandaTangan::Perwakilan)), true),
            (filter_ttd(false, None), false),
        ] {
            let mut nomor = 1;
            loop {
                let (daftar, total) = self
                    .store
                    .daftar_tanda_tangan(instansi.id, &filter, Halaman { nomor, ukuran: 500 })
                    .await?;
                for t in &daftar {
                    if wakil {
                        for p in self.store.daftar_mewakili(instansi.id, t.ttd.id).await? {
                            diwakili.insert(p, (t.ttd.data.waktu, t.ttd.data.metode));
                        }
                    } else {
                        dibatalkan.insert(t.ttd.data.pegawai_id);
                    }
                }
                if daftar.is_empty() || u64::from(nomor) * 500 >= total {
                    break;
                }
                nomor += 1;
            }
        }
        // Names and identifiers of everyone in scope.
        let mut orang: HashMap<PegawaiId, PegawaiRingkas> = HashMap::new();
        let filter = FilterPegawai {
            unit_ids: lingkup.as_ref().map(|s| s.iter().copied().collect()),
            ..FilterPegawai::default()
        };
        let mut nomor = 1;
        loop {
            let (items, total) = self
                .store
                .cari_pegawai(
                    instansi.id,
                    &filter,
                    Halaman {
                        nomor,
                        ukuran: 2000,
                    },
                )
                .await?;
            let n = items.len();
            orang.extend(items.into_iter().map(|p| (p.id, p)));
            if n == 0 || u64::from(nomor) * 2000 >= total {
                break;
            }
            nomor += 1;
        }
        let mut baris = Vec::new();
        for (p, tahap) in snap.roster.pegawai.iter().zip(&snap.roster.tahap) {
            if !dalam(&lingkup, p.unit_id) {
                continue;
            }
            let aktif = snap.sudah(p.id);
            let wakil = diwakili.get(&p.id);
            let wajib = tahap.is_some();
            let (status, waktu, metode) = match (aktif, wakil) {
                (Some(a), _) => (StatusTtd::Sudah, Some(a.waktu), Some(a.metode)),
                (None, Some((w, m))) => (StatusTtd::Diwakili, Some(*w), Some(*m)),
                (None, None) if dibatalkan.contains(&p.id) => (StatusTtd::Dibatalkan, None, None),
                (None, None) if wajib => (StatusTtd::Belum, None, None),
                (None, None) => continue,
            };
            let Some(d) = orang.get(&p.id) else { continue };
            baris.push(BarisEkspor {
                pegawai_id: p.id,
                nama: d.nama.clone(),
                nip: nip_ekspor(d),
                jabatan: d.jabatan.clone(),
                unit: d.unit.clone(),
                status,
                waktu,
                metode,
                wajib,
            });
        }
        baris.sort_by(|a, b| {
            (a.unit.as_deref(), a.nama.as_str(), a.pegawai_id).cmp(&(
                b.unit.as_deref(),
                b.nama.as_str(),
                b.pegawai_id,
            ))
        });
        Ok(baris)
    }

    /// A unit's recap (whole subtree; the whole instansi when `unit` is `None`) as XLSX.
    pub async fn rekap_unit_xlsx(
        &self,
        pelaku: &Pelaku,
        instansi: &Instansi,
        kampanye_id: KampanyeId,
        unit: Option<UnitId>,
    ) -> AppResult<Vec<u8>> {
        self.xlsx_terpilih(pelaku, instansi, kampanye_id, unit, "Rekap", |_| true)
            .await
    }

    /// Who in the unit subtree is asked to sign and has not (revoked included, represented
    /// people not), as XLSX.
    pub async fn belum_tanda_tangan_xlsx(
        &self,
        pelaku: &Pelaku,
        instansi: &Instansi,
        kampanye_id: KampanyeId,
        unit: Option<UnitId>,
    ) -> AppResult<Vec<u8>> {
        self.xlsx_terpilih(pelaku, instansi, kampanye_id, unit, "Belum", |b| {
            b.wajib && matches!(b.status, StatusTtd::Belum | StatusTtd::Dibatalkan)
        })
        .await
    }

    /// The recap rows that pass `pilih`, as an XLSX sheet named `lembar`.
    async fn xlsx_terpilih(
        &self,
        pelaku: &Pelaku,
        instansi: &Instansi,
        kampanye_id: KampanyeId,
        unit: Option<UnitId>,
        lembar: &'static str,
        pilih: impl Fn(&BarisEkspor) -> bool,
    ) -> AppResult<Vec<u8>> {
        let mut baris = self
            .baris_rekap(pelaku, instansi, kampanye_id, unit)
            .await?;
        baris.retain(|b| pilih(b));
        tokio::task::spawn_blocking(move || xlsx_rekap(lembar, &baris))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
    }

    /// A unit's recap as a PDF (letterhead, summary, one row per person).
    pub async fn rekap_unit_pdf(
        &self,
        pelaku: &Pelaku,
        instansi: &Instansi,
        kampanye_id: KampanyeId,
        unit: Option<UnitId>,
    ) -> AppResult<Vec<u8>> {
        let baris = self
            .baris_rekap(pelaku, instansi, kampanye_id, unit)
            .await?;
        let snap = self.keadaan_kampanye(instansi.id, kampanye_id).await?;
        let units = self.store.daftar_unit(instansi.id).await?;
        let akar = akar_lingkup(pelaku, unit);
        let nama_unit = akar
            .and_then(|a| units.iter().find(|u| u.id == a))
            .map_or_else(|| instansi.nama.clone(), |u| u.nama.clone());
        let hitung = |s: StatusTtd| baris.iter().filter(|b| b.status == s).count();
        let wajib = baris.iter().filter(|b| b.wajib).count();
        let sudah = baris
            .iter()
            .filter(|b| b.wajib && b.status == StatusTtd::Sudah)
            .count();
        let ringkasan = vec![
            ("Kampanye".to_string(), snap.kampanye.nama.clone()),
            ("Unit kerja".to_string(), nama_unit.clone()),
            ("Wajib menandatangani".to_string(), wajib.to_string()),
            (
                "Sudah".to_string(),
                format!(
                    "{sudah} ({:.1}%)",
                    if wajib == 0 {
                        100.0
                    } else {
                        sudah as f64 * 100.0 / wajib as f64
                    }
                ),
            ),
            ("Belum".to_string(), hitung(StatusTtd::Belum).to_string()),
            (
                "Diwakili".to_string(),
                hitung(StatusTtd::Diwakili).to_string(),
            ),
            (
                "Dibatalkan".to_string(),
                hitung(StatusTtd::Dibatalkan).to_string(),
            ),
            ("Dicetak".to_string(), wib_detik(self.sekarang())),
        ];
        let rekap = netral_dokumen::Rekap {
            kop: netral_dokumen::Kop {
                pemda: format!("PEMERINTAH {}", instansi.nama.trim().to_uppercase()),
                alamat: None,
            },
            judul: "REKAPITULASI PENANDATANGANAN PAKTA INTEGRITAS NETRALITAS ASN".into(),
            sub_judul: format!("{nama_unit} — {}", snap.kampanye.nama),
            ringkasan,
            baris: baris
                .into_iter()
                .map(|b| netral_dokumen::BarisRekap {
                    nama: b.nama,
                    nip_tampil: b.nip,
                    jabatan: b.jabatan,
                    unit: b.unit,
                    status: b.status.label().to_string(),
                    waktu: b.waktu.map(wib_detik),
                    metode: b.metode.map(|m| m.label().to_string()),
                })
                .collect(),
        };
        tokio::task::spawn_blocking(move || netral_dokumen::render_rekap(&rekap))
            .await
            .map_err(|e| AppError::Internal(e.to_string()))?
            .map_err(|e| AppError::Internal(format!("render rekap PDF: {e}")))
    }

    /// Streams a ZIP of every active signature's pact PDF in scope (`unit`: its subtree),
    /// with `manifest.csv` (file, signer, leaf hash and index, time, method, SHA-256 of the
    /// PDF) and `MANIFEST.sha256` (`sha256sum -c` format, covering the PDFs and the
    /// manifest). Signatures the latest checkpoint does not cover yet are listed in the
    /// manifest without a file. Needs `KelolaPakta`; audit-logged. Returns the writer.
    pub async fn ekspor_zip<W: Write + Send + 'static>(
        &self,
        pelaku: &Pelaku,
        instansi: &Instansi,
        sasaran: SasaranEkspor,
        unit: Option<UnitId>,
        tulis: W,
    ) -> AppResult<(W, RingkasanEkspor)> {
        pelaku.wajib(Izin::KelolaPakta, instansi.id)?;
        let units = self.store.daftar_unit(instansi.id).await?;
        let lingkup = lingkup_unit(pelaku, &units, unit)?;
        let akar = akar_lingkup(pelaku, unit);
        let (template_id, template_versi) = match sasaran {
            SasaranEkspor::Semua => (None, None),
            SasaranEkspor::Kampanye(id) => {
                let k = self
                    .store
                    .kampanye(instansi.id, id)
                    .await?
                    .ok_or_else(|| AppError::TidakDitemukan(format!("kampanye {id}")))?;
                (Some(k.template_id), Some(k.template_versi))
            }
            SasaranEkspor::Templat(t, v) => (Some(t), v),
        };
        let filter = FilterTtd {
            template_id,
            template_versi,
            unit: akar,
            // All, not only active: a revocation during the export must not shift pages.
            aktif: None,
            ..FilterTtd::default()
        };
        let (tx, rx) = tokio::sync::mpsc::channel::<ItemZip>(4);
        let penulis = tokio::task::spawn_blocking(move || tulis_zip(tulis, rx));
        let mut ringkas = RingkasanEkspor::default();
        let hasil = self
            .isi_zip(instansi, &filter, &lingkup, &tx, &mut ringkas)
            .await;
        if hasil.is_err() {
            let _ = tx.send(ItemZip::Batal).await;
        }
        drop(tx);
        let selesai = penulis
            .await
            .map_err(|e| AppError::Internal(format!("penulis ZIP: {e}")))?;
        hasil?;
        let (w, sha_manifest) = selesai.map_err(AppError::Internal)?;
        ringkas.sha256_manifest = sha_manifest;
        self.store
            .catat_audit(
                &AuditBaru {
                    instansi_id: instansi.id,
                    aksi: "EKSPOR_PAKTA".into(),
                    entitas: "tanda_tangan".into(),
                    entitas_id: None,
                    sebelum: None,
                    sesudah: Some(
                        serde_json::json!({
                            "pdf": ringkas.pdf,
                            "menunggu_checkpoint": ringkas.menunggu_checkpoint,
                            "unit": akar.map(|u| u.0),
                            "sha256_manifest": ringkas.sha256_manifest,
                        })
                        .to_string(),
                    ),
                },
                &pelaku.jejak(self.sekarang()),
            )
            .await?;
        Ok((w, ringkas))
    }

    async fn isi_zip(
        &self,
        instansi: &Instansi,
        filter: &FilterTtd,
        lingkup: &Option<HashSet<UnitId>>,
        tx: &tokio::sync::mpsc::Sender<ItemZip>,
        ringkas: &mut RingkasanEkspor,
    ) -> AppResult<()> {
        let putus = || AppError::Internal("penulis ZIP berhenti".into());
        let mut dilihat: HashSet<TandaTanganId> = HashSet::new();
        let mut nomor = 1u32;
        const UKURAN: u32 = 100;
        loop {
            let (daftar, total) = self
                .store
                .daftar_tanda_tangan(
                    instansi.id,
                    filter,
                    Halaman {
                        nomor,
                        ukuran: UKURAN,
                    },
                )
                .await?;
            let kosong = daftar.is_empty();
            for t in daftar {
                if !t.ttd.aktif() || !dilihat.insert(t.ttd.id) {
                    continue;
                }
                let rekaman = RekamanTandaTangan::parse(&t.rekaman).map_err(|e| {
                    AppError::Internal(format!("rekaman tanda tangan {} rusak: {e}", t.ttd.id))
                })?;
                if lingkup.is_some() {
                    // The store filtered by the root unit; a scoped account's subtree is the
                    // same set, so this only guards against a unit moved meanwhile.
                    let unit = self
                        .store
                        .pegawai(instansi.id, t.ttd.data.pegawai_id)
                        .await?
                        .and_then(|p| p.ringkas.unit_id);
                    if !dalam(lingkup, unit) {
                        continue;
                    }
                }
                let daun = t
                    .ttd
                    .hash_daun
                    .as_ref()
                    .map(|h| h.as_str().to_string())
                    .unwrap_or_default();
                let nama = format!(
                    "pakta/{}-{}.pdf",
                    t.ttd.id,
                    crate::log::slug(&rekaman.penanda.nama)
                );
                let (berkas, sha, status) = match self.render_pdf(instansi, &t).await {
                    Ok(pdf) => {
                        let sha = sha256_hex(&pdf);
                        tx.send(ItemZip::Pdf {
                            nama: nama.clone(),
                            isi: pdf,
                        })
                        .await
                        .map_err(|_| putus())?;
                        ringkas.pdf += 1;
                        (nama, sha, "ada")
                    }
                    Err(AppError::Konflik(_)) => {
                        ringkas.menunggu_checkpoint += 1;
                        (String::new(), String::new(), "menunggu_checkpoint")
                    }
                    Err(e) => return Err(e),
                };
                let p = &rekaman.penanda;
                tx.send(ItemZip::Baris(vec![
                    berkas,
                    t.ttd.id.to_string(),
                    p.nama.clone(),
                    p.nip_tampil.clone().unwrap_or_default(),
                    p.jabatan.clone().unwrap_or_default(),
                    p.unit.clone().unwrap_or_default(),
                    daun,
                    t.indeks_daun.to_string(),
                    rekaman.waktu.clone(),
                    t.ttd.data.metode.kode().to_string(),
                    sha,
                    status.to_string(),
                ]))
                .await
                .map_err(|_| putus())?;
            }
            if kosong || u64::from(nomor) * u64::from(UKURAN) >= total {
                return Ok(());
            }
            nomor += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jalankan(item: Vec<ItemZip>) -> (Result<String, String>, Vec<u8>) {
        let (tx, rx) = tokio::sync::mpsc::channel(item.len() + 1);
        for i in item {
            tx.try_send(i).ok();
        }
        drop(tx);
        let mut keluar = Vec::new();
        let hasil = tulis_zip(&mut keluar, rx).map(|(_, sha)| sha);
        (hasil, keluar)
    }

    fn pdf() -> ItemZip {
        ItemZip::Pdf {
            nama: "pakta/1-a.pdf".into(),
            isi: b"%PDF-1.7 uji".to_vec(),
        }
    }

    /// End of central directory record signature.
    const EOCD: &[u8] = b"PK\x05\x06";

    #[test]
    fn zip_lengkap_atau_rusak_bila_dibatalkan() {
        let (hasil, isi) = jalankan(vec![pdf(), ItemZip::Baris(vec!["a".into(); 12])]);
        assert!(hasil.is_ok());
        assert!(isi.windows(4).any(|w| w == EOCD));
        let (hasil, isi) = jalankan(vec![pdf(), ItemZip::Batal]);
        assert!(hasil.is_err());
        assert!(!isi.is_empty());
        assert!(
            !isi.windows(4).any(|w| w == EOCD),
            "a cancelled archive must not look complete"
        );
    }
}
