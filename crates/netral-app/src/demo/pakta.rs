//! The demo's pacts (issue #4 §9): two elections, approved templates and campaigns in which
//! thousands of signatures were made through every route, all through the real use cases
//! (`ttd_daring`, `ttd_kiosk`, `ttd_kertas`, `ttd_perwakilan`, `catat_saksi`,
//! `batalkan_ttd`, `catat_hadir`), so every check runs and every record is a log leaf.
//!
//! The story (Kota Pangkalpinang; DATA DEMO):
//! - **Pilkada 2024**: a 4-butir SKB pact, a campaign for the Sekretariat Daerah and a few
//!   OPD, finished in October 2024 (its signatures stay valid for it).
//! - **Pilkada ulang 2025**: a 9-butir pact approved by the Sekda. Four days ago a
//!   deklarasi netralitas (attendance by staff card), then the Pj Wali Kota signed at the
//!   kiosk witnessed by the Dandim, the Kapolresta and the Kajari, then the Sekda (witnessed),
//!   the JPT and the administrators; since then everyone else by unit on the following
//!   mornings — online with a one-time code, at apel kiosks (staff card or code) and on
//!   paper scanned by BKPSDM. Some units lag badly, the last stage's deadline passed
//!   yesterday, two signatures were revoked (one signed again), and a lurah signed "atas
//!   nama" the non-ASN staff of the kelurahan (Kotawaringin Timur).
//!
//! Times: a demo clock ([`JamDemo`]) set wave by wave, never backwards, so signing times rise
//! with log order. The signers of one wave (one 3-minute slot of a morning) are submitted
//! together and share group commits.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use tokio::task::JoinSet;

use netral_demo_data::{DataDemo, Orang, pakta as bukti};
use netral_domain::organisasi::{Instansi, JenisUnit, PegawaiId, UnitId};
use netral_domain::pakta::{
    AnggotaTahap, GambarRekaman, JenisAcaraIkrar, JenisPemilihan, JenisTahapan, JenisTemplatAwal,
    Kampanye, LingkupKampanye, MetodeTandaTangan, ModePakta, PaktaTemplate, PegawaiRingkas,
    Pemilihan, PemilihanId, Saksi, SifatTahap, StatusPemilihan, TahapKampanye, Tahapan,
};
use netral_domain::pegawai::{JenisIdentitas, JenisPegawai};
use netral_store::ttd::{AcaraIkrarBaru, FilterTtd, Notifikasi};
use netral_store::{Halaman, KampanyeBaru, PemilihanBaru};

use crate::notifikasi::{Notifier, PengirimNotifikasi};
use crate::ttd::otp::SasaranTautan;
use crate::ttd::rute::{KioskMasuk, MasukDaring, PenandaDaring};
use crate::ttd::{BerkasMasuk, TtdDicatat};
use crate::{App, AppError, AppResult, Jam, Pelaku};

/// Name of the 2025 campaign; its presence means the demo pacts exist already.
pub const KAMPANYE_2025: &str =
    "Penandatanganan Pakta Integritas Netralitas ASN — Pemilihan Ulang 2025";
const KAMPANYE_2024: &str = "Penandatanganan Pakta Integritas Netralitas ASN — Pilkada 2024";
const PEMILIHAN_2024: &str = "Pemilihan Wali Kota dan Wakil Wali Kota Pangkalpinang Tahun 2024";
const PEMILIHAN_2025: &str =
    "Pemilihan Ulang Wali Kota dan Wakil Wali Kota Pangkalpinang Tahun 2025";
const SE_2024: &str = "800.1.6/1187/BKPSDM/2024";
const SE_2025: &str = "800.1.6/0412/BKPSDM/2025";

/// Most signers submitted together in one wave.
const MAKS_GELOMBANG: usize = 300;

/// What the demo's pact part holds (counted from the store, so a second run reports the
/// same numbers).
#[derive(Debug, Clone, Default)]
pub struct RingkasanPakta {
    /// `false` when the demo pacts already existed and nothing was added.
    pub dibuat: bool,
    pub pemilihan: usize,
    pub templat: usize,
    pub kampanye: usize,
    /// Active signatures of the 2025 campaign by method code.
    pub per_metode: BTreeMap<String, u64>,
    /// Representative signatures (separate campaign) and how many people they cover.
    pub perwakilan: u64,
    pub diwakili: u64,
    /// Active signatures of the finished 2024 campaign.
    pub ttd_2024: u64,
    pub saksi: u64,
    pub dibatalkan: u64,
    pub hadir_deklarasi: u64,
    /// Progress of the 2025 campaign.
    pub wajib: u64,
    pub sudah: u64,
    /// Units furthest behind: (name, signed, required).
    pub unit_tertinggal: Vec<(String, u64, u64)>,
    /// Stages past their deadline and not complete.
    pub tahap_terlambat: Vec<String>,
}

impl RingkasanPakta {
    /// Progress in per mille (0–1000).
    pub fn permil(&self) -> u64 {
        (self.sudah * 1000).checked_div(self.wajib).unwrap_or(0)
    }
}

/// The demo clock: a settable instant that never goes backwards.
struct JamDemo(AtomicI64);

impl JamDemo {
    fn setel(&self, t: DateTime<Utc>) {
        self.0.fetch_max(t.timestamp_millis(), Ordering::SeqCst);
    }
}

impl Jam for JamDemo {
    fn sekarang(&self) -> DateTime<Utc> {
        DateTime::from_timestamp_millis(self.0.load(Ordering::SeqCst)).unwrap_or_default()
    }
}

/// Reads one-time codes out of the outbox messages as the sender delivers them (the demo's
/// stand-in for the employee's phone), by employee.
#[derive(Default)]
struct PenangkapKode {
    kode: Mutex<HashMap<PegawaiId, String>>,
    /// Personal-link tokens, read from the link in the message.
    tautan: Mutex<HashMap<PegawaiId, String>>,
}

impl PenangkapKode {
    fn ambil(peta: &Mutex<HashMap<PegawaiId, String>>, p: PegawaiId) -> AppResult<String> {
        peta.lock()
            .map_err(|e| AppError::Internal(e.to_string()))?
            .remove(&p)
            .ok_or_else(|| {
                AppError::Internal(format!("demo: pesan untuk pegawai {p} tidak terkirim"))
            })
    }
}

