//! The witness server (C2SP tlog-witness v1.0.0).
//!
//! | route | answer |
//! |---|---|
//! | `POST /add-checkpoint` | 200 cosignature lines; 400 malformed or old > new; 403 log signature not verified; 404 unknown log; 409 old size ≠ recorded size (body = recorded size, `Content-Type: text/x.tlog.size`); 422 consistency proof rejected; 500 state not saved |
//! | `GET /` | a short Indonesian text: what this witness is, its vkey, the logs it follows and their recorded sizes |
//! | `GET /vkey` | the cosigner vkey |
//!
//! Each `add-checkpoint` runs on the blocking pool under one mutex: read the
//! recorded state of the origin, decide with [`Witness::add_checkpoint`],
//! write the new state durably ([`Folder::tulis_status`]), and only then
//! answer. Two racing requests with the same old size therefore cannot both
//! succeed, and a state the witness has answered with survives a crash.

use std::future::Future;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{SystemTime, UNIX_EPOCH};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use netral_ledger::note::{self, NoteVerifier, Verifier};
use netral_ledger::witness::{AddCheckpointRequest, Cosigned, LogState, Witness, WitnessError};

use crate::simpan::{Folder, GalatSimpan, StatusLog};

/// The request size limit: a checkpoint note plus 63 proof lines.
const BATAS_BADAN: usize = note::MAX_NOTE_SIZE + 8192;

/// The clock the witness reads for cosignature timestamps.
pub trait Jam: Send + Sync + 'static {
    /// Current time in POSIX seconds.
    fn detik_unix(&self) -> u64;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct JamSistem;

impl Jam for JamSistem {
    fn detik_unix(&self) -> u64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }
}

/// A fixed clock, for tests.
#[derive(Debug, Clone, Copy)]
pub struct JamTetap(pub u64);

impl Jam for JamTetap {
    fn detik_unix(&self) -> u64 {
        self.0
    }
}

/// Why a witness could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum GalatMulai {
    /// The data folder, key or state file.
    #[error(transparent)]
    Simpan(#[from] GalatSimpan),
    /// A `--log` vkey does not parse.
    #[error("kunci log tidak valid \"{vkey}\": {sebab}")]
    KunciLog {
        /// The vkey as given.
        vkey: String,
        /// Why.
        sebab: netral_ledger::NoteError,
    },
    /// No log to follow.
    #[error("saksi memerlukan setidaknya satu kunci log (--log VKEY)")]
    TanpaLog,
}

