//! Sending the notification outbox: notifiers (log, SMTP e-mail, an HTTP gateway for SMS or
//! WhatsApp) and the sender loop that leases queued messages, sends each through the
//! notifier of its channel and records the outcome with exponential retry.
//!
//! Messages are queued by use cases (`Store::antre_notifikasi`) in the same flow that decides
//! to send them; nothing is sent inline. The sender leases at most [`BATAS_SEWA`] messages
//! for [`LAMA_SEWA`] so two processes never send the same message at once, and a crash
//! mid-send only delays the message until the lease expires.
//!
//! Retry: after a failure the next attempt is 1 minute, 5 minutes, 30 minutes, then 2 hours
//! later; the fifth failure gives up (status `Gagal`). `Notifikasi::percobaan` counts the
//! failures recorded before the current attempt.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use netral_store::ttd::{HasilKirim, Notifikasi};

use crate::{App, AppError, AppResult};

/// How long a leased message is reserved for this sender.
pub const LAMA_SEWA: chrono::TimeDelta = chrono::TimeDelta::seconds(60);
/// Messages leased per round.
pub const BATAS_SEWA: usize = 50;
/// Waits after the 1st, 2nd, 3rd and 4th failure; the 5th failure gives up.
pub const JEDA_ULANG: [chrono::TimeDelta; 4] = [
    chrono::TimeDelta::minutes(1),
    chrono::TimeDelta::minutes(5),
    chrono::TimeDelta::minutes(30),
    chrono::TimeDelta::hours(2),
];

/// When to try again after a failure, given the failures recorded before this one;
/// `None` = give up.
pub fn jadwal_ulang(gagal_sebelumnya: u32, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    JEDA_ULANG
        .get(usize::try_from(gagal_sebelumnya).ok()?)
        .map(|j| now + *j)
}

/// Sends a message over one channel. The error text is stored with the message (never shown
/// to the public), so it must not contain secrets.
#[async_trait]
pub trait Notifier: Send + Sync + 'static {
    /// The channel served: `email`, `sms`, `whatsapp`, `log`.
    fn saluran(&self) -> &str;
    async fn kirim(&self, pesan: &Notifikasi) -> Result<(), String>;
}

/// A message as a [`NotifierLog`] kept it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PesanLog {
    pub id: i64,
    pub saluran: String,
    pub tujuan: String,
    pub subjek: String,
    pub isi: String,
}

/// Writes every message to the tracing log and keeps the newest ones in memory, so tests and
/// the demo can read what would have been sent (e.g. a one-time code).
pub struct NotifierLog {
    saluran: String,
    maks: usize,
    pesan: Mutex<VecDeque<PesanLog>>,
}

impl NotifierLog {
    /// Keeps the newest `maks` messages for channel `saluran`.
    pub fn baru(saluran: &str, maks: usize) -> Self {
        NotifierLog {
            saluran: saluran.to_string(),
            maks: maks.max(1),
            pesan: Mutex::new(VecDeque::new()),
        }
    }

    /// The newest message sent to `tujuan`.
    pub fn pesan_terakhir(&self, tujuan: &str) -> Option<PesanLog> {
        self.pesan
            .lock()
            .ok()?
            .iter()
            .rev()
            .find(|p| p.tujuan == tujuan)
            .cloned()
    }

    /// Every kept message, oldest first.
    pub fn semua(&self) -> Vec<PesanLog> {
        self.pesan
            .lock()
            .map(|p| p.iter().cloned().collect())
            .unwrap_or_default()
    }
}

#[async_trait]
impl Notifier for NotifierLog {
    fn saluran(&self) -> &str {
        &self.saluran
    }

    async fn kirim(&self, n: &Notifikasi) -> Result<(), String> {
        tracing::info!(
            id = n.id,
            saluran = %n.baru.saluran,
            tujuan = %n.baru.tujuan,
            subjek = %n.baru.subjek,
            isi = %n.baru.isi,
            "notifikasi (log)"
        );
        let mut q = self.pesan.lock().map_err(|e| e.to_string())?;
        if q.len() >= self.maks {
            q.pop_front();
        }
        q.push_back(PesanLog {
            id: n.id,
            saluran: n.baru.saluran.clone(),
            tujuan: n.baru.tujuan.clone(),
            subjek: n.baru.subjek.clone(),
            isi: n.baru.isi.clone(),
        });
        Ok(())
    }
}