#[async_trait]
impl Notifier for PenangkapKode {
    fn saluran(&self) -> &str {
        "log"
    }

    async fn kirim(&self, n: &Notifikasi) -> Result<(), String> {
        tracing::debug!(id = n.id, tujuan = %n.baru.tujuan, "notifikasi demo");
        let kode: Option<String> = n
            .baru
            .isi
            .split_once("Anda: ")
            .map(|(_, r)| r.chars().take_while(char::is_ascii_digit).collect());
        let token: Option<String> = n.baru.isi.split_once("/t/").map(|(_, r)| {
            r.chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect()
        });
        let Some(p) = n.baru.pegawai_id else {
            return Ok(());
        };
        if let Some(k) = kode.filter(|k| k.len() == 6) {
            self.kode.lock().map_err(|e| e.to_string())?.insert(p, k);
        } else if let Some(t) = token.filter(|t| t.len() >= 32) {
            self.tautan.lock().map_err(|e| e.to_string())?.insert(p, t);
        }
        Ok(())
    }
}

/// How one person signs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rute {
    /// NIP and one-time code on the instansi's signing page.
    Daring,
    /// The personal link sent by BKPSDM, then the one-time code.
    Tautan,
    KioskKartu,
    KioskOtp,
    Kertas,
}

impl Rute {
    fn pakai_otp(self) -> bool {
        matches!(self, Rute::Daring | Rute::Tautan | Rute::KioskOtp)
    }
}

#[derive(Debug, Clone)]
struct Rencana {
    pegawai: PegawaiId,
    identitas: String,
    rute: Rute,
    waktu: DateTime<Utc>,
}