/// Why an `add-checkpoint` failed.
#[derive(Debug, thiserror::Error)]
pub enum GalatTambah {
    /// Refused by the protocol (400/403/404/409/422).
    #[error(transparent)]
    Protokol(#[from] WitnessError),
    /// The new state could not be saved (500); nothing was cosigned.
    #[error("status saksi tidak dapat disimpan: {0}")]
    Simpan(#[from] GalatSimpan),
}

impl GalatTambah {
    /// The HTTP status.
    pub fn status(&self) -> u16 {
        match self {
            GalatTambah::Protokol(e) => e.status(),
            GalatTambah::Simpan(_) => 500,
        }
    }
}

/// A running witness: its key, the logs it follows and its durable state.
/// Cheap to clone (shared).
#[derive(Clone)]
pub struct Saksi {
    inti: Arc<Inti>,
}

struct Inti {
    witness: Witness,
    nama: String,
    vkey: String,
    /// (origin, log vkey), as configured.
    log: Vec<(String, String)>,
    folder: Folder,
    status: Mutex<StatusLog>,
    jam: Arc<dyn Jam>,
}

impl std::fmt::Debug for Saksi {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Saksi")
            .field("vkey", &self.inti.vkey)
            .field("folder", &self.inti.folder.jalur())
            .finish_non_exhaustive()
    }
}

impl Saksi {
    /// Opens (or creates) the witness in `folder`: takes the folder lock,
    /// loads or generates the cosigner key (named `nama`, default
    /// `witness.localhost`), loads the recorded state, and trusts each log
    /// vkey for checkpoints whose origin is the key's name.
    pub fn buka(
        folder: &Path,
        nama: Option<&str>,
        log_vkey: &[String],
        jam: Arc<dyn Jam>,
    ) -> Result<Saksi, GalatMulai> {
        if log_vkey.is_empty() {
            return Err(GalatMulai::TanpaLog);
        }
        let mut log = Vec::with_capacity(log_vkey.len());
        for vkey in log_vkey {
            let v = Verifier::from_vkey(vkey.trim()).map_err(|sebab| GalatMulai::KunciLog {
                vkey: vkey.clone(),
                sebab,
            })?;
            log.push(v);
        }
        let folder = Folder::buka(folder)?;
        let kunci = folder.kunci_cosigner(nama)?;
        let status = folder.baca_status()?;
        let nama = kunci.name().to_owned();
        let vkey = kunci.vkey();
        let mut witness = Witness::new(vec![kunci]);
        let mut daftar = Vec::with_capacity(log.len());
        for v in log {
            let origin = v.name().to_owned();
            if !daftar.iter().any(|(_, k)| *k == v.vkey()) {
                daftar.push((origin.clone(), v.vkey()));
                witness.add_log(origin, v);
            }
        }
        Ok(Saksi {
            inti: Arc::new(Inti {
                witness,
                nama,
                vkey,
                log: daftar,
                folder,
                status: Mutex::new(status),
                jam,
            }),
        })
    }

    /// The cosigner key name.
    pub fn nama(&self) -> &str {
        &self.inti.nama
    }

    /// The cosigner vkey (`name+id+base64(0x04 ‖ key)`), for tlog-policy files.
    pub fn vkey(&self) -> &str {
        &self.inti.vkey
    }

    /// The followed logs as (origin, log vkey).
    pub fn log(&self) -> &[(String, String)] {
        &self.inti.log
    }

    /// The recorded state of a log.
    pub fn status(&self, origin: &str) -> Option<LogState> {
        self.kunci().get(origin).copied()
    }

    fn kunci(&self) -> MutexGuard<'_, StatusLog> {
        // A panic while holding the lock cannot leave a half-updated map:
        // the map is only changed after the file write succeeded.
        self.inti
            .status
            .lock()
            .unwrap_or_else(|racun| racun.into_inner())
    }

    /// Handles one `add-checkpoint` body: decides, persists the new state,
    /// and returns the cosignatures. Blocking (file I/O with fsync): call it
    /// from a blocking thread.
    pub fn tambah_checkpoint(&self, badan: &[u8]) -> Result<Cosigned, GalatTambah> {
        let req = AddCheckpointRequest::parse(badan)?;
        let origin = req.origin()?;
        let mut status = self.kunci();
        let hasil =
            self.inti
                .witness
                .add_checkpoint(&req, status.get(&origin), self.inti.jam.detik_unix());
        let cosigned = match hasil {
            Ok(c) => c,
            Err(e) => {
                catat_tolak(&origin, &req, &e, status.get(&origin));
                return Err(e.into());
            }
        };
        if status.get(&origin) != Some(&cosigned.state) {
            let mut baru = status.clone();
            baru.insert(origin.clone(), cosigned.state);
            self.inti.folder.tulis_status(&baru)?;
            *status = baru;
        }
        drop(status);
        tracing::info!(
            origin = %origin,
            lama = req.old_size,
            ukuran = cosigned.state.size,
            "checkpoint dikosignasi"
        );
        Ok(cosigned)
    }