/// E-mail over SMTP, configured by URL (lettre's form): `smtp://user:pass@host:587?tls=required`
/// (STARTTLS, required), `smtps://user:pass@host:465` (implicit TLS), or plain
/// `smtp://host:25` for a relay on the same host or network only (no encryption).
pub struct NotifierSmtp {
    transport: lettre::AsyncSmtpTransport<lettre::Tokio1Executor>,
    dari: lettre::message::Mailbox,
}

impl NotifierSmtp {
    /// `dari` is the sender address, e.g. `Netral <pakta@pangkalpinangkota.go.id>`.
    pub fn dari_url(url: &str, dari: &str) -> Result<Self, String> {
        let transport = lettre::AsyncSmtpTransport::<lettre::Tokio1Executor>::from_url(url)
            .map_err(|e| format!("URL SMTP tidak valid: {e}"))?
            .build();
        let dari = dari
            .parse()
            .map_err(|e| format!("alamat pengirim {dari:?} tidak valid: {e}"))?;
        Ok(NotifierSmtp { transport, dari })
    }
}

#[async_trait]
impl Notifier for NotifierSmtp {
    fn saluran(&self) -> &str {
        "email"
    }

    async fn kirim(&self, n: &Notifikasi) -> Result<(), String> {
        use lettre::AsyncTransport;
        let ke: lettre::message::Mailbox = n
            .baru
            .tujuan
            .parse()
            .map_err(|e| format!("alamat tujuan tidak valid: {e}"))?;
        let pesan = lettre::Message::builder()
            .from(self.dari.clone())
            .to(ke)
            .subject(n.baru.subjek.clone())
            .header(lettre::message::header::ContentType::TEXT_PLAIN)
            .body(n.baru.isi.clone())
            .map_err(|e| format!("menyusun surel: {e}"))?;
        self.transport
            .send(pesan)
            .await
            .map(|_| ())
            .map_err(|e| format!("SMTP: {e}"))
    }
}

/// A message gateway over HTTP (SMS or WhatsApp providers, or a small relay in front of
/// one): `POST <url>` with `Authorization: Bearer <token>` and the JSON body
/// `{"to": …, "subject": …, "body": …}`; any 2xx answer is success.
pub struct NotifierHttp {
    saluran: String,
    url: String,
    token: Option<String>,
    klien: reqwest::Client,
}

impl NotifierHttp {
    pub fn baru(saluran: &str, url: &str, token: Option<String>) -> Result<Self, String> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(format!("URL gateway {url:?} harus http:// atau https://"));
        }
        let klien = reqwest::Client::builder()
            .timeout(Duration::from_secs(20))
            .build()
            .map_err(|e| format!("klien HTTP: {e}"))?;
        Ok(NotifierHttp {
            saluran: saluran.to_string(),
            url: url.to_string(),
            token,
            klien,
        })
    }
}

#[async_trait]
impl Notifier for NotifierHttp {
    fn saluran(&self) -> &str {
        &self.saluran
    }

    async fn kirim(&self, n: &Notifikasi) -> Result<(), String> {
        let mut req = self.klien.post(&self.url).json(&serde_json::json!({
            "to": n.baru.tujuan,
            "subject": n.baru.subjek,
            "body": n.baru.isi,
        }));
        if let Some(t) = &self.token {
            req = req.bearer_auth(t);
        }
        let res = req
            .send()
            .await
            .map_err(|e| format!("gateway tidak dapat dihubungi: {e}"))?;
        let status = res.status();
        if status.is_success() {
            Ok(())
        } else {
            Err(format!("gateway menjawab HTTP {}", status.as_u16()))
        }
    }
}

/// What one round of the sender did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LaporanKirim {
    pub terkirim: u64,
    /// Failed and scheduled again.
    pub diulang: u64,
    /// Failed for the last time.
    pub menyerah: u64,
}

/// Sends the outbox: one notifier per channel, optionally a fallback for channels without
/// their own (the demo routes everything to a [`NotifierLog`]).
#[derive(Clone)]
pub struct PengirimNotifikasi {
    app: App,
    notifier: HashMap<String, Arc<dyn Notifier>>,
    cadangan: Option<Arc<dyn Notifier>>,
}

impl PengirimNotifikasi {
    pub fn baru(app: App) -> Self {
        PengirimNotifikasi {
            app,
            notifier: HashMap::new(),
            cadangan: None,
        }
    }

    /// Sends the messages of `n.saluran()` through `n`.
    pub fn dengan(mut self, n: Arc<dyn Notifier>) -> Self {
        self.notifier.insert(n.saluran().to_string(), n);
        self
    }