/// A stable hash for deterministic choices (FNV-1a).
fn acak(teks: &str) -> u64 {
    teks.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// A Western Indonesia Time (UTC+7) wall-clock instant.
fn wib(hari: NaiveDate, jam: u32, menit: u32) -> DateTime<Utc> {
    let t = NaiveTime::from_hms_opt(jam, menit, 0).unwrap_or_default();
    hari.and_time(t).and_utc() - Duration::hours(7)
}

fn tgl(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default()
}

/// The stages of an election from `"mulai..selesai"` dates (ISO), one per
/// [`JenisTahapan`] in calendar order.
fn tahapan(tanggal: [&str; 7]) -> Vec<Tahapan> {
    JenisTahapan::ALL
        .iter()
        .zip(tanggal)
        .filter_map(|(jenis, t)| {
            let (a, b) = t.split_once("..")?;
            Some(Tahapan {
                jenis: *jenis,
                mulai: a.parse().ok()?,
                selesai: b.parse().ok()?,
            })
        })
        .collect()
}

fn galat(konteks: &str, e: AppError) -> AppError {
    match e {
        AppError::Internal(d) => AppError::Internal(format!("demo {konteks}: {d}")),
        e => AppError::Internal(format!("demo {konteks}: {e}")),
    }
}

/// The demo's working state: an [`App`] on the demo clock (sharing the batcher and caches of
/// the caller's), the instansi, the generated data and the kiosk operator.
struct Demo {
    app: App,
    jam: Arc<JamDemo>,
    inst: Instansi,
    pelaku: Pelaku,
    operator: Pelaku,
    kode: Arc<PenangkapKode>,
    pengirim: PengirimNotifikasi,
    orang: HashMap<String, Orang>,
}

impl Demo {
    fn orang(&self, identitas: &str) -> Option<&Orang> {
        self.orang.get(identitas)
    }

    /// The stored id of a generated person.
    async fn id_pegawai(&self, o: &Orang) -> AppResult<PegawaiId> {
        self.app
            .pegawai_by_identitas(self.inst.id, o.identitas())
            .await?
            .ok_or_else(|| AppError::Internal(format!("demo: {} tidak terimpor", o.nama)))
    }

    fn punya_kontak(&self, identitas: &str) -> bool {
        self.orang(identitas)
            .is_some_and(|o| o.email.is_some() || o.no_hp.is_some())
    }

    async fn pemilihan(
        &self,
        jenis: JenisPemilihan,
        nama: &str,
        tgl_pemungutan: NaiveDate,
        status: StatusPemilihan,
        tahap: Vec<Tahapan>,
    ) -> AppResult<Pemilihan> {
        let ada = self
            .app
            .daftar_pemilihan(&self.pelaku, self.inst.id)
            .await?
            .into_iter()
            .find(|p| p.jenis == jenis && p.nama == nama);
        if let Some(p) = ada {
            return Ok(p);
        }
        let (p, _) = self
            .app
            .simpan_pemilihan(
                &self.pelaku,
                PemilihanBaru {
                    id: None,
                    instansi_id: self.inst.id,
                    jenis,
                    nama: nama.into(),
                    wilayah_kode: self.inst.kode.clone(),
                    tgl_pemungutan,
                    dasar_hukum: "Undang-Undang Nomor 10 Tahun 2016; Peraturan KPU Nomor 2 Tahun \
                                  2024"
                        .into(),
                    status,
                    tahapan: tahap,
                },
            )
            .await?;
        Ok(p)
    }

    /// A starter template for the election, approved by the Sekda on `tanggal`.
    async fn templat(
        &self,
        pemilihan: PemilihanId,
        jenis: JenisTemplatAwal,
        mode: ModePakta,
        se: &str,
        sekda: &str,
        tanggal: NaiveDate,
    ) -> AppResult<PaktaTemplate> {
        let (t, _) = self
            .app
            .templat_awal(
                &self.pelaku,
                self.inst.id,
                Some(pemilihan),
                jenis,
                mode,
                Some(se.into()),
            )
            .await?;
        if t.sudah_disahkan() {
            return Ok(t);
        }
        self.app
            .sahkan_templat(&self.pelaku, self.inst.id, t.id, sekda, tanggal)
            .await
    }

    async fn kampanye(&self, baru: KampanyeBaru) -> AppResult<Kampanye> {
        if let Some(k) = self
            .app
            .daftar_kampanye(&self.pelaku, self.inst.id)
            .await?
            .into_iter()
            .find(|k| k.nama == baru.nama)
        {
            return Ok(k);
        }
        Ok(self.app.buat_kampanye(&self.pelaku, baru).await?.0)
    }

    /// Sends every queued message now (codes land in [`PenangkapKode`]).
    async fn kirim_outbox(&self) -> AppResult<()> {
        loop {
            let l = self.pengirim.langkah().await?;
            if l.terkirim + l.diulang + l.menyerah == 0 {
                return Ok(());
            }
        }
    }

    /// Signs everyone of one wave at `waktu`, each by their route; answers in input order.
    async fn gelombang(
        &self,
        k: &Arc<Kampanye>,
        judul: &Arc<str>,
        waktu: DateTime<Utc>,
        rencana: Vec<Rencana>,
    ) -> AppResult<Vec<(Rencana, TtdDicatat)>> {
        self.jam.setel(waktu);
        let kode_inst = self.inst.kode.as_str().to_string();
        // Personal links first (BKPSDM sends them; the person opens theirs).
        let lewat_tautan: Vec<PegawaiId> = rencana
            .iter()
            .filter(|r| r.rute == Rute::Tautan)
            .map(|r| r.pegawai)
            .collect();
        let mut token = HashMap::new();
        if !lewat_tautan.is_empty() {
            self.app
                .buat_tautan(
                    &self.pelaku,
                    self.inst.id,
                    k.id,
                    SasaranTautan::Pegawai(lewat_tautan.clone()),
                )
                .await
                .map_err(|e| galat("tautan pribadi", e))?;
            self.kirim_outbox().await?;
            for p in lewat_tautan {
                token.insert(p, PenangkapKode::ambil(&self.kode.tautan, p)?);
            }
        }
        let mut minta = JoinSet::new();
        for r in rencana.iter().filter(|r| r.rute.pakai_otp()) {
            let (app, kode_inst, nip) = (self.app.clone(), kode_inst.clone(), r.identitas.clone());
            let t = token.get(&r.pegawai).cloned();
            minta.spawn(async move {
                match t {
                    Some(t) => app.kirim_otp_tautan(&t).await,
                    None => app.kirim_otp(&kode_inst, &nip).await,
                }
            });
        }
        while let Some(h) = minta.join_next().await {
            h.map_err(|e| AppError::Internal(e.to_string()))?
                .map_err(|e| galat("kirim kode", e))?;
        }
        self.kirim_outbox().await?;
        let mut tugas = JoinSet::new();
        for (i, r) in rencana.into_iter().enumerate() {
            let otp = if r.rute.pakai_otp() {
                Some(PenangkapKode::ambil(&self.kode.kode, r.pegawai)?)
            } else {
                None
            };
            let tautan = token.remove(&r.pegawai);
            let o = self.orang(&r.identitas).cloned();
            let (app, inst, op, k, judul) = (
                self.app.clone(),
                self.inst.clone(),
                self.operator.clone(),
                k.clone(),
                judul.clone(),
            );
            tugas.spawn(async move {
                let bukti = Bukti { otp, tautan };
                let h = tanda_tangan(&app, &inst, &op, &k, &judul, &r, o.as_ref(), bukti).await;
                (i, r, h)
            });
        }
        let mut hasil = Vec::with_capacity(tugas.len());
        while let Some(h) = tugas.join_next().await {
            let (i, r, h) = h.map_err(|e| AppError::Internal(e.to_string()))?;
            let t = h.map_err(|e| galat(&format!("tanda tangan pegawai {}", r.pegawai), e))?;
            hasil.push((i, r, t));
        }
        hasil.sort_by_key(|(i, _, _)| *i);
        Ok(hasil.into_iter().map(|(_, r, t)| (r, t)).collect())
    }

    /// Signs a whole plan: sorted by time, one wave per 3-minute slot.
    async fn jalankan(
        &self,
        k: &Arc<Kampanye>,
        judul: &Arc<str>,
        mut rencana: Vec<Rencana>,
    ) -> AppResult<Vec<(Rencana, TtdDicatat)>> {
        rencana.sort_by_key(|r| (r.waktu, r.pegawai));
        let mut semua = Vec::with_capacity(rencana.len());
        let mut it = rencana.into_iter().peekable();
        while let Some(r) = it.next() {
            let slot = r.waktu.timestamp() / 180;
            let waktu = r.waktu;
            let mut grup = vec![r];
            while grup.len() < MAKS_GELOMBANG
                && it.peek().is_some_and(|n| n.waktu.timestamp() / 180 == slot)
            {
                grup.extend(it.next());
            }
            semua.extend(self.gelombang(k, judul, waktu, grup).await?);
        }
        Ok(semua)
    }
}

fn gambar(o: Option<&Orang>) -> Option<GambarRekaman> {
    let nama = o.map(Orang::nama_lengkap)?;
    let (lebar, tinggi) = bukti::KOTAK_TTD;
    Some(GambarRekaman::Goresan {
        lebar,
        tinggi,
        garis: bukti::goresan_ttd(&nama),
    })
}

fn tempat_apel(o: Option<&Orang>) -> Option<String> {
    o.and_then(|o| o.unit_path.first())
        .map(|u| format!("Apel pagi, {u}, Pangkalpinang"))
}

/// What the person received: a one-time code, a personal-link token.
struct Bukti {
    otp: Option<String>,
    tautan: Option<String>,
}

/// One signature through the route of `r`.
#[allow(clippy::too_many_arguments)]
async fn tanda_tangan(
    app: &App,
    inst: &Instansi,
    operator: &Pelaku,
    k: &Kampanye,
    judul: &str,
    r: &Rencana,
    o: Option<&Orang>,
    bukti: Bukti,
) -> AppResult<TtdDicatat> {
    let Bukti { otp, tautan } = bukti;
    match r.rute {
        Rute::Daring | Rute::Tautan => {
            let n = app
                .templat_sah(inst.id, k.template_id)
                .await?
                .isi
                .butir
                .len();
            app.ttd_daring(MasukDaring {
                penanda: match tautan {
                    Some(t) => PenandaDaring::Tautan(t),
                    None => PenandaDaring::Nip {
                        instansi_kode: inst.kode.as_str().to_string(),
                        nip: r.identitas.clone(),
                        kampanye: Some(k.id),
                    },
                },
                otp: otp.unwrap_or_default(),
                butir_dikonfirmasi: vec![true; n],
                gambar: gambar(o),
                tempat: None,
                kunci_idempoten: Some(format!("demo-daring-{}-{}", k.id, r.pegawai)),
            })
            .await
        }
        Rute::KioskKartu | Rute::KioskOtp => {
            let masukan = if r.rute == Rute::KioskKartu {
                app.kartu_pegawai(operator, inst.id, r.pegawai).await?
            } else {
                r.identitas.clone()
            };
            app.ttd_kiosk(
                operator,
                inst.id,
                KioskMasuk {
                    kampanye_id: k.id,
                    nip_atau_kartu: masukan,
                    otp,
                    kunci_idempoten: format!("demo-kios-{}-{}", k.id, r.pegawai),
                    gambar: gambar(o),
                    waktu_klien: Some(r.waktu - Duration::seconds(20)),
                    tempat: tempat_apel(o),
                },
            )
            .await
        }
        Rute::Kertas => {
            let tanggal = (r.waktu + Duration::hours(7)).date_naive() - Duration::days(1);
            let (nama, unit) = o.map_or((String::new(), String::new()), |o| {
                (o.nama_lengkap(), o.unit_path.join(" / "))
            });
            let isi = bukti::pindaian_lembar(
                judul,
                &nama,
                &r.identitas,
                &unit,
                &tanggal.format("%d-%m-%Y").to_string(),
            );
            app.ttd_kertas(
                operator,
                inst.id,
                k.id,
                r.pegawai,
                BerkasMasuk {
                    nama: format!("pindai-{}.pdf", r.identitas),
                    isi,
                },
                tanggal,
            )
            .await
        }
    }
}

/// Forkopimda witnesses (invented names; DATA DEMO).
fn forkopimda() -> Vec<Saksi> {
    [
        (
            "Letkol Inf. Arif Wicaksono",
            "Komandan Kodim 0413/Bangka",
            "Kodim 0413/Bangka",
        ),
        (
            "Kombes Pol. Hendra Gunawan, S.I.K., M.H.",
            "Kepala Kepolisian Resor Kota Pangkalpinang",
            "Polresta Pangkalpinang",
        ),
        (
            "Dr. Ratna Sari Dewi, S.H., M.H.",
            "Kepala Kejaksaan Negeri Pangkalpinang",
            "Kejaksaan Negeri Pangkalpinang",
        ),
    ]
    .into_iter()
    .map(|(nama, jabatan, kantor)| Saksi {
        nama: nama.into(),
        jabatan: jabatan.into(),
        instansi: Some(kantor.into()),
        pegawai_id: None,
    })
    .collect()
}

/// The usual stages with the Pj named as the "kepala daerah" stage (the demo records the Pj
/// as a PNS holding a JPT, so no one has the post kind KEPALA_DAERAH).
fn tahap_demo(pj: PegawaiId, sekda: PegawaiId, tenggat: &[DateTime<Utc>]) -> Vec<TahapKampanye> {
    let mut tahap = Kampanye::tahap_baku(Some(sekda));
    if let Some(t) = tahap.first_mut() {
        t.nama = "Penjabat Wali Kota".into();
        t.anggota = AnggotaTahap::Pegawai([pj].into());
    }
    for (t, d) in tahap.iter_mut().zip(tenggat) {
        t.tenggat = Some(*d);
    }
    tahap
}

const ASN: [JenisPegawai; 4] = [
    JenisPegawai::Pns,
    JenisPegawai::Cpns,
    JenisPegawai::Pppk,
    JenisPegawai::PppkParuhWaktu,
];

impl App {
    /// Fills the demo Pemda with its elections, pacts and campaigns (see the module
    /// documentation), then runs one sequencer step so every signature is covered by a
    /// checkpoint. When the 2025 demo campaign exists already, nothing is added.
    pub async fn siapkan_demo_pakta(
        &self,
        inst: &Instansi,
        data: &DataDemo,
    ) -> AppResult<RingkasanPakta> {
        let hari_ini = self.sekarang().date_naive();
        let pelaku = Pelaku::Cli("demo".into());
        let sudah = self
            .store
            .daftar_kampanye(inst.id)
            .await?
            .into_iter()
            .any(|k| k.nama == KAMPANYE_2025);
        // The story needs at least the Pj and the Sekda.
        let mut ringkas = if sudah || data.orang.len() < 2 {
            RingkasanPakta::default()
        } else {
            let operator = match self.store.user_by_username("bkpsdm").await? {
                Some((u, _)) if u.instansi_id == inst.id => Pelaku::Pengguna(u),
                _ => pelaku.clone(),
            };
            let jam = Arc::new(JamDemo(AtomicI64::new(
                wib(tgl(2024, 9, 2), 8, 0).timestamp_millis(),
            )));
            let mut app = self.clone();
            app.jam = jam.clone();
            let kode = Arc::new(PenangkapKode::default());
            let demo = Demo {
                pengirim: PengirimNotifikasi::baru(app.clone()).dengan_cadangan(kode.clone()),
                app,
                jam,
                inst: inst.clone(),
                pelaku,
                operator,
                kode,
                orang: data
                    .orang
                    .iter()
                    .map(|o| (o.identitas().to_string(), o.clone()))
                    .collect(),
            };
            isi_pakta(&demo, data, hari_ini).await?;
            RingkasanPakta {
                dibuat: true,
                ..RingkasanPakta::default()
            }
        };
        self.langkah_log().await?;
        self.hitung_ringkasan(inst, &mut ringkas).await?;
        Ok(ringkas)
    }

    /// Counts what the demo pacts hold, from the store and the progress state.
    async fn hitung_ringkasan(&self, inst: &Instansi, r: &mut RingkasanPakta) -> AppResult<()> {
        let pelaku = Pelaku::Cli("demo".into());
        r.pemilihan = self.daftar_pemilihan(&pelaku, inst.id).await?.len();
        r.templat = self.daftar_templat(&pelaku, inst.id, None).await?.len();
        let semua = self.daftar_kampanye(&pelaku, inst.id).await?;
        r.kampanye = semua.len();
        let units: HashMap<UnitId, String> = self
            .store
            .daftar_unit(inst.id)
            .await?
            .into_iter()
            .map(|u| (u.id, u.nama))
            .collect();
        r.dibatalkan = self
            .store
            .daftar_tanda_tangan(
                inst.id,
                &FilterTtd {
                    aktif: Some(false),
                    ..FilterTtd::default()
                },
                Halaman {
                    nomor: 1,
                    ukuran: 1,
                },
            )
            .await?
            .1;
        for k in &semua {
            let snap = self.keadaan_kampanye(inst.id, k.id).await?;
            if k.nama == KAMPANYE_2025 {
                r.per_metode.clear();
                for t in snap.semua_ttd().values() {
                    *r.per_metode.entry(t.metode.kode().to_string()).or_default() += 1;
                }
                let rekap = snap.rekap();
                r.wajib = rekap.total.wajib;
                r.sudah = rekap.total.sudah;
                let mut unit: Vec<(String, u64, u64)> = rekap
                    .per_unit
                    .iter()
                    .filter(|(_, a)| a.wajib >= 5 && a.sudah < a.wajib)
                    .map(|(u, a)| {
                        let nama = u
                            .and_then(|u| units.get(&u).cloned())
                            .unwrap_or_else(|| "(tanpa unit)".into());
                        (nama, a.sudah, a.wajib)
                    })
                    .collect();
                unit.sort_by_key(|(n, s, w)| (s * 1000 / w.max(&1), n.clone()));
                unit.truncate(3);
                r.unit_tertinggal = unit;
                let now = self.sekarang();
                r.tahap_terlambat = k
                    .tahap
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| {
                        snap.keadaan_tahap()
                            .get(*i)
                            .is_some_and(|s| k.terlambat(*i, s, now))
                    })
                    .map(|(_, t)| t.nama.clone())
                    .collect();
                for (p, info) in snap.semua_ttd() {
                    let saksi = snap
                        .roster
                        .cari(*p)
                        .and_then(|x| k.tahap_untuk(x))
                        .and_then(|i| k.tahap.get(i))
                        .is_some_and(|t| t.perlu_saksi);
                    if saksi {
                        r.saksi +=
                            self.store.pernyataan_saksi(inst.id, info.id).await?.len() as u64;
                    }
                }
            } else if k.nama == KAMPANYE_2024 {
                r.ttd_2024 = snap.semua_ttd().len() as u64;
            }
        }
        let per = self
            .store
            .daftar_tanda_tangan(
                inst.id,
                &FilterTtd {
                    metode: Some(MetodeTandaTangan::Perwakilan),
                    aktif: Some(true),
                    ..FilterTtd::default()
                },
                Halaman {
                    nomor: 1,
                    ukuran: 50,
                },
            )
            .await?;
        r.perwakilan = per.1;
        r.diwakili = per.0.iter().map(|t| t.ttd.data.mewakili.len() as u64).sum();
        for a in self.store.daftar_acara_ikrar(inst.id).await? {
            r.hadir_deklarasi += self.store.kehadiran_ikrar(inst.id, a.id).await?.len() as u64;
        }
        Ok(())
    }
}

