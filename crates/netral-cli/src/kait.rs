//! `--witness URL=VKEY` of `netral serve` and `netral demo`: every checkpoint the sequencer
//! signs is sent to each witness (C2SP tlog-witness, [`KlienSaksi::kosignasi`]), and the
//! cosignature it returns is stored ([`App::terima_kosignatur`]) and then served with the
//! checkpoint on `/log/{kode}/checkpoint`.
//!
//! Per witness and log, the size that witness last acknowledged is kept in memory: the next
//! push sends a consistency proof from there ([`App::bukti_konsistensi`]). Unknown (first
//! push, restart, after any error) means `old 0`, the probe; a witness that already follows
//! the log answers 409 with its size and the client resends once with the proof. Pushes of
//! one log to one witness run one at a time; a checkpoint older than what the witness
//! already cosigned is skipped. A witness answering 422 says the log **forked** (the
//! checkpoint does not extend what it cosigned before): that is logged loudly and the other
//! witnesses are still served. At startup the latest checkpoint of every log is sent to the
//! witnesses that have not cosigned it yet.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use clap::Args;
use netral_app::log::{CheckpointDitandatangani, KaitCheckpoint};
use netral_app::{App, AppError};
use netral_domain::organisasi::Instansi;
use netral_witness::netral_ledger::note::{NoteVerifier, Signature};
use netral_witness::{KlienError, KlienSaksi, TujuanSaksi};

/// The witnesses of `netral serve` / `netral demo`.
#[derive(Debug, Clone, Default, Args)]
pub struct ArgSaksiLog {
    /// A witness that cosigns every new checkpoint, as URL=VKEY: its base URL (the client
    /// posts to URL/add-checkpoint) and its cosigner vkey. Repeatable; the environment
    /// variable takes a comma-separated list.
    #[arg(
        long = "witness",
        value_name = "URL=VKEY",
        env = "NETRAL_WITNESSES",
        value_delimiter = ',',
        value_parser = urai_saksi
    )]
    pub witness: Vec<TujuanSaksi>,
}

/// Parses `URL=VKEY` (split at the first `=`: a vkey's base64 may end with `=`).
pub fn urai_saksi(teks: &str) -> Result<TujuanSaksi, String> {
    let (url, vkey) = teks
        .trim()
        .split_once('=')
        .ok_or_else(|| format!("saksi harus ditulis URL=VKEY, bukan \"{teks}\""))?;
    let url = url.trim().trim_end_matches('/');
    if !(url.starts_with("http://") || url.starts_with("https://"))
        || url.contains(char::is_whitespace)
    {
        return Err(format!(
            "URL saksi harus diawali http:// atau https://, bukan \"{url}\""
        ));
    }
    TujuanSaksi::baru(url, vkey.trim()).map_err(|e| format!("vkey saksi {url} tidak valid: {e}"))
}

/// The size one witness last acknowledged for one log; `None` = unknown (probe next).
/// The async mutex also serialises pushes of that log to that witness.
type Slot = Arc<tokio::sync::Mutex<Option<u64>>>;

/// The [`KaitCheckpoint`] that pushes checkpoints to witnesses. Cheap to clone.
#[derive(Clone)]
pub struct KaitSaksi {
    inti: Arc<Inti>,
}

struct Inti {
    klien: KlienSaksi,
    saksi: Vec<TujuanSaksi>,
    /// (witness index, origin) → acknowledged size.
    tercatat: Mutex<HashMap<(usize, String), Slot>>,
}

/// What one push did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HasilDorong {
    /// Cosigned; the line was stored.
    Dikosignasi,
    /// The witness already cosigned this size or a larger one.
    Dilewati,
    /// Refused or unreachable (already logged).
    Gagal {
        /// HTTP status, when the witness answered.
        status: Option<u16>,
        /// 422: the witness says the log forked.
        bercabang: bool,
    },
}

impl KaitSaksi {
    /// A hook for these witnesses.
    pub fn baru(saksi: Vec<TujuanSaksi>) -> Self {
        KaitSaksi::dengan_klien(KlienSaksi::new(), saksi)
    }

    /// A hook using an existing client.
    pub fn dengan_klien(klien: KlienSaksi, saksi: Vec<TujuanSaksi>) -> Self {
        KaitSaksi {
            inti: Arc::new(Inti {
                klien,
                saksi,
                tercatat: Mutex::default(),
            }),
        }
    }

    /// The witnesses.
    pub fn saksi(&self) -> &[TujuanSaksi] {
        &self.inti.saksi
    }

    fn slot(&self, saksi: usize, origin: &str) -> Slot {
        let mut peta = self
            .inti
            .tercatat
            .lock()
            .unwrap_or_else(|racun| racun.into_inner());
        peta.entry((saksi, origin.to_owned())).or_default().clone()
    }