    /// Sends the messages of channels without their own notifier through `n`.
    pub fn dengan_cadangan(mut self, n: Arc<dyn Notifier>) -> Self {
        self.cadangan = Some(n);
        self
    }

    fn untuk(&self, saluran: &str) -> Option<&Arc<dyn Notifier>> {
        self.notifier.get(saluran).or(self.cadangan.as_ref())
    }

    /// Leases the due messages once and sends them.
    pub async fn langkah(&self) -> AppResult<LaporanKirim> {
        let now = self.app.sekarang();
        let pesan = self
            .app
            .store
            .ambil_notifikasi(now, now + LAMA_SEWA, BATAS_SEWA)
            .await?;
        let mut lap = LaporanKirim::default();
        for n in pesan {
            let hasil = match self.untuk(&n.baru.saluran) {
                Some(k) => k.kirim(&n).await,
                None => Err(format!(
                    "tidak ada pengirim untuk saluran {:?}",
                    n.baru.saluran
                )),
            };
            let selesai = self.app.sekarang();
            let hasil = match hasil {
                Ok(()) => {
                    lap.terkirim += 1;
                    HasilKirim::Terkirim
                }
                Err(galat) => {
                    let coba_lagi = jadwal_ulang(n.percobaan, selesai);
                    if coba_lagi.is_some() {
                        lap.diulang += 1;
                        tracing::warn!(id = n.id, percobaan = n.percobaan, %galat, "notifikasi gagal; dicoba lagi");
                    } else {
                        lap.menyerah += 1;
                        tracing::error!(id = n.id, %galat, "notifikasi gagal; menyerah");
                    }
                    HasilKirim::Gagal { galat, coba_lagi }
                }
            };
            self.app
                .store
                .selesai_notifikasi(n.id, &hasil, selesai)
                .await?;
        }
        Ok(lap)
    }

    /// Runs [`Self::langkah`] every `interval` on its own task until stopped.
    pub fn mulai(self, interval: Duration) -> PengirimBerjalan {
        let (stop, mut rx) = tokio::sync::watch::channel(false);
        let tugas = tokio::spawn(async move {
            let mut detak = tokio::time::interval(interval);
            detak.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = detak.tick() => {}
                    _ = rx.changed() => break,
                }
                if *rx.borrow() {
                    break;
                }
                // Drain: keep going while full leases come back.
                loop {
                    match self.langkah().await {
                        Ok(l) if (l.terkirim + l.diulang + l.menyerah) as usize >= BATAS_SEWA => {}
                        Ok(_) => break,
                        Err(e) => {
                            tracing::error!(error = %e, kode = e.kode(), "pengirim notifikasi");
                            if let AppError::Internal(d) = &e {
                                tracing::error!(detail = %d, "pengirim notifikasi: rincian");
                            }
                            break;
                        }
                    }
                }
            }
        });
        PengirimBerjalan { stop, tugas }
    }
}

/// The running sender task.
pub struct PengirimBerjalan {
    stop: tokio::sync::watch::Sender<bool>,
    tugas: tokio::task::JoinHandle<()>,
}

impl PengirimBerjalan {
    /// Stops after the message being sent, if any.
    pub async fn berhenti(self) {
        let _ = self.stop.send(true);
        let _ = self.tugas.await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jadwal_ulang_bertingkat_lalu_menyerah() {
        let t = DateTime::<Utc>::from_timestamp(1_800_000_000, 0).unwrap_or_default();
        let jeda: Vec<_> = (0..6).map(|n| jadwal_ulang(n, t).map(|x| x - t)).collect();
        assert_eq!(
            jeda,
            vec![
                Some(chrono::TimeDelta::minutes(1)),
                Some(chrono::TimeDelta::minutes(5)),
                Some(chrono::TimeDelta::minutes(30)),
                Some(chrono::TimeDelta::hours(2)),
                None,
                None
            ]
        );
        assert_eq!(jadwal_ulang(u32::MAX, t), None);
    }

    #[tokio::test]
    async fn url_smtp_dan_gateway_diperiksa() {
        assert!(NotifierSmtp::dari_url("smtp://u:p@localhost:2525", "Netral <a@b.go.id>").is_ok());
        assert!(NotifierSmtp::dari_url("ftp://x", "a@b.go.id").is_err());
        assert!(NotifierSmtp::dari_url("smtp://localhost", "bukan alamat").is_err());
        assert!(NotifierHttp::baru("sms", "https://gw.example/kirim", None).is_ok());
        assert!(NotifierHttp::baru("sms", "gw.example", None).is_err());
    }
}
