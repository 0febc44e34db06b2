//! A signature's documents: its offline proof bundle (`.tlog-proof`) and its pact PDF,
//! rendered from the stored record with the bundle embedded.
//!
//! The PDF is never stored: it is rendered on demand from the canonical record
//! (`NETRAL-TTD/1`) the leaf commits to, so the same record and bundle always give the same
//! bytes. The bundle is made against the latest signed checkpoint, so a PDF downloaded later
//! carries a newer checkpoint (and more witness cosignatures) than one downloaded at once.

use netral_domain::akun::Izin;
use netral_domain::organisasi::{Instansi, PegawaiId};
use netral_domain::pakta::{RekamanTandaTangan, TandaTanganId};
use netral_ledger::bundle::ProofBundle;
use netral_store::ttd::{TandaTanganTersimpan, hash_bytes};

use crate::progres_tampil::{lingkup_unit, wajib_salah_satu};
use crate::{App, AppError, AppResult, Pelaku};

/// Said when the leaf is newer than the latest signed checkpoint.
pub const BELUM_TERCAKUP: &str = "belum tercakup checkpoint; coba lagi sebentar";

impl App {
    /// The offline proof of one leaf of the instansi's log (`c2sp.org/tlog-proof@v1`): the
    /// entry bytes (`extra`, so a verifier recomputes the leaf hash), the inclusion proof to
    /// the latest signed checkpoint, and that checkpoint with the witness cosignatures held.
    /// A leaf newer than the latest checkpoint is a `Konflik` ([`BELUM_TERCAKUP`]).
    pub async fn bundel_bukti(
        &self,
        instansi: &Instansi,
        hash_daun: &[u8; 32],
    ) -> AppResult<String> {
        let id = instansi.id;
        let indeks = self
            .store
            .indeks_daun(id, hash_daun)
            .await?
            .ok_or_else(|| AppError::TidakDitemukan("daun log dengan hash itu".into()))?;
        let cp = self
            .store
            .checkpoint_terakhir(id)
            .await?
            .filter(|c| c.ukuran > indeks)
            .ok_or_else(|| AppError::Konflik(BELUM_TERCAKUP.into()))?;
        let bukti = self
            .bukti_inklusi(instansi.kode.as_str(), hash_daun, Some(cp.ukuran))
            .await?;
        let entri = self
            .store
            .daun_log(id, indeks, indeks + 1)
            .await?
            .into_iter()
            .find(|d| d.indeks == indeks)
            .ok_or_else(|| AppError::Internal(format!("daun #{indeks} hilang")))?
            .entri;
        Ok(ProofBundle {
            extra: Some(entri),
            index: bukti.indeks,
            proof: bukti.bukti,
            checkpoint: bukti.checkpoint,
        }
        .to_text())
    }

    /// Renders a stored signature's pact PDF with a fresh proof bundle.
    pub(crate) async fn render_pdf(
        &self,
        instansi: &Instansi,
        t: &TandaTanganTersimpan,
    ) -> AppResult<Vec<u8>> {
        let daun =
            t.ttd.hash_daun.as_ref().ok_or_else(|| {
                AppError::Internal(format!("tanda tangan {} tanpa daun", t.ttd.id))
            })?;
        let hash = hash_bytes(daun)
            .ok_or_else(|| AppError::Internal(format!("hash daun {daun} rusak")))?;
        let rekaman = RekamanTandaTangan::parse(&t.rekaman).map_err(|e| {
            AppError::Internal(format!("rekaman tanda tangan {} rusak: {e}", t.ttd.id))
        })?;
        let bundel = self.bundel_bukti(instansi, &hash).await?;
        let daun_hex = daun.as_str().to_string();
        // Rendering is CPU work (fonts, compression): off the async workers.
        tokio::task::spawn_blocking(move || {
            netral_dokumen::render_rekaman(&rekaman, &daun_hex, bundel.as_bytes())
        })
        .await
        .map_err(|e| AppError::Internal(format!("render PDF: {e}")))?
        .map_err(|e| AppError::Internal(format!("render PDF tanda tangan: {e}")))
    }

    /// A signature's pact PDF for staff with `LihatProgres` or `KelolaPakta` of the instansi
    /// (a unit-scoped account only for signers in its subtree).
    pub async fn pdf_tanda_tangan(
        &self,
        pelaku: &Pelaku,
        instansi: &Instansi,
        id: TandaTanganId,
    ) -> AppResult<Vec<u8>> {
        wajib_salah_satu(
            pelaku,
            &[Izin::LihatProgres, Izin::KelolaPakta],
            instansi.id,
        )?;
        let tidak_ada = || AppError::TidakDitemukan(format!("tanda tangan {id}"));
        let t = self
            .store
            .tanda_tangan(instansi.id, id)
            .await?
            .ok_or_else(tidak_ada)?;
        if let Pelaku::Pengguna(u) = pelaku
            && u.unit_id.is_some()
        {
            let units = self.store.daftar_unit(instansi.id).await?;
            let lingkup = lingkup_unit(pelaku, &units, None)?;
            let unit = self
                .store
                .pegawai(instansi.id, t.ttd.data.pegawai_id)
                .await?
                .and_then(|p| p.ringkas.unit_id);
            if !crate::progres_tampil::dalam(&lingkup, unit) {
                return Err(tidak_ada());
            }
        }
        self.render_pdf(instansi, &t).await
    }

    /// A signer's own pact PDF. The caller has authenticated `pegawai` (personal link or
    /// one-time code session); a signature that is not theirs is simply not found.
    pub async fn pdf_milik_sendiri(
        &self,
        instansi: &Instansi,
        pegawai: PegawaiId,
        id: TandaTanganId,
    ) -> AppResult<Vec<u8>> {
        let t = self
            .store
            .tanda_tangan(instansi.id, id)
            .await?
            .filter(|t| t.ttd.data.pegawai_id == pegawai)
            .ok_or_else(|| AppError::TidakDitemukan(format!("tanda tangan {id}")))?;
        self.render_pdf(instansi, &t).await
    }
}