    /// Pushes `cp` to the witnesses `indeks` in parallel; returns each outcome in order.
    pub async fn dorong_ke(
        &self,
        app: &App,
        instansi: &Instansi,
        cp: &CheckpointDitandatangani,
        indeks: &[usize],
    ) -> Vec<HasilDorong> {
        let mut tugas = tokio::task::JoinSet::new();
        for &i in indeks {
            let (kait, app, instansi, cp) =
                (self.clone(), app.clone(), instansi.clone(), cp.clone());
            tugas.spawn(async move { (i, kait.dorong_satu(i, &app, &instansi, &cp).await) });
        }
        let mut hasil = Vec::with_capacity(indeks.len());
        while let Some(h) = tugas.join_next().await {
            match h {
                Ok(h) => hasil.push(h),
                Err(e) => tracing::error!(galat = %e, "pengiriman checkpoint ke saksi gagal"),
            }
        }
        hasil.sort_by_key(|(i, _)| *i);
        hasil.into_iter().map(|(_, h)| h).collect()
    }

    /// Pushes `cp` to witness `i` and stores its cosignature.
    async fn dorong_satu(
        &self,
        i: usize,
        app: &App,
        instansi: &Instansi,
        cp: &CheckpointDitandatangani,
    ) -> HasilDorong {
        let saksi = &self.inti.saksi[i];
        let slot = self.slot(i, &cp.origin);
        let mut tercatat = slot.lock().await;
        if tercatat.is_some_and(|n| n >= cp.ukuran) {
            return HasilDorong::Dilewati;
        }
        let (kode, ukuran) = (cp.kode.as_str(), cp.ukuran);
        let mut lama = tercatat.unwrap_or(0);
        let bukti = if lama == 0 || lama == ukuran {
            Vec::new()
        } else {
            match app.bukti_konsistensi(kode, lama, ukuran).await {
                Ok(b) => b,
                Err(e) => {
                    tracing::warn!(saksi = %saksi.url, kode, lama, ukuran, galat = %e,
                        "bukti konsistensi untuk saksi tidak dapat dibuat; mengirim probe old 0");
                    lama = 0;
                    Vec::new()
                }
            }
        };
        let buat_bukti = move |n: u64| app.bukti_konsistensi(kode, n, ukuran);
        let hasil = self
            .inti
            .klien
            .kosignasi(saksi, lama, &bukti, &cp.catatan, buat_bukti)
            .await;
        match hasil {
            Ok(k) => {
                *tercatat = Some(ukuran);
                drop(tercatat);
                match app
                    .terima_kosignatur(instansi, ukuran, std::slice::from_ref(&k.baris))
                    .await
                {
                    Ok(()) => {
                        tracing::info!(saksi = %saksi.url, kode, ukuran, "checkpoint dikosignasi saksi");
                        HasilDorong::Dikosignasi
                    }
                    Err(e) => {
                        tracing::error!(saksi = %saksi.url, kode, ukuran, galat = %e,
                            "kosignatur saksi tidak dapat disimpan");
                        HasilDorong::Gagal {
                            status: None,
                            bercabang: false,
                        }
                    }
                }
            }
            Err(e) => {
                *tercatat = None;
                catat_galat(saksi, cp, &e);
                HasilDorong::Gagal {
                    status: e.status(),
                    bercabang: e.bercabang(),
                }
            }
        }
    }

    /// Sends the latest checkpoint of every log to each witness whose cosignature of it is
    /// not stored yet (after a restart, or when a witness was down).
    pub async fn dorong_terakhir(&self, app: &App) -> Result<(), AppError> {
        for info in app.store.daftar_log().await? {
            let Some(origin) = info.origin.clone() else {
                continue;
            };
            let Some(cp) = app.store.checkpoint_terakhir(info.instansi_id).await? else {
                continue;
            };
            let Some(instansi) = app.store.instansi(info.instansi_id).await? else {
                continue;
            };
            let ada: Vec<Signature> = app
                .store
                .kosignatur(info.instansi_id, cp.ukuran)
                .await?
                .iter()
                .filter_map(|b| Signature::parse_line(b).ok())
                .collect();
            let perlu: Vec<usize> = (0..self.inti.saksi.len())
                .filter(|&i| {
                    let v = &self.inti.saksi[i].verifier;
                    !ada.iter()
                        .any(|s| s.name == v.name() && s.key_id == v.key_id())
                })
                .collect();
            if perlu.is_empty() {
                continue;
            }
            let cp = CheckpointDitandatangani {
                instansi_id: info.instansi_id,
                kode: instansi.kode.to_string(),
                origin,
                ukuran: cp.ukuran,
                akar: cp.akar,
                catatan: cp.catatan,
            };
            self.dorong_ke(app, &instansi, &cp, &perlu).await;
        }
        Ok(())
    }
}

