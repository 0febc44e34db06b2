//! Public verification of one log leaf (`/v/{leaf_hash}`, `/api/v1/verify/{leaf_hash}`):
//! the page a phone opens from a pact's QR code.
//!
//! Everything is checked **in this request**, from storage, never from a cache: the leaf is
//! found in one of the logs, its entry bytes re-hash to the leaf hash and decode as a
//! canonical Netral record of that log's instansi, the latest signed checkpoint verifies
//! with the log's registered key and matches its row, and an inclusion proof computed from
//! the stored tree verifies against the checkpoint's root. Witness cosignatures are listed
//! by key name; those by witnesses whose keys this process knows ([`App::kenal_saksi`],
//! from `--witness URL=VKEY`) are checked, the others are reported as "present, not
//! checked here" (an independent verifier checks them with `netral verify` and a
//! tlog-policy).
//!
//! What the leaf carries is shown: kind, instansi, time, content hash and ids. A person
//! appears in a leaf only as a salted commitment, which is reported as present or absent.
//! Unknown, altered or malformed hashes are a "not valid" result, not an error.
//!
//! For a signature leaf the stored record (`NETRAL-TTD/1`) is read too and **its SHA-256 must
//! equal the entry's content hash**, else the leaf is "not genuine" (the server's record does
//! not match its log). Then the pact (title, template hash, id/version), the signer — name
//! masked after each word's first letter, NIP with only its first and last four digits —
//! employment type, unit and position (public posts, printed on the pact and shown in
//! public org charts, so shown in full), time, method, place, whether it is still in force
//! (or revoked, when and why) and the witness statements about it are shown. Never the
//! full name, full NIP, NIK, contact details or the record's nonce. A witness-statement leaf
//! shows the statement (its text must hash to the entry's content hash) and links to the
//! signature; a revocation leaf shows the revoked signature and the reason (again checked
//! against the entry's content hash).

use chrono::{DateTime, Utc};
use netral_domain::entri::{Entri, JenisEntri, Pengenal};
use netral_domain::organisasi::InstansiId;
use netral_domain::pakta::tanda_tangan::CATATAN_PERWAKILAN;
use netral_domain::pakta::{HashSha256, MetodeTandaTangan, RekamanTandaTangan, teks_pencabutan};
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::cosig::{CosignatureVerifier, cosignature_timestamp};
use netral_ledger::note::{NoteVerifier, Signature, Verifier, append_signatures};
use netral_ledger::proof::verify_inclusion;
use netral_ledger::tree::prove_record;
use netral_ledger::{Hash, leaf_hash};
use netral_store::ttd::{PernyataanSaksiTersimpan, TandaTanganTersimpan};

use crate::{App, AppError, AppResult};

/// The verdict of a verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusVerifikasi {
    /// In the log and covered by a signed checkpoint whose proof verified here.
    Asli,
    /// In the log, but newer than the latest signed checkpoint: not verifiable yet.
    MenungguCheckpoint,
    /// No log of this server holds a leaf with this hash.
    TidakDitemukan,
    /// Not 64 hexadecimal digits.
    TidakValid,
    /// The leaf exists but a check failed (signature, proof, entry): do not trust it.
    Gagal,
}

impl StatusVerifikasi {
    /// Stable machine code, used in the JSON answer (`status`).
    pub fn kode(self) -> &'static str {
        match self {
            StatusVerifikasi::Asli => "genuine",
            StatusVerifikasi::MenungguCheckpoint => "awaiting_checkpoint",
            StatusVerifikasi::TidakDitemukan => "not_found",
            StatusVerifikasi::TidakValid => "malformed",
            StatusVerifikasi::Gagal => "check_failed",
        }
    }
}

/// One check performed, in order; `kode` is stable (`leaf_found`, …) for texts and JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pemeriksaan {
    pub kode: &'static str,
    pub lulus: bool,
}