/// The roster members of a campaign with their stage, in roster order.
async fn anggota(d: &Demo, k: &Kampanye) -> AppResult<Vec<(PegawaiRingkas, usize, String)>> {
    let snap = d.app.keadaan_kampanye(d.inst.id, k.id).await?;
    let identitas: HashMap<PegawaiId, String> = d
        .app
        .store
        .pegawai_tersimpan(d.inst.id)
        .await?
        .into_iter()
        .map(|p| (p.id, p.identitas.as_str().to_string()))
        .collect();
    Ok(snap
        .roster
        .pegawai
        .iter()
        .zip(&snap.roster.tahap)
        .filter_map(|(p, t)| {
            let t = (*t)?;
            let id = identitas.get(&p.id)?.clone();
            Some((p.clone(), t, id))
        })
        .collect())
}

fn punya_kartu(p: &PegawaiRingkas) -> bool {
    p.jenis.identitas_wajib() != JenisIdentitas::Nik
}

/// The 2024 election and its finished campaign, then the 2025 one in progress.
async fn isi_pakta(d: &Demo, data: &DataDemo, hari_ini: NaiveDate) -> AppResult<()> {
    let sekda_orang = data
        .orang
        .get(1)
        .ok_or_else(|| AppError::Internal("demo: data tanpa Sekda".into()))?;
    let pj_orang = data
        .orang
        .first()
        .ok_or_else(|| AppError::Internal("demo: data tanpa Pj".into()))?;
    let pj = d.id_pegawai(pj_orang).await?;
    let sekda = d.id_pegawai(sekda_orang).await?;
    let nama_sekda = sekda_orang.nama_lengkap();
    let units = d.app.store.daftar_unit(d.inst.id).await?;

    // ---- Pilkada 2024: finished ----
    d.jam.setel(wib(tgl(2024, 9, 2), 9, 0));
    let pem24 = d
        .pemilihan(
            JenisPemilihan::Pilkada,
            PEMILIHAN_2024,
            tgl(2024, 11, 27),
            StatusPemilihan::Selesai,
            tahapan([
                "2024-08-27..2024-08-29",
                "2024-09-22..2024-09-22",
                "2024-09-25..2024-11-23",
                "2024-11-24..2024-11-26",
                "2024-11-27..2024-11-27",
                "2024-11-28..2024-12-16",
                "2025-01-09..2025-01-09",
            ]),
        )
        .await?;
    d.jam.setel(wib(tgl(2024, 9, 16), 10, 0));
    let t24 = d
        .templat(
            pem24.id,
            JenisTemplatAwal::Skb4,
            ModePakta::Individu,
            SE_2024,
            &nama_sekda,
            tgl(2024, 9, 16),
        )
        .await?;
    // Scope: the Sekretariat Daerah and the Inspektorat (a few hundred people).
    let lingkup24: BTreeSet<UnitId> = units
        .iter()
        .filter(|u| {
            u.induk_id.is_none() && matches!(u.jenis, JenisUnit::Setda | JenisUnit::Inspektorat)
        })
        .map(|u| u.id)
        .collect();
    let buka24 = wib(tgl(2024, 9, 30), 7, 0);
    let k24 = Arc::new(
        d.kampanye(KampanyeBaru {
            instansi_id: d.inst.id,
            nama: KAMPANYE_2024.into(),
            template_id: t24.id,
            lingkup: LingkupKampanye {
                unit: (!lingkup24.is_empty()).then_some(lingkup24),
                jenis_pegawai: ASN.into(),
            },
            tahap: tahap_demo(pj, sekda, &[]),
            dibuka: Some(buka24),
            ditutup: Some(wib(tgl(2024, 10, 31), 16, 0)),
        })
        .await?,
    );
    let judul24: Arc<str> = t24.isi.judul.clone().into();
    let mut rencana = Vec::new();
    for (p, tahap, id) in anggota(d, &k24).await? {
        let h = acak(&id);
        // Stage by stage on 30 Sep – 2 Oct 2024 mornings; everyone signs.
        let hari = tgl(2024, 9, 30) + Duration::days(tahap.saturating_sub(2).min(2) as i64);
        let mulai = wib(hari, 8, 0) + Duration::minutes(tahap as i64 * 20);
        let rute = match h % 10 {
            _ if !punya_kartu(&p) => Rute::Kertas,
            0..=5 => Rute::KioskKartu,
            6..=8 => Rute::Kertas,
            _ if d.punya_kontak(&id) => Rute::Daring,
            _ => Rute::KioskKartu,
        };
        rencana.push(Rencana {
            pegawai: p.id,
            identitas: id,
            rute,
            waktu: mulai + Duration::seconds((h % 10_800) as i64),
        });
    }
    // Strict stages: each stage's signers go before the next stage's.
    rencana.sort_by_key(|r| r.waktu);
    jalankan_bertahap(d, &k24, &judul24, rencana).await?;

    // ---- Pilkada ulang 2025: in progress ----
    let h4 = hari_ini - Duration::days(4);
    let h1 = hari_ini - Duration::days(1);
    d.jam.setel(wib(tgl(2025, 6, 2), 9, 0));
    let pem25 = d
        .pemilihan(
            JenisPemilihan::PilkadaUlang,
            PEMILIHAN_2025,
            tgl(2025, 8, 27),
            StatusPemilihan::Berjalan,
            tahapan([
                "2025-06-23..2025-06-25",
                "2025-07-22..2025-07-22",
                "2025-07-24..2025-08-23",
                "2025-08-24..2025-08-26",
                "2025-08-27..2025-08-27",
                "2025-08-28..2025-09-05",
                "2025-09-15..2025-09-15",
            ]),
        )
        .await?;
    let sah25 = h4 - Duration::days(3);
    d.jam.setel(wib(sah25, 10, 0));
    let t25 = d
        .templat(
            pem25.id,
            JenisTemplatAwal::Butir9,
            ModePakta::Individu,
            SE_2025,
            &nama_sekda,
            sah25,
        )
        .await?;
    let tenggat = [
        wib(h4, 12, 0),
        wib(h4, 12, 0),
        wib(h4, 16, 0),
        wib(h4 + Duration::days(1), 16, 0),
        wib(h1, 16, 0),
    ];
    let k25 = Arc::new(
        d.kampanye(KampanyeBaru {
            instansi_id: d.inst.id,
            nama: KAMPANYE_2025.into(),
            template_id: t25.id,
            lingkup: LingkupKampanye {
                unit: None,
                jenis_pegawai: ASN.into(),
            },
            tahap: tahap_demo(pj, sekda, &tenggat),
            dibuka: Some(wib(h4, 7, 0)),
            ditutup: Some(wib(hari_ini + Duration::days(10), 16, 0)),
        })
        .await?,
    );
    let judul25: Arc<str> = t25.isi.judul.clone().into();
    let semua = anggota(d, &k25).await?;

    // Deklarasi netralitas before the pact (Pangkalpinang 2025), attendance by staff card.
    d.jam.setel(wib(h4, 7, 45));
    let acara = d
        .app
        .buat_acara_ikrar(
            &d.pelaku,
            AcaraIkrarBaru {
                instansi_id: d.inst.id,
                pemilihan_id: Some(pem25.id),
                jenis: JenisAcaraIkrar::Deklarasi,
                nama: "Deklarasi Netralitas ASN Pemerintah Kota Pangkalpinang".into(),
                tanggal: h4,
                lokasi: Some("Halaman Kantor Wali Kota Pangkalpinang".into()),
                hash_teks: None,
            },
        )
        .await?;
    let mut hadir = Vec::new();
    for (p, tahap, id) in &semua {
        let setda = p.unit_leluhur.iter().chain(p.unit_id.iter()).any(|u| {
            units
                .iter()
                .any(|x| x.id == *u && x.jenis == JenisUnit::Setda && x.induk_id.is_none())
        });
        if (*tahap <= 3 || setda) && hadir.len() < 400 {
            hadir.push(if acak(id).is_multiple_of(5) || !punya_kartu(p) {
                id.clone()
            } else {
                d.app.kartu_pegawai(&d.operator, d.inst.id, p.id).await?
            });
        }
    }
    let lap = d
        .app
        .catat_hadir(&d.operator, d.inst.id, acara.id, hadir)
        .await?;
    if let Some(g) = lap.hasil.iter().find_map(|h| h.galat.clone()) {
        return Err(AppError::Internal(format!("demo daftar hadir: {g}")));
    }

    // Leaders at the kiosk, witnessed by Forkopimda.
    let mut pemimpin = Vec::new();
    for (i, p) in [pj, sekda].into_iter().enumerate() {
        let id = semua
            .iter()
            .find(|(x, _, _)| x.id == p)
            .map(|(_, _, id)| id.clone())
            .ok_or_else(|| AppError::Internal("demo: pimpinan di luar kampanye".into()))?;
        let r = Rencana {
            pegawai: p,
            identitas: id,
            rute: Rute::KioskKartu,
            waktu: wib(h4, 9, 0) + Duration::minutes(i as i64 * 12),
        };
        let t = d
            .gelombang(&k25, &judul25, r.waktu, vec![r.clone()])
            .await?;
        pemimpin.extend(t);
    }
    for (i, (r, t)) in pemimpin.iter().enumerate() {
        d.jam.setel(r.waktu + Duration::minutes(3));
        let mut saksi = forkopimda();
        if i == 1 {
            saksi.insert(
                0,
                Saksi {
                    nama: pj_orang.nama_lengkap(),
                    jabatan: "Penjabat Wali Kota Pangkalpinang".into(),
                    instansi: None,
                    pegawai_id: Some(pj),
                },
            );
        }
        for s in saksi {
            d.app
                .catat_saksi(
                    &d.pelaku,
                    d.inst.id,
                    t.id,
                    s,
                    MetodeTandaTangan::Kiosk,
                    Some("Ruang Rapat Wali Kota Pangkalpinang".into()),
                )
                .await?;
        }
    }

    // JPT and administrators on the first day, then everyone else by unit.
    let jenis_unit: HashMap<UnitId, JenisUnit> = units.iter().map(|u| (u.id, u.jenis)).collect();
    let mut ukuran: HashMap<Option<UnitId>, usize> = HashMap::new();
    for (p, t, _) in &semua {
        if *t >= 4 {
            *ukuran.entry(p.unit_id).or_default() += 1;
        }
    }
    let mut urut: Vec<(Option<UnitId>, usize)> = ukuran.into_iter().collect();
    urut.sort_by_key(|(u, n)| (std::cmp::Reverse(*n), *u));
    // Three sizeable units lag badly: "chase the unit that lags".
    let tertinggal: BTreeSet<Option<UnitId>> = [1usize, 4, 8]
        .iter()
        .filter_map(|i| urut.get(*i).map(|(u, _)| *u))
        .collect();
    let mut rencana = Vec::new();
    for (p, tahap, id) in &semua {
        if *tahap <= 1 {
            continue;
        }
        let h = acak(id);
        let kontak = d.punya_kontak(id);
        let kartu = punya_kartu(p);
        let (rute, waktu) = if *tahap <= 3 {
            let rute = if h % 10 < 7 || !kontak {
                Rute::KioskKartu
            } else {
                Rute::Daring
            };
            let mulai = wib(h4, 9, 30) + Duration::minutes((*tahap as i64 - 2) * 50);
            (rute, mulai + Duration::seconds((h % 2700) as i64))
        } else {
            let hu = acak(&format!("{:?}", p.unit_id));
            let rasio = if tertinggal.contains(&p.unit_id) {
                8 + hu % 10
            } else {
                62 + hu % 30
            };
            if h % 100 >= rasio {
                continue;
            }
            let jenis = p.unit_id.and_then(|u| jenis_unit.get(&u).copied());
            let r = h / 100 % 100;
            let rute = match jenis {
                Some(JenisUnit::Upt) => match r {
                    0..50 => Rute::Kertas,
                    50..80 => Rute::Daring,
                    _ => Rute::KioskKartu,
                },
                Some(JenisUnit::Kelurahan | JenisUnit::Kecamatan) => match r {
                    0..60 => Rute::KioskKartu,
                    60..85 => Rute::KioskOtp,
                    _ => Rute::Daring,
                },
                _ => match r {
                    0..55 => Rute::Daring,
                    55..85 => Rute::KioskKartu,
                    85..95 => Rute::KioskOtp,
                    _ => Rute::Kertas,
                },
            };
            let rute = match rute {
                Rute::Daring | Rute::KioskOtp if !kontak => Rute::KioskKartu,
                Rute::Daring if (h / 7).is_multiple_of(3) => Rute::Tautan,
                Rute::KioskKartu if !kartu => Rute::Kertas,
                x => x,
            };
            // The unit's apel day, or any of the three mornings for online signers.
            let hari = match rute {
                Rute::Daring | Rute::Tautan => (h / 10_000) % 3,
                _ => hu % 3,
            };
            let hari = h1 - Duration::days(2 - hari as i64);
            // Mornings 07:30–11:45 WIB, busiest after the 07:30 apel (a skewed hump).
            let u = (h / 30_000 % 1000) as f64 / 1000.0;
            let menit = match rute {
                Rute::Kertas => 120.0 + u * 120.0,
                _ => 255.0 * u * u.sqrt(),
            };
            (
                rute,
                wib(hari, 7, 30) + Duration::seconds((menit * 60.0) as i64),
            )
        };
        rencana.push(Rencana {
            pegawai: p.id,
            identitas: id.clone(),
            rute,
            waktu,
        });
    }
    let hasil = jalankan_bertahap(d, &k25, &judul25, rencana).await?;

    // BKPSDM chases the lagging units: personal links to everyone there who has not signed.
    d.jam.setel(wib(h1, 12, 0));
    for u in tertinggal.iter().flatten() {
        d.app
            .buat_tautan(&d.pelaku, d.inst.id, k25.id, SasaranTautan::Unit(*u))
            .await?;
    }
    d.kirim_outbox().await?;
    d.kode
        .tautan
        .lock()
        .map_err(|e| AppError::Internal(e.to_string()))?
        .clear();

    // Two revocations; the first person signs again from a corrected scan.
    d.jam.setel(wib(h1, 13, 30));
    // Only in the last stage: a strict leaders' stage must stay complete.
    let lainnya = |r: &Rencana| r.waktu >= wib(h4 + Duration::days(1), 0, 0);
    let kertas = hasil
        .iter()
        .find(|(r, _)| r.rute == Rute::Kertas && lainnya(r))
        .cloned();
    let kios = hasil
        .iter()
        .rev()
        .find(|(r, _)| r.rute == Rute::KioskKartu && lainnya(r))
        .cloned();
    if let Some((_, t)) = &kios {
        d.app
            .batalkan_ttd(
                &d.operator,
                d.inst.id,
                t.id,
                "Operator kios memindai kartu pegawai lain yang berada di antrean; pegawai yang \
                 bersangkutan belum hadir dan akan menandatangani sendiri.",
            )
            .await?;
    }
    if let Some((r, t)) = &kertas {
        d.app
            .batalkan_ttd(
                &d.operator,
                d.inst.id,
                t.id,
                "Lembar pindaian tertukar: tanda tangan basah pada lembar ini milik pegawai lain \
                 di unit yang sama. Lembar yang benar dipindai ulang.",
            )
            .await?;
        let ulang = Rencana {
            waktu: wib(h1, 13, 50),
            ..r.clone()
        };
        d.gelombang(&k25, &judul25, ulang.waktu, vec![ulang])
            .await?;
    }

    perwakilan(d, data, &units, pem25.id, &nama_sekda, sah25, h1).await
}

