//! The log side of C2SP tlog-witness v1.0.0: send a signed checkpoint to a
//! witness and get its cosignature back.
//!
//! The log normally remembers, per witness, the size that witness last
//! cosigned and sends a consistency proof from that size. When it does not
//! know (first contact, restart, a previous failure) it sends `old 0` with no
//! proof: a witness that never saw the log cosigns right away (trust on first
//! use), and one that did answers 409 with its recorded size. On a 409 the
//! client asks the caller for a consistency proof from that size and resends
//! **once**; a second 409 (the witness moved meanwhile) is an error.
//!
//! ```no_run
//! # async fn contoh(store: &netral_ledger::tree::MemoryHashStore, checkpoint: &str, ukuran: u64) {
//! use netral_ledger::tree::prove_tree;
//! use netral_witness::klien::kirim_checkpoint;
//!
//! // We don't know what the witness has seen: probe with old 0.
//! let baris = kirim_checkpoint(
//!     "https://saksi.bkn.go.id",
//!     0,
//!     &[],
//!     checkpoint,
//!     |lama| std::future::ready(prove_tree(ukuran, lama, store)),
//! )
//! .await;
//! # }
//! ```

use std::fmt::Display;
use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::cosig::CosignatureVerifier;
use netral_ledger::hash::Hash;
use netral_ledger::note::{self, Signature};
use netral_ledger::witness::AddCheckpointRequest;
use reqwest::StatusCode;

/// How long one request to a witness may take.
pub const BATAS_WAKTU: Duration = Duration::from_secs(10);

/// Why a witness did not cosign.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KlienError {
    /// The checkpoint given to the client is not a well-formed signed checkpoint.
    #[error("checkpoint yang akan dikirim tidak valid: {0}")]
    CheckpointTidakValid(String),
    /// The witness could not be reached, or the connection failed.
    #[error("tidak dapat menghubungi saksi {url}: {sumber}")]
    Jaringan {
        /// Witness URL.
        url: String,
        /// The transport error.
        #[source]
        sumber: reqwest::Error,
    },
    /// The witness refused the checkpoint (400, 403, 404, 422, 5xx…).
    #[error("saksi {url} menolak checkpoint (HTTP {status}): {pesan}")]
    Ditolak {
        /// Witness URL.
        url: String,
        /// HTTP status.
        status: u16,
        /// The witness's explanation (first line of its body).
        pesan: String,
    },
    /// The witness has cosigned a larger tree than the checkpoint: the log
    /// is behind what it once showed this witness (rollback, or a restore
    /// from an old backup).
    #[error(
        "saksi {url} sudah mengkosignasi ukuran {tercatat}, lebih besar dari checkpoint ini (ukuran {ukuran}); log tertinggal dari yang pernah ia tunjukkan"
    )]
    SaksiLebihMaju {
        /// Witness URL.
        url: String,
        /// Size the witness recorded.
        tercatat: u64,
        /// Size of the checkpoint sent.
        ukuran: u64,
    },
    /// The witness answered 409 again after the resend.
    #[error("saksi {url} masih menjawab 409 setelah dikirim ulang (ukuran tercatat {tercatat})")]
    KonflikBerulang {
        /// Witness URL.
        url: String,
        /// Size in the second 409.
        tercatat: u64,
    },
    /// The caller's closure could not build the consistency proof.
    #[error("bukti konsistensi dari ukuran {dari} tidak dapat dibuat: {sebab}")]
    Bukti {
        /// Old size asked for.
        dari: u64,
        /// The closure's error.
        sebab: String,
    },
    /// The answer is not what the protocol allows (bad 409 body, no
    /// cosignature line, or no valid cosignature by the expected key).
    #[error("jawaban saksi {url} tidak valid: {alasan}")]
    JawabanTidakValid {
        /// Witness URL.
        url: String,
        /// Why.
        alasan: String,
    },
}

impl KlienError {
    /// The HTTP status the witness answered with, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            KlienError::Ditolak { status, .. } => Some(*status),
            KlienError::KonflikBerulang { .. } => Some(409),
            _ => None,
        }
    }

    /// True when the witness says the checkpoint is **not consistent** with
    /// what it cosigned before (HTTP 422): evidence of a forked log.
    pub fn bercabang(&self) -> bool {
        self.status() == Some(422)
    }
}

/// A witness a log pushes its checkpoints to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TujuanSaksi {
    /// Base URL, e.g. `https://saksi.bkn.go.id` (the client appends `/add-checkpoint`).
    pub url: String,
    /// The witness's cosignature key, to check what it returns.
    pub verifier: CosignatureVerifier,
}