/// The record the leaf attests (no personal data: the leaf has none).
#[derive(Debug, Clone)]
pub struct EntriPublik {
    pub jenis: JenisEntri,
    pub instansi_kode: String,
    pub waktu: Option<DateTime<Utc>>,
    pub waktu_ms: u64,
    /// SHA-256 of the attested content, hex.
    pub hash_isi: String,
    /// The record's ids (meaning defined by the kind), as text.
    pub pengenal: Vec<String>,
    /// Whether the record names a person (as a salted commitment only).
    pub ada_komitmen: bool,
}

/// A witness cosignature line stored with the checkpoint.
#[derive(Debug, Clone)]
pub struct KosignaturPublik {
    /// The witness key name, e.g. `saksi.bawaslu.go.id`.
    pub nama: String,
    /// Key id, 8 hex digits.
    pub key_id: String,
    /// The cosignature's own timestamp, if it has the tlog-cosignature v1 shape.
    pub waktu: Option<DateTime<Utc>>,
    /// Whether its signature was checked in this request: only when this server knows the
    /// witness key ([`App::kenal_saksi`], from `--witness`).
    pub diperiksa: bool,
    /// Whether it verified (meaningful only when `diperiksa`).
    pub sah: bool,
}

/// A witness statement about a signature, as shown publicly (the witness acts in an
/// official capacity, so their name is shown in full).
#[derive(Debug, Clone)]
pub struct SaksiPublik {
    pub nama: String,
    pub jabatan: String,
    pub instansi: Option<String>,
    pub waktu: DateTime<Utc>,
    pub lokasi: Option<String>,
    /// The [`MetodeTandaTangan`] of the statement.
    pub metode: MetodeTandaTangan,
    /// The statement text the witness confirmed.
    pub teks: String,
    /// The statement's own leaf, hex (its `/v` page).
    pub hash_daun: String,
}

/// A revocation, as shown publicly (who revoked it is not shown).
#[derive(Debug, Clone)]
pub struct PembatalanPublik {
    pub waktu: DateTime<Utc>,
    pub alasan: String,
    /// The revocation's own leaf, hex, when logged.
    pub hash_daun: Option<String>,
}

/// Whether a signature is in force.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusTandaTangan {
    Aktif,
    Dibatalkan,
}

impl StatusTandaTangan {
    /// `AKTIF` or `DIBATALKAN` (JSON).
    pub fn kode(self) -> &'static str {
        match self {
            StatusTandaTangan::Aktif => "AKTIF",
            StatusTandaTangan::Dibatalkan => "DIBATALKAN",
        }
    }
}

/// The signature a signature leaf attests, masked for the public. See the module
/// documentation for what is and is not shown.
#[derive(Debug, Clone)]
pub struct TandaTanganPublik {
    /// The signature's leaf, hex (its `/v` page).
    pub hash_daun: String,
    pub pemda: String,
    pub judul: String,
    pub templat_id: u64,
    pub templat_versi: u32,
    /// SHA-256 of the pact text as signed, hex.
    pub templat_hash: String,
    pub kampanye_id: Option<u64>,
    /// Each word after its first letter replaced by `*`: "S*** A*****".
    pub nama_tersamar: String,
    /// First and last four digits only; `None` for non-ASN (no NIP printed).
    pub nip_tersamar: Option<String>,
    pub jenis_pegawai: String,
    pub unit: Option<String>,
    pub jabatan: Option<String>,
    pub waktu: Option<DateTime<Utc>>,
    pub metode: Option<MetodeTandaTangan>,
    /// The place as printed.
    pub tempat: String,
    pub status: StatusTandaTangan,
    pub pembatalan: Option<PembatalanPublik>,
    /// PERWAKILAN: [`CATATAN_PERWAKILAN`].
    pub catatan_perwakilan: Option<&'static str>,
    /// PERWAKILAN: how many people were signed for.
    pub jumlah_diwakili: usize,
    /// Witness statements about it, oldest first.
    pub saksi: Vec<SaksiPublik>,
}