    /// The text of `GET /`.
    pub fn teks_beranda(&self) -> String {
        let status = self.kunci().clone();
        let mut s = format!(
            "Saksi log transparansi Netral (C2SP tlog-witness v1.0.0)\n\
             \n\
             Saksi ini mengingat checkpoint terakhir yang ia kosignasi untuk setiap log\n\
             dan hanya mengkosignasi checkpoint baru yang terbukti merupakan kelanjutannya,\n\
             sehingga sebuah Pemda tidak dapat menunjukkan riwayat berbeda kepada orang berbeda.\n\
             \n\
             nama: {}\n\
             vkey: {}\n\
             kirim checkpoint: POST /add-checkpoint\n\
             \n\
             log yang diikuti ({}):\n",
            self.inti.nama,
            self.inti.vkey,
            self.inti.log.len()
        );
        for (origin, vkey) in &self.inti.log {
            let ukuran = status
                .get(origin)
                .map_or("belum ada checkpoint".to_owned(), |st| {
                    format!("ukuran {}", st.size)
                });
            s.push_str(&format!("  {origin} — {ukuran}\n    {vkey}\n"));
        }
        s
    }

    /// The axum router: `POST /add-checkpoint`, `GET /`, `GET /vkey`.
    pub fn router(&self) -> Router {
        Router::new()
            .route("/", get(beranda))
            .route("/vkey", get(vkey))
            .route("/add-checkpoint", post(tambah))
            .layer(DefaultBodyLimit::max(BATAS_BADAN))
            .with_state(self.clone())
    }
}

fn catat_tolak(
    origin: &str,
    req: &AddCheckpointRequest,
    e: &WitnessError,
    tercatat: Option<&LogState>,
) {
    match e {
        WitnessError::Unprocessable(_) => tracing::warn!(
            origin = %origin,
            lama = req.old_size,
            tercatat = tercatat.map(|s| s.size),
            alasan = %e,
            checkpoint = %req.checkpoint,
            "checkpoint TIDAK konsisten dengan yang pernah dikosignasi — kemungkinan log bercabang"
        ),
        WitnessError::Conflict { .. } | WitnessError::UnknownOrigin => {
            tracing::debug!(origin = %origin, alasan = %e, "checkpoint ditolak")
        }
        _ => tracing::info!(origin = %origin, alasan = %e, "checkpoint ditolak"),
    }
}

const TEKS: &str = "text/plain; charset=utf-8";

async fn beranda(State(s): State<Saksi>) -> Response {
    ([(header::CONTENT_TYPE, TEKS)], s.teks_beranda()).into_response()
}

async fn vkey(State(s): State<Saksi>) -> Response {
    ([(header::CONTENT_TYPE, TEKS)], format!("{}\n", s.vkey())).into_response()
}

async fn tambah(State(s): State<Saksi>, badan: Bytes) -> Response {
    let hasil = tokio::task::spawn_blocking(move || s.tambah_checkpoint(&badan)).await;
    match hasil {
        Ok(Ok(c)) => ([(header::CONTENT_TYPE, TEKS)], c.response_body()).into_response(),
        Ok(Err(GalatTambah::Protokol(e))) => {
            let kode = StatusCode::from_u16(e.status()).unwrap_or(StatusCode::BAD_REQUEST);
            (kode, [(header::CONTENT_TYPE, e.content_type())], e.body()).into_response()
        }
        Ok(Err(e @ GalatTambah::Simpan(_))) => {
            tracing::error!(galat = %e, "status saksi tidak dapat disimpan");
            galat_internal()
        }
        Err(e) => {
            tracing::error!(galat = %e, "penanganan add-checkpoint gagal");
            galat_internal()
        }
    }
}

fn galat_internal() -> Response {
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        [(header::CONTENT_TYPE, TEKS)],
        "kesalahan internal saksi: status tidak dapat disimpan\n",
    )
        .into_response()
}

/// Serves the witness on `listener` until `berhenti` resolves.
pub async fn layani(
    listener: tokio::net::TcpListener,
    saksi: Saksi,
    berhenti: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, saksi.router())
        .with_graceful_shutdown(berhenti)
        .await
}