fn catat_galat(saksi: &TujuanSaksi, cp: &CheckpointDitandatangani, e: &KlienError) {
    if e.bercabang() {
        tracing::warn!(
            saksi = %saksi.url,
            kode = %cp.kode,
            origin = %cp.origin,
            ukuran = cp.ukuran,
            galat = %e,
            "PERINGATAN: SAKSI MENOLAK CHECKPOINT KARENA TIDAK KONSISTEN dengan checkpoint yang \
             pernah ia kosignasi (HTTP 422) — log ini mungkin BERCABANG (riwayat berbeda pernah \
             ditunjukkan). Hentikan penulisan, periksa `netral log verify --instansi {}` dan \
             hubungi pengelola saksi",
            cp.kode
        );
    } else {
        tracing::warn!(
            saksi = %saksi.url,
            kode = %cp.kode,
            ukuran = cp.ukuran,
            galat = %e,
            "checkpoint tidak dikosignasi saksi; dicoba lagi pada checkpoint berikutnya"
        );
    }
}

#[async_trait::async_trait]
impl KaitCheckpoint for KaitSaksi {
    async fn checkpoint_baru(&self, app: &App, cp: &CheckpointDitandatangani) {
        let instansi = match app.store.instansi(cp.instansi_id).await {
            Ok(Some(i)) => i,
            Ok(None) => return,
            Err(e) => {
                tracing::error!(kode = %cp.kode, galat = %e, "instansi untuk saksi tidak terbaca");
                return;
            }
        };
        let semua: Vec<usize> = (0..self.inti.saksi.len()).collect();
        self.dorong_ke(app, &instansi, cp, &semua).await;
    }
}

/// Registers the witness hook (before the sequencer starts, so the first checkpoints are
/// pushed too). `None` without witnesses.
pub fn pasang(app: &App, arg: &ArgSaksiLog) -> Option<KaitSaksi> {
    if arg.witness.is_empty() {
        return None;
    }
    let kait = KaitSaksi::baru(arg.witness.clone());
    app.tambah_kait_checkpoint(Arc::new(kait.clone()));
    for s in kait.saksi() {
        // The verification page checks the cosignatures of known witnesses.
        app.kenal_saksi(s.verifier.clone());
        tracing::info!(saksi = %s.url, vkey = %s.verifier.vkey(), "checkpoint akan dikirim ke saksi");
    }
    Some(kait)
}

/// After the sequencer started: sends the latest checkpoints the witnesses have not
/// cosigned yet, in the background.
pub fn susul(app: &App, kait: Option<KaitSaksi>) {
    if let Some(kait) = kait {
        let app = app.clone();
        tokio::spawn(async move {
            if let Err(e) = kait.dorong_terakhir(&app).await {
                tracing::warn!(galat = %e, "mengirim checkpoint terakhir ke saksi");
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use netral_witness::netral_ledger::cosig::CosignerKey;

    #[test]
    fn url_vkey() {
        let vkey = CosignerKey::from_seed("saksi.uji.example", [7; 32])
            .unwrap()
            .verifier()
            .vkey();
        let t = urai_saksi(&format!(" http://127.0.0.1:9/={vkey} ")).unwrap();
        assert_eq!(t.url, "http://127.0.0.1:9");
        assert_eq!(t.verifier.vkey(), vkey);
        assert!(urai_saksi("http://x").is_err());
        assert!(urai_saksi(&format!("ftp://x={vkey}")).is_err());
        assert!(urai_saksi("http://x=bukan+kunci").is_err());
    }

    #[test]
    fn repeatable_and_comma_separated() {
        use clap::Parser;
        #[derive(Parser)]
        struct Uji {
            #[command(flatten)]
            saksi: ArgSaksiLog,
        }
        let vkey = |n: &str| {
            CosignerKey::from_seed(n, [7; 32])
                .unwrap()
                .verifier()
                .vkey()
        };
        let (a, b) = (vkey("a.example"), vkey("b.example"));
        let u = Uji::try_parse_from([
            "uji",
            "--witness",
            &format!("http://a={a}"),
            "--witness",
            &format!("https://b/={b},http://c={a}"),
        ])
        .unwrap();
        let url: Vec<&str> = u.saksi.witness.iter().map(|t| t.url.as_str()).collect();
        assert_eq!(url, ["http://a", "https://b", "http://c"]);
        assert!(Uji::try_parse_from(["uji", "--witness", "http://a"]).is_err());
    }
}