impl TujuanSaksi {
    /// A witness at `url` with cosigner vkey `vkey`.
    pub fn baru(url: &str, vkey: &str) -> Result<Self, netral_ledger::NoteError> {
        Ok(TujuanSaksi {
            url: url.to_owned(),
            verifier: CosignatureVerifier::from_vkey(vkey.trim())?,
        })
    }
}

/// A verified cosignature from one witness.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Kosignatur {
    /// The signature line, without its newline (as `Store::simpan_kosignatur` keeps it).
    pub baris: String,
    /// Its timestamp (POSIX seconds).
    pub waktu: u64,
    /// The signature, ready for [`note::append_signatures`].
    pub tanda_tangan: Signature,
}

/// An HTTP client for witnesses (keeps connections alive between calls).
#[derive(Debug, Clone)]
pub struct KlienSaksi {
    http: reqwest::Client,
}

impl Default for KlienSaksi {
    fn default() -> Self {
        Self::new()
    }
}

impl KlienSaksi {
    /// A client with a [`BATAS_WAKTU`] timeout per request.
    pub fn new() -> Self {
        let http = reqwest::Client::builder()
            .timeout(BATAS_WAKTU)
            .connect_timeout(BATAS_WAKTU)
            .user_agent(concat!("netral-witness/", env!("CARGO_PKG_VERSION")))
            .build()
            .unwrap_or_default();
        KlienSaksi { http }
    }

    /// A client on an existing reqwest client.
    pub fn dengan(http: reqwest::Client) -> Self {
        KlienSaksi { http }
    }

    /// Sends `checkpoint_bertanda` (a checkpoint note signed by the log) to
    /// the witness at `url_saksi` with `old_size` and the consistency proof
    /// from `old_size` to the checkpoint size, and returns the cosignature
    /// lines the witness answered with (without their newline, not yet
    /// verified: see [`KlienSaksi::kosignasi`]).
    ///
    /// `old_size` 0 (with an empty proof) is the probe. On 409 the witness's
    /// recorded size `n` is read; the proof is empty when `n` is 0 or equals
    /// the checkpoint size, otherwise `buat_bukti(n)` computes it (e.g.
    /// `prove_tree(size, n, …)`); the request is resent once.
    pub async fn kirim_checkpoint<F, Fut, E>(
        &self,
        url_saksi: &str,
        old_size: u64,
        bukti_konsistensi: &[Hash],
        checkpoint_bertanda: &str,
        buat_bukti: F,
    ) -> Result<Vec<String>, KlienError>
    where
        F: Fn(u64) -> Fut,
        Fut: Future<Output = Result<Vec<Hash>, E>>,
        E: Display,
    {
        let ukuran = ukuran_checkpoint(checkpoint_bertanda)?;
        let url = format!("{}/add-checkpoint", url_saksi.trim_end_matches('/'));
        let mut req = AddCheckpointRequest {
            old_size,
            proof: bukti_konsistensi.to_vec(),
            checkpoint: checkpoint_bertanda.to_owned(),
        };
        match self.kirim(url_saksi, &url, &req).await? {
            Jawaban::Kosignatur(b) => return Ok(b),
            Jawaban::Konflik(tercatat) => {
                if tercatat > ukuran {
                    return Err(KlienError::SaksiLebihMaju {
                        url: url_saksi.to_owned(),
                        tercatat,
                        ukuran,
                    });
                }
                req.old_size = tercatat;
                req.proof = if tercatat == 0 || tercatat == ukuran {
                    Vec::new()
                } else {
                    buat_bukti(tercatat).await.map_err(|e| KlienError::Bukti {
                        dari: tercatat,
                        sebab: e.to_string(),
                    })?
                };
            }
        }
        match self.kirim(url_saksi, &url, &req).await? {
            Jawaban::Kosignatur(b) => Ok(b),
            Jawaban::Konflik(tercatat) => Err(KlienError::KonflikBerulang {
                url: url_saksi.to_owned(),
                tercatat,
            }),
        }
    }

    /// Like [`KlienSaksi::kirim_checkpoint`], then keeps only the line by the
    /// expected witness key and verifies it on the checkpoint body.
    pub async fn kosignasi<F, Fut, E>(
        &self,
        saksi: &TujuanSaksi,
        old_size: u64,
        bukti_konsistensi: &[Hash],
        checkpoint_bertanda: &str,
        buat_bukti: F,
    ) -> Result<Kosignatur, KlienError>
    where
        F: Fn(u64) -> Fut,
        Fut: Future<Output = Result<Vec<Hash>, E>>,
        E: Display,
    {
        let baris = self
            .kirim_checkpoint(
                &saksi.url,
                old_size,
                bukti_konsistensi,
                checkpoint_bertanda,
                buat_bukti,
            )
            .await?;
        periksa_kosignatur(&saksi.verifier, checkpoint_bertanda, &baris).map_err(|alasan| {
            KlienError::JawabanTidakValid {
                url: saksi.url.clone(),
                alasan,
            }
        })
    }