/// A witness-statement leaf: the statement and the signature it witnesses.
#[derive(Debug, Clone)]
pub struct PernyataanPublik {
    pub saksi: SaksiPublik,
    /// The witnessed signature's leaf, hex.
    pub hash_daun_ttd: String,
}

/// A revocation leaf: which signature it revoked and why.
#[derive(Debug, Clone)]
pub struct PencabutanPublik {
    /// The revoked signature's leaf, hex.
    pub hash_daun_ttd: String,
    pub waktu: DateTime<Utc>,
    pub alasan: String,
}

/// The outcome of [`App::verifikasi_daun`].
#[derive(Debug, Clone)]
pub struct HasilVerifikasi {
    pub valid: bool,
    pub status: StatusVerifikasi,
    /// One Indonesian sentence explaining the verdict.
    pub alasan: String,
    /// The leaf hash asked for, lowercase hex (`None` when it was not a hash).
    pub leaf_hash: Option<String>,
    pub instansi_kode: Option<String>,
    pub instansi_nama: Option<String>,
    /// The log's origin (checkpoint first line).
    pub origin: Option<String>,
    pub entri: Option<EntriPublik>,
    pub leaf_index: Option<u64>,
    pub tree_size: Option<u64>,
    /// Root of the checkpoint, hex.
    pub akar: Option<String>,
    /// When the checkpoint was signed.
    pub waktu_checkpoint: Option<DateTime<Utc>>,
    /// The signed checkpoint note, verbatim, with the cosignatures appended.
    pub checkpoint: Option<String>,
    /// Audit path from the leaf to the root, hex.
    pub inclusion_proof: Vec<String>,
    pub kosignatur: Vec<KosignaturPublik>,
    pub pemeriksaan: Vec<Pemeriksaan>,
    /// For a genuine signature leaf: the signature (masked).
    pub tanda_tangan: Option<TandaTanganPublik>,
    /// For a genuine witness-statement leaf: the statement.
    pub pernyataan_saksi: Option<PernyataanPublik>,
    /// For a genuine revocation leaf: what it revoked.
    pub pencabutan: Option<PencabutanPublik>,
}

impl HasilVerifikasi {
    fn baru(status: StatusVerifikasi, alasan: impl Into<String>) -> Self {
        HasilVerifikasi {
            valid: false,
            status,
            alasan: alasan.into(),
            leaf_hash: None,
            instansi_kode: None,
            instansi_nama: None,
            origin: None,
            entri: None,
            leaf_index: None,
            tree_size: None,
            akar: None,
            waktu_checkpoint: None,
            checkpoint: None,
            inclusion_proof: Vec::new(),
            kosignatur: Vec::new(),
            pemeriksaan: Vec::new(),
            tanda_tangan: None,
            pernyataan_saksi: None,
            pencabutan: None,
        }
    }

    fn periksa(&mut self, kode: &'static str, lulus: bool) -> bool {
        self.pemeriksaan.push(Pemeriksaan { kode, lulus });
        lulus
    }

    fn gagal(mut self, alasan: impl Into<String>) -> Self {
        self.valid = false;
        self.status = StatusVerifikasi::Gagal;
        self.alasan = alasan.into();
        self
    }
}

/// Parses a leaf hash: exactly 64 hexadecimal digits (either case), surrounding spaces
/// ignored.
pub fn parse_hash_daun(s: &str) -> Option<Hash> {
    let s = s.trim();
    if s.len() != 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    hex::decode(s).ok()?.try_into().ok()
}

fn teks_pengenal(p: &Pengenal) -> String {
    match p {
        Pengenal::Angka(n) => n.to_string(),
        Pengenal::Teks(s) => s.clone(),
    }
}