/// Signs a plan in stage order: every signer of a strict stage before anyone of the next
/// (the campaign refuses otherwise).
async fn jalankan_bertahap(
    d: &Demo,
    k: &Arc<Kampanye>,
    judul: &Arc<str>,
    rencana: Vec<Rencana>,
) -> AppResult<Vec<(Rencana, TtdDicatat)>> {
    let snap = d.app.keadaan_kampanye(d.inst.id, k.id).await?;
    let mut per_tahap: BTreeMap<usize, Vec<Rencana>> = BTreeMap::new();
    for r in rencana {
        let t = snap
            .roster
            .cari(r.pegawai)
            .and_then(|p| k.tahap_untuk(p))
            .unwrap_or(usize::MAX);
        per_tahap.entry(t).or_default().push(r);
    }
    let mut semua = Vec::new();
    let mut batas: Option<DateTime<Utc>> = None;
    for (_, mut v) in per_tahap {
        // A later stage never signs before the stage it waits for has finished.
        if let Some(b) = batas {
            for r in &mut v {
                r.waktu = r.waktu.max(b);
            }
        }
        let hasil = d.jalankan(k, judul, v).await?;
        batas = hasil.iter().map(|(r, _)| r.waktu).max().or(batas);
        semua.extend(hasil);
    }
    Ok(semua)
}