    async fn kirim(
        &self,
        url_saksi: &str,
        url: &str,
        req: &AddCheckpointRequest,
    ) -> Result<Jawaban, KlienError> {
        let jaringan = |sumber| KlienError::Jaringan {
            url: url_saksi.to_owned(),
            sumber,
        };
        let resp = self
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, "text/plain; charset=utf-8")
            .body(req.to_body())
            .send()
            .await
            .map_err(jaringan)?;
        let status = resp.status();
        let badan = resp.text().await.map_err(jaringan)?;
        let tidak_valid = |alasan: &str| KlienError::JawabanTidakValid {
            url: url_saksi.to_owned(),
            alasan: alasan.to_owned(),
        };
        match status {
            StatusCode::OK => {
                let baris: Vec<String> = badan
                    .split_inclusive('\n')
                    .filter(|b| !b.trim().is_empty())
                    .map(|b| {
                        let b = b.strip_suffix('\n').unwrap_or(b);
                        Signature::parse_line(b).map(|_| b.to_owned())
                    })
                    .collect::<Result<_, _>>()
                    .map_err(|_| tidak_valid("baris kosignatur tidak dapat diurai"))?;
                if baris.is_empty() {
                    return Err(tidak_valid("tidak ada baris kosignatur"));
                }
                Ok(Jawaban::Kosignatur(baris))
            }
            StatusCode::CONFLICT => badan
                .trim()
                .parse()
                .map(Jawaban::Konflik)
                .map_err(|_| tidak_valid("jawaban 409 tanpa ukuran tercatat")),
            s => Err(KlienError::Ditolak {
                url: url_saksi.to_owned(),
                status: s.as_u16(),
                pesan: badan.lines().next().unwrap_or_default().to_owned(),
            }),
        }
    }
}

enum Jawaban {
    Kosignatur(Vec<String>),
    Konflik(u64),
}

fn ukuran_checkpoint(checkpoint_bertanda: &str) -> Result<u64, KlienError> {
    let tidak_valid = |e: &dyn Display| KlienError::CheckpointTidakValid(e.to_string());
    let (badan, _) = note::split_note(checkpoint_bertanda).map_err(|e| tidak_valid(&e))?;
    Ok(Checkpoint::parse(badan).map_err(|e| tidak_valid(&e))?.size)
}

/// Picks the line signed by `verifier` among `baris` and verifies it on the
/// body of `checkpoint_bertanda`.
pub fn periksa_kosignatur(
    verifier: &CosignatureVerifier,
    checkpoint_bertanda: &str,
    baris: &[String],
) -> Result<Kosignatur, String> {
    use netral_ledger::note::NoteVerifier;
    let (badan, _) = note::split_note(checkpoint_bertanda).map_err(|e| e.to_string())?;
    for b in baris {
        let b = b.trim_end_matches('\n');
        let Ok(sig) = Signature::parse_line(b) else {
            continue;
        };
        if sig.name != verifier.name() || sig.key_id != verifier.key_id() {
            continue;
        }
        let waktu = verifier
            .verify_line(badan, b)
            .map_err(|e| format!("kosignatur tidak sah: {e}"))?;
        return Ok(Kosignatur {
            baris: b.to_owned(),
            waktu,
            tanda_tangan: sig,
        });
    }
    Err(format!(
        "tidak ada kosignatur dengan kunci {}",
        verifier.vkey()
    ))
}

/// Appends verified cosignatures to the checkpoint note (lines already
/// present are skipped).
pub fn tempel_kosignatur(
    checkpoint_bertanda: &str,
    kosignatur: &[Kosignatur],
) -> Result<String, netral_ledger::NoteError> {
    let sig: Vec<Signature> = kosignatur.iter().map(|k| k.tanda_tangan.clone()).collect();
    note::append_signatures(checkpoint_bertanda, &sig)
}

/// [`KlienSaksi::kirim_checkpoint`] on a shared default client.
pub async fn kirim_checkpoint<F, Fut, E>(
    url_saksi: &str,
    old_size: u64,
    bukti_konsistensi: &[Hash],
    checkpoint_bertanda: &str,
    buat_bukti: F,
) -> Result<Vec<String>, KlienError>
where
    F: Fn(u64) -> Fut,
    Fut: Future<Output = Result<Vec<Hash>, E>>,
    E: Display,
{
    static KLIEN: OnceLock<KlienSaksi> = OnceLock::new();
    KLIEN
        .get_or_init(KlienSaksi::new)
        .kirim_checkpoint(
            url_saksi,
            old_size,
            bukti_konsistensi,
            checkpoint_bertanda,
            buat_bukti,
        )
        .await
}