/// Masks a name for the public: every whitespace-separated word keeps its first character,
/// the others become `*` ("Siti Aminah, S.Pd." → "S*** A****** S****").
pub fn samarkan_nama(nama: &str) -> String {
    nama.split_whitespace()
        .map(|kata| {
            let mut c = kata.chars();
            let awal = c.next().map(String::from).unwrap_or_default();
            awal + &"*".repeat(c.count())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// Masks a NIP/NI PPPK: only the first four and the last four digits stay; separators as
/// printed are kept. `None` when it has fewer than 9 digits (nothing would be hidden).
pub fn samarkan_nip(nip: &str) -> Option<String> {
    let n = nip.chars().filter(char::is_ascii_digit).count();
    if n < 9 {
        return None;
    }
    let mut i = 0;
    Some(
        nip.chars()
            .map(|c| {
                if !c.is_ascii_digit() {
                    return c;
                }
                i += 1;
                if i <= 4 || i > n - 4 { c } else { '*' }
            })
            .collect(),
    )
}

/// Checks a stored signature record against the log entry: strictly parsed and its SHA-256
/// equal to the entry's content hash. The error is the Indonesian reason.
pub fn periksa_rekaman(
    rekaman: &[u8],
    hash_isi: &[u8; 32],
) -> Result<RekamanTandaTangan, &'static str> {
    use sha2::{Digest, Sha256};
    let cocok: [u8; 32] = Sha256::digest(rekaman).into();
    if &cocok != hash_isi {
        return Err(TIDAK_COCOK);
    }
    RekamanTandaTangan::parse(rekaman).map_err(|_| TIDAK_COCOK)
}

const TIDAK_COCOK: &str = "TIDAK ASLI — rekaman di server tidak cocok dengan log: isi tanda \
     tangan yang tersimpan telah berubah sejak dicatat. Jangan percayai catatan ini; laporkan \
     ke pengelola.";

fn saksi_publik(p: &PernyataanSaksiTersimpan) -> SaksiPublik {
    let s = &p.pernyataan;
    SaksiPublik {
        nama: s.saksi.nama.clone(),
        jabatan: s.saksi.jabatan.clone(),
        instansi: s.saksi.instansi.clone(),
        waktu: s.waktu,
        lokasi: s.lokasi.clone(),
        metode: s.metode,
        teks: s.teks(),
        hash_daun: hex::encode(p.hash_daun),
    }
}

fn sama(h: &HashSha256, isi: &[u8; 32]) -> bool {
    h.as_str() == hex::encode(isi)
}

const TIDAK_COCOK_SAKSI: &str = "TIDAK ASLI — pernyataan saksi di server tidak cocok dengan \
     log. Jangan percayai catatan ini; laporkan ke pengelola.";

const TIDAK_COCOK_BATAL: &str = "TIDAK ASLI — catatan pembatalan di server tidak cocok dengan \
     log. Jangan percayai catatan ini; laporkan ke pengelola.";

fn tanda_tangan_publik(
    hash: &Hash,
    t: &TandaTanganTersimpan,
    r: &RekamanTandaTangan,
    saksi: &[PernyataanSaksiTersimpan],
) -> TandaTanganPublik {
    let metode = r.metode();
    let perwakilan = metode == Some(MetodeTandaTangan::Perwakilan);
    TandaTanganPublik {
        hash_daun: hex::encode(hash),
        pemda: r.pemda.clone(),
        judul: r.templat.judul.clone(),
        templat_id: r.templat.id,
        templat_versi: r.templat.versi,
        templat_hash: r.templat.hash_isi.clone(),
        kampanye_id: r.kampanye_id,
        nama_tersamar: samarkan_nama(&r.penanda.nama),
        nip_tersamar: r.penanda.nip_tampil.as_deref().and_then(samarkan_nip),
        jenis_pegawai: r.penanda.jenis_pegawai.clone(),
        unit: r.penanda.unit.clone(),
        jabatan: r.penanda.jabatan.clone(),
        waktu: r.waktu_utc(),
        metode,
        tempat: r.tempat.clone(),
        status: if t.ttd.pembatalan.is_some() {
            StatusTandaTangan::Dibatalkan
        } else {
            StatusTandaTangan::Aktif
        },
        pembatalan: t.ttd.pembatalan.as_ref().map(|b| PembatalanPublik {
            waktu: b.waktu,
            alasan: b.alasan.clone(),
            hash_daun: t.hash_daun_batal.map(hex::encode),
        }),
        catatan_perwakilan: perwakilan.then_some(CATATAN_PERWAKILAN),
        jumlah_diwakili: if perwakilan { r.mewakili.len() } else { 0 },
        saksi: saksi.iter().map(saksi_publik).collect(),
    }
}

impl App {
    /// Fills the signature / witness statement / revocation section of a leaf whose log
    /// checks passed. `Ok(Err(reason))` when the stored content does not match the entry.
    async fn isi_rincian(
        &self,
        h: &mut HasilVerifikasi,
        id: InstansiId,
        hash: &Hash,
        entri: &Entri,
    ) -> AppResult<Result<(), &'static str>> {
        match entri.jenis {
            JenisEntri::TandaTangan => {
                // A leaf without a stored signature (e.g. restored from elsewhere) is still
                // proved by the log; there is just nothing more to show.
                let Some(t) = self.store.tanda_tangan_by_daun(id, hash).await? else {
                    return Ok(Ok(()));
                };
                let r = match periksa_rekaman(&t.rekaman, &entri.hash_isi) {
                    Ok(r) => r,
                    Err(e) => {
                        h.periksa("record_matches", false);
                        return Ok(Err(e));
                    }
                };
                h.periksa("record_matches", true);
                let saksi = self.store.pernyataan_saksi(id, t.ttd.id).await?;
                h.tanda_tangan = Some(tanda_tangan_publik(hash, &t, &r, &saksi));
            }
            JenisEntri::PernyataanSaksi => {
                let Some(p) = self.store.pernyataan_saksi_by_daun(id, hash).await? else {
                    return Ok(Ok(()));
                };
                if !h.periksa(
                    "record_matches",
                    sama(&p.pernyataan.hash(), &entri.hash_isi),
                ) {
                    return Ok(Err(TIDAK_COCOK_SAKSI));
                }
                h.pernyataan_saksi = Some(PernyataanPublik {
                    hash_daun_ttd: p.pernyataan.hash_daun.as_str().to_string(),
                    saksi: saksi_publik(&p),
                });
            }
            JenisEntri::Pencabutan => {
                let Some(dicabut) = entri
                    .pengenal
                    .get(1)
                    .map(teks_pengenal)
                    .and_then(|x| parse_hash_daun(&x))
                else {
                    return Ok(Ok(()));
                };
                let Some(t) = self.store.tanda_tangan_by_daun(id, &dicabut).await? else {
                    return Ok(Ok(()));
                };
                let Some(b) = &t.ttd.pembatalan else {
                    h.periksa("record_matches", false);
                    return Ok(Err(TIDAK_COCOK_BATAL));
                };
                let hd = HashSha256::dari_bytes(&[]);
                let hd = HashSha256::parse(&hex::encode(dicabut)).unwrap_or(hd);
                let teks = teks_pencabutan(&hd, b.waktu, &b.alasan, &b.oleh);
                let ok = sama(&HashSha256::dari_bytes(teks.as_bytes()), &entri.hash_isi);
                if !h.periksa("record_matches", ok) {
                    return Ok(Err(TIDAK_COCOK_BATAL));
                }
                h.pencabutan = Some(PencabutanPublik {
                    hash_daun_ttd: hex::encode(dicabut),
                    waktu: b.waktu,
                    alasan: b.alasan.clone(),
                });
            }
            _ => {}
        }
        Ok(Ok(()))
    }

    /// Makes a witness key known, so the cosignatures it made are checked by
    /// [`App::verifikasi_daun`] (`netral serve --witness URL=VKEY` registers each).
    pub fn kenal_saksi(&self, saksi: CosignatureVerifier) {
        if let Ok(mut s) = self.log.saksi.write()
            && !s.contains(&saksi)
        {
            s.push(saksi);
        }
    }

    /// Verifies one leaf for the public (see the module documentation). Never an error for
    /// unknown, altered or malformed hashes; only storage failures are errors.
    pub async fn verifikasi_daun(&self, leaf_hash_hex: &str) -> AppResult<HasilVerifikasi> {
        let Some(hash) = parse_hash_daun(leaf_hash_hex) else {
            let mut h = HasilVerifikasi::baru(
                StatusVerifikasi::TidakValid,
                "Kode verifikasi tidak valid: harus 64 digit heksadesimal (hash daun SHA-256).",
            );
            h.periksa("hash_format", false);
            return Ok(h);
        };
        let mut h = HasilVerifikasi::baru(
            StatusVerifikasi::TidakDitemukan,
            "Tidak ada catatan dengan kode ini di log mana pun di server ini. \
             Dokumen yang kodenya diubah atau dipalsukan tidak akan ditemukan.",
        );
        h.leaf_hash = Some(hex::encode(hash));
        h.periksa("hash_format", true);

        // Find the leaf (hundreds of logs at most: one indexed lookup each).
        let mut ketemu = None;
        for info in self.store.daftar_log().await? {
            if let Some(i) = self.store.indeks_daun(info.instansi_id, &hash).await? {
                ketemu = Some((info, i));
                break;
            }
        }
        let Some((info, indeks)) = ketemu else {
            h.periksa("leaf_found", false);
            return Ok(h);
        };
        h.periksa("leaf_found", true);
        h.leaf_index = Some(indeks);
        h.origin = info.origin.clone();
        let id = info.instansi_id;
        let instansi = self.store.instansi(id).await?;
        if let Some(i) = &instansi {
            h.instansi_kode = Some(i.kode.to_string());
            h.instansi_nama = Some(i.nama.clone());
        }
        let nama_log = instansi
            .as_ref()
            .map(|i| i.nama.clone())
            .unwrap_or_else(|| "instansi".into());

        // The entry: bytes that hash to the leaf, a canonical record of this log's instansi.
        let daun = self.store.daun_log(id, indeks, indeks + 1).await?;
        let Some(daun) = daun.into_iter().find(|d| d.indeks == indeks) else {
            return Err(AppError::Internal(format!("daun #{indeks} hilang")));
        };
        if !h.periksa("entry_hash", leaf_hash(&daun.entri) == hash) {
            return Ok(h.gagal("Isi catatan tersimpan tidak cocok dengan kodenya."));
        }
        let entri = match Entri::decode(&daun.entri) {
            Ok(e) => e,
            Err(_) => {
                h.periksa("entry_canonical", false);
                return Ok(h.gagal("Catatan ini bukan catatan Netral yang sah."));
            }
        };
        let kode_cocok = h.instansi_kode.as_deref() == Some(entri.instansi.as_str());
        h.periksa("entry_canonical", kode_cocok);
        h.entri = Some(EntriPublik {
            jenis: entri.jenis,
            instansi_kode: entri.instansi.clone(),
            waktu: i64::try_from(entri.waktu_ms)
                .ok()
                .and_then(DateTime::<Utc>::from_timestamp_millis),
            waktu_ms: entri.waktu_ms,
            hash_isi: hex::encode(entri.hash_isi),
            pengenal: entri.pengenal.iter().map(teks_pengenal).collect(),
            ada_komitmen: entri.komitmen.is_some(),
        });
        if !kode_cocok {
            return Ok(h.gagal(format!(
                "Catatan ini menyebut instansi {} tetapi tersimpan di log {nama_log}.",
                entri.instansi
            )));
        }

        // The latest signed checkpoint must cover the leaf.
        let cp = self.store.checkpoint_terakhir(id).await?;
        let Some(cp) = cp.filter(|c| c.ukuran > indeks) else {
            h.periksa("checkpoint_covers", false);
            h.status = StatusVerifikasi::MenungguCheckpoint;
            h.alasan = format!(
                "Tercatat dalam log {nama_log}, tetapi belum dicakup checkpoint yang \
                 ditandatangani. Belum dapat diverifikasi; coba lagi sebentar lagi."
            );
            return Ok(h);
        };
        h.periksa("checkpoint_covers", true);
        h.tree_size = Some(cp.ukuran);
        h.akar = Some(hex::encode(cp.akar));
        h.waktu_checkpoint = Some(cp.waktu);

        // The checkpoint with its cosignatures, as served.
        let baris = self.store.kosignatur(id, cp.ukuran).await?;
        let sig: Vec<Signature> = baris
            .iter()
            .filter_map(|b| Signature::parse_line(b).ok())
            .collect();
        let teks = if sig.is_empty() {
            cp.catatan.clone()
        } else {
            append_signatures(&cp.catatan, &sig).unwrap_or_else(|_| cp.catatan.clone())
        };
        h.checkpoint = Some(teks.clone());
        h.kosignatur = sig
            .iter()
            .map(|s| KosignaturPublik {
                nama: s.name.clone(),
                key_id: format!("{:08x}", s.key_id),
                waktu: cosignature_timestamp(s)
                    .and_then(|t| i64::try_from(t).ok())
                    .and_then(|t| DateTime::<Utc>::from_timestamp(t, 0)),
                diperiksa: false,
                sah: false,
            })
            .collect();

        // Its signature, with the log's registered key; its body matches its row.
        let verifier = info
            .vkey
            .as_deref()
            .and_then(|v| Verifier::from_vkey(v).ok());
        let terbuka = verifier
            .as_ref()
            .and_then(|v| Checkpoint::open(&teks, &[v]).ok());
        let ttd_ok = terbuka.as_ref().is_some_and(|(isi, note)| {
            Some(&isi.origin) == info.origin.as_ref()
                && isi.size == cp.ukuran
                && isi.root == cp.akar
                && note
                    .verified
                    .iter()
                    .any(|s| Some(&s.name) == info.origin.as_ref())
        });
        // Cosignatures by witnesses whose keys this server knows are checked; the others
        // are only listed.
        if let Some((_, note)) = &terbuka
            && let Ok(saksi) = self.log.saksi.read()
        {
            for (k, s) in h.kosignatur.iter_mut().zip(&sig) {
                if let Some(v) = saksi
                    .iter()
                    .find(|v| v.name() == s.name && v.key_id() == s.key_id)
                {
                    k.diperiksa = true;
                    k.sah = v.verify(&note.body, &s.sig);
                }
            }
        }
        if !h.periksa("checkpoint_signature", ttd_ok) {
            return Ok(h.gagal(
                "Tanda tangan checkpoint log tidak sah. Jangan percayai catatan ini; \
                 laporkan ke pengelola.",
            ));
        }

        // The inclusion proof, computed from the stored tree and verified here.
        let bukti = match self
            .dengan_hash(id, |r| prove_record(cp.ukuran, indeks, r))
            .await
        {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = ?e, indeks, "bukti inklusi tidak dapat dihitung");
                h.periksa("inclusion_proof", false);
                return Ok(h.gagal(
                    "Bukti inklusi tidak dapat dihitung dari pohon log. Jangan percayai \
                     catatan ini; laporkan ke pengelola.",
                ));
            }
        };
        h.inclusion_proof = bukti.iter().map(hex::encode).collect();
        let ok = verify_inclusion(indeks, cp.ukuran, &hash, &bukti, &cp.akar).is_ok();
        if !h.periksa("inclusion_proof", ok) {
            return Ok(h.gagal(
                "Bukti inklusi tidak cocok dengan akar checkpoint. Jangan percayai catatan \
                 ini; laporkan ke pengelola.",
            ));
        }
        // What the leaf attests: the stored record must hash to the entry's content hash.
        if let Err(alasan) = self.isi_rincian(&mut h, id, &hash, &entri).await? {
            return Ok(h.gagal(alasan));
        }
        h.valid = true;
        h.status = StatusVerifikasi::Asli;
        h.alasan = format!(
            "ASLI — tercatat dalam log {nama_log} dan dicakup checkpoint yang ditandatangani \
             (ukuran {}).",
            cp.ukuran
        );
        Ok(h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_daun_64_hex_either_case() {
        let h = "E3b4de145494ac4b285029f0d1fed390097eecc42338dffb895470781ec9d988";
        assert_eq!(parse_hash_daun(h).map(hex::encode), Some(h.to_lowercase()));
        assert!(parse_hash_daun(&format!("  {h}\n")).is_some());
        for bad in [
            "",
            "xyz",
            &h[..63],
            &format!("{h}0"),
            &format!("{}zz", &h[..62]),
        ] {
            assert!(parse_hash_daun(bad).is_none(), "{bad}");
        }
        assert!(parse_hash_daun(&format!("+{}", &h[1..])).is_none());
    }

    #[test]
    fn nama_dan_nip_disamarkan() {
        assert_eq!(samarkan_nama("Siti Aminah"), "S*** A*****");
        assert_eq!(
            samarkan_nama("  Dr.  Budi   Santoso, S.Pd. "),
            "D** B*** S******* S****"
        );
        assert_eq!(samarkan_nama("Ölaf"), "Ö***");
        assert_eq!(samarkan_nama(""), "");
        assert_eq!(
            samarkan_nip("199001012019032002").as_deref(),
            Some("1990**********2002")
        );
        assert_eq!(
            samarkan_nip("19900101 201903 2 002").as_deref(),
            Some("1990**** ****** 2 002")
        );
        assert_eq!(samarkan_nip("12345678"), None);
    }

    /// A minimal canonical record (fields in declaration order, no whitespace).
    const REKAMAN: &str = concat!(
        r#"{"format":"NETRAL-TTD/1","instansi_kode":"19.71","pemda":"PEMDA","alamat":null,"#,
        r#""templat":{"id":1,"versi":1,"hash_isi":""#,
        "abababababababababababababababababababababababababababababababab",
        r#"","judul":"PAKTA","pembuka":"Saya:","butir":["Netral."],"penutup":"Demikian.","#,
        r#""dasar_hukum":[],"nomor_se":null},"kampanye_id":3,"penanda":{"nama":"Siti Aminah","#,
        r#""nip_tampil":"199001012019032002","jenis_pegawai":"PNS","jabatan":null,"unit":null},"#,
        r#""waktu":"2026-11-24T01:02:03.456Z","tempat":"Pangkalpinang","metode":"KERTAS_PINDAI","#,
        r#""gambar_ttd":null,"bukti_hash":null,"mewakili":[],"mandat_hash":null,"#,
        r#""url_verifikasi_dasar":"https://pakta.example.go.id/v/","#,
        r#""nonce":"00112233445566778899aabbccddeeff"}"#
    );

    /// The record stored on the server must be the one the log committed to: one changed
    /// field (here the name, re-encoded canonically) or a non-canonical encoding is refused.
    #[test]
    fn rekaman_harus_cocok_dengan_hash_di_log() {
        let r = RekamanTandaTangan::parse(REKAMAN.as_bytes()).unwrap();
        let hash = r.hash();
        assert_eq!(periksa_rekaman(REKAMAN.as_bytes(), &hash).unwrap(), r);
        let mut ubah = r.clone();
        ubah.penanda.nama = "Siti Aminah Palsu".into();
        assert_eq!(periksa_rekaman(&ubah.kanonik(), &hash), Err(TIDAK_COCOK));
        assert!(TIDAK_COCOK.contains("rekaman di server tidak cocok dengan log"));
        // Same hash but not parseable as a record: refused too.
        let bukan = b"bukan rekaman";
        let h: [u8; 32] = {
            use sha2::{Digest, Sha256};
            Sha256::digest(bukan).into()
        };
        assert_eq!(periksa_rekaman(bukan, &h), Err(TIDAK_COCOK));
    }
}
