//! The group-commit batcher: one tokio task per [`App`] (started on first use) takes
//! signing requests from a bounded queue, gathers up to [`MAKS_BATCH`] or until the queue
//! is momentarily empty, and writes them with one `Store::simpan_tanda_tangan` call per
//! instansi (one transaction, one durable commit for the whole group). Each request is
//! answered through its own channel only after that commit. While one batch commits, the
//! next gathers, so the batch size grows with the load; up to [`SEJALAN`] batches are in
//! flight, so one is checked and written while the previous one's commit is flushed to
//! disk (the store still writes them one after the other).
//!
//! The task ends when the last [`App`] clone is dropped (the queue closes). If it is gone
//! (its runtime ended), the next request starts a new one.

use std::sync::Mutex;

use tokio::sync::{mpsc, oneshot};

use netral_domain::organisasi::InstansiId;
use netral_store::ttd::{HasilTtd, TandaTanganMasuk};
use netral_store::{Store, StoreError};

use crate::{App, AppError, AppResult};

/// Most signatures written in one transaction.
pub const MAKS_BATCH: usize = 512;
/// Group commits in flight at once (each still one transaction; the store runs them one
/// after the other, but one can be checked and written while the previous is flushed).
const SEJALAN: usize = 2;
/// A group commit slower than this is logged.
const LAMBAT: std::time::Duration = std::time::Duration::from_millis(250);
/// Requests waiting at most; a full queue makes callers wait (back-pressure).
const ANTREAN: usize = 8192;

struct Permintaan {
    instansi: InstansiId,
    masuk: TandaTanganMasuk,
    balas: oneshot::Sender<AppResult<HasilTtd>>,
}

#[derive(Default)]
pub(crate) struct Pengumpul {
    kirim: Mutex<Option<mpsc::Sender<Permintaan>>>,
}

fn salin(e: &StoreError) -> AppError {
    match e {
        StoreError::TidakDitemukan(s) => AppError::TidakDitemukan(s.clone()),
        StoreError::Konflik(s) => AppError::Konflik(s.clone()),
        e => AppError::Internal(e.to_string()),
    }
}

async fn jalankan(store: std::sync::Arc<dyn Store>, mut rx: mpsc::Receiver<Permintaan>) {
    let sejalan = std::sync::Arc::new(tokio::sync::Semaphore::new(SEJALAN));
    while let Some(pertama) = rx.recv().await {
        let mut semua = vec![pertama];
        while semua.len() < MAKS_BATCH {
            match rx.try_recv() {
                Ok(p) => semua.push(p),
                Err(_) => break,
            }
        }
        // Group by instansi, keeping arrival order within each.
        let mut kelompok: Vec<(InstansiId, Vec<Permintaan>)> = Vec::new();
        for p in semua {
            match kelompok.iter_mut().find(|(i, _)| *i == p.instansi) {
                Some((_, v)) => v.push(p),
                None => kelompok.push((p.instansi, vec![p])),
            }
        }
        for (instansi, grup) in kelompok {
            // At most SEJALAN groups in flight: the next one is gathered and runs its
            // checks while the previous one's commit is flushed to disk.
            let Ok(izin) = sejalan.clone().acquire_owned().await else {
                return;
            };
            let store = store.clone();
            tokio::spawn(async move {
                tulis_grup(store.as_ref(), instansi, grup).await;
                drop(izin);
            });
        }
    }
}

async fn tulis_grup(store: &dyn Store, instansi: InstansiId, grup: Vec<Permintaan>) {
    let (batch, balas): (Vec<TandaTanganMasuk>, Vec<_>) =
        grup.into_iter().map(|p| (p.masuk, p.balas)).unzip();
    let mulai = std::time::Instant::now();
    let hasil = store.simpan_tanda_tangan(instansi, &batch).await;
    let lama = mulai.elapsed();
    if lama > LAMBAT {
        tracing::warn!(
            n = batch.len(),
            ms = lama.as_millis() as u64,
            "batch tanda tangan lambat"
        );
    }
    match hasil {
        Ok(hasil) if hasil.len() == balas.len() => {
            for (b, h) in balas.into_iter().zip(hasil) {
                let _ = b.send(Ok(h));
            }
        }
        Ok(hasil) => {
            tracing::error!(
                diminta = balas.len(),
                dijawab = hasil.len(),
                "simpan_tanda_tangan menjawab jumlah hasil yang salah"
            );
            for b in balas {
                let _ = b.send(Err(AppError::Internal(
                    "jumlah hasil simpan tanda tangan tidak cocok".into(),
                )));
            }
        }
        Err(e) => {
            tracing::error!(error = %e, n = balas.len(), "simpan_tanda_tangan gagal");
            for b in balas {
                let _ = b.send(Err(salin(&e)));
            }
        }
    }
}

impl App {
    fn pengirim(&self, baru: bool) -> AppResult<mpsc::Sender<Permintaan>> {
        let mut g = self
            .ttd
            .pengumpul
            .kirim
            .lock()
            .map_err(|e| AppError::Internal(e.to_string()))?;
        if !baru
            && let Some(s) = g.as_ref()
            && !s.is_closed()
        {
            return Ok(s.clone());
        }
        let (tx, rx) = mpsc::channel(ANTREAN);
        tokio::spawn(jalankan(self.store.clone(), rx));
        *g = Some(tx.clone());
        Ok(tx)
    }

    /// Hands one signature to the batcher and waits for its committed result.
    pub(crate) async fn simpan_lewat_pengumpul(
        &self,
        instansi: InstansiId,
        masuk: TandaTanganMasuk,
    ) -> AppResult<HasilTtd> {
        let (balas, terima) = oneshot::channel();
        let p = Permintaan {
            instansi,
            masuk,
            balas,
        };
        if let Err(mpsc::error::SendError(p)) = self.pengirim(false)?.send(p).await {
            self.pengirim(true)?
                .send(p)
                .await
                .map_err(|_| AppError::Internal("pengumpul tanda tangan berhenti".into()))?;
        }
        terima
            .await
            .map_err(|_| AppError::Internal("pengumpul tanda tangan berhenti".into()))?
    }
}