/// A lurah signs "atas nama" the non-ASN staff of the kelurahan with the most of them
/// (Kotawaringin Timur), on a separate pact in PERWAKILAN mode.
#[allow(clippy::too_many_arguments)]
async fn perwakilan(
    d: &Demo,
    data: &DataDemo,
    units: &[netral_domain::organisasi::UnitKerja],
    pemilihan: PemilihanId,
    sekda: &str,
    sah: NaiveDate,
    hari: NaiveDate,
) -> AppResult<()> {
    // Non-ASN per unit; prefer a kelurahan, else any unit with a head.
    let mut non_asn: BTreeMap<String, Vec<&Orang>> = BTreeMap::new();
    for o in &data.orang {
        if o.jenis_pegawai == "NON_ASN"
            && let Some(u) = o.unit_path.last()
        {
            non_asn.entry(u.clone()).or_default().push(o);
        }
    }
    let kepala = |unit: &str| {
        data.orang.iter().find(|o| {
            o.unit_path.last().is_some_and(|u| u == unit)
                && o.jenis_pegawai != "NON_ASN"
                && o.eselon.is_some()
        })
    };
    let jenis = |nama: &str| {
        units
            .iter()
            .find(|u| u.nama == nama)
            .map(|u| (u.id, u.jenis))
    };
    let mut calon: Vec<(&String, &Vec<&Orang>)> = non_asn
        .iter()
        .filter(|(u, v)| v.len() >= 2 && kepala(u).is_some() && jenis(u).is_some())
        .collect();
    calon.sort_by_key(|(u, v)| {
        (
            jenis(u).map(|(_, j)| j) != Some(JenisUnit::Kelurahan),
            std::cmp::Reverse(v.len()),
            (*u).clone(),
        )
    });
    let Some((unit, diwakili)) = calon.first() else {
        return Ok(());
    };
    let (Some(pimpinan), Some((unit_id, _))) = (kepala(unit), jenis(unit)) else {
        return Ok(());
    };
    d.jam.setel(wib(sah, 10, 30));
    let t = d
        .templat(
            pemilihan,
            JenisTemplatAwal::Butir6,
            ModePakta::Perwakilan,
            SE_2025,
            sekda,
            sah,
        )
        .await?;
    let penanda = d.id_pegawai(pimpinan).await?;
    let jenis_penanda = d
        .app
        .store
        .pegawai(d.inst.id, penanda)
        .await?
        .map(|p| p.ringkas.jenis)
        .unwrap_or(JenisPegawai::Pns);
    let k = d
        .kampanye(KampanyeBaru {
            instansi_id: d.inst.id,
            nama: format!("Pakta Perwakilan Tenaga Non-ASN — {unit}"),
            template_id: t.id,
            lingkup: LingkupKampanye {
                unit: Some([unit_id].into()),
                jenis_pegawai: [jenis_penanda].into(),
            },
            tahap: vec![TahapKampanye {
                nama: format!("Pimpinan {unit} atas nama tenaga non-ASN"),
                sifat: SifatTahap::Ketat,
                tenggat: Some(wib(hari, 16, 0)),
                anggota: AnggotaTahap::Pegawai([penanda].into()),
                perlu_saksi: false,
            }],
            dibuka: Some(wib(hari - Duration::days(2), 7, 0)),
            ditutup: Some(wib(hari + Duration::days(11), 16, 0)),
        })
        .await?;
    let mut mewakili = Vec::new();
    for o in diwakili.iter() {
        mewakili.push(d.id_pegawai(o).await?);
    }
    d.jam.setel(wib(hari, 14, 30));
    let mandat = bukti::surat_mandat(
        "800.1.6/0433/BKPSDM/2025",
        &pimpinan.nama_lengkap(),
        unit,
        mewakili.len(),
    );
    d.app
        .ttd_perwakilan(
            &d.operator,
            d.inst.id,
            k.id,
            penanda,
            mewakili,
            Some(BerkasMasuk {
                nama: "surat-tugas-perwakilan.pdf".into(),
                isi: mandat,
            }),
            Some(format!("Kantor {unit}, Pangkalpinang")),
        )
        .await
        .map_err(|e| galat("perwakilan", e))?;
    Ok(())
}
