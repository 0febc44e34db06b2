//! `netral witness` (run a transparency-log witness) and `netral verify`
//! (offline check of a `.tlog-proof` bundle or of a pact PDF). The work is done by the
//! `netral-witness` and `netral-dokumen` crates; this module is flags, output and exit codes.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::Args;
use netral_witness::verifikasi::{self, Daun, Galat, Laporan};
use netral_witness::{JamSistem, Saksi};

use crate::perintah::{Gagal, Global};

/// Default data folder of a witness.
const FOLDER_SAKSI: &str = "netral-witness";

#[derive(Debug, Args)]
#[command(after_help = "\
Saksi (witness) mengkosignasi checkpoint log transparansi Pemda menurut C2SP tlog-witness v1.0.0:
ia hanya menandatangani checkpoint yang terbukti merupakan kelanjutan dari checkpoint terakhir
yang ia lihat, sehingga Pemda tidak dapat menunjukkan riwayat berbeda kepada orang berbeda.

Folder data (--data-dir, default ./netral-witness) berisi witness.key (kunci privat saksi, dibuat
saat pertama dijalankan, mode 0600) dan witness.state (ukuran dan akar terakhir setiap log,
disimpan sebelum menjawab). Jangan salin folder ini ke mesin lain selagi saksi berjalan.

Rute: POST /add-checkpoint, GET / (keterangan), GET /vkey (kunci publik saksi).")]
pub struct ArgWitness {
    /// Address to listen on.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8081")]
    pub listen: SocketAddr,
    /// Verifier key of a log to witness (repeatable); the log's origin is the key name.
    #[arg(
        long = "log",
        value_name = "VKEY",
        required_unless_present = "log_list"
    )]
    pub log: Vec<String>,
    /// A file of log verifier keys, one per line ('#' starts a comment).
    #[arg(long, value_name = "FILE")]
    pub log_list: Option<PathBuf>,
    /// Key name of this witness, e.g. saksi.bkn.go.id (used when the key is created;
    /// must match the existing key afterwards). Default witness.localhost.
    #[arg(long)]
    pub name: Option<String>,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Memeriksa berkas .tlog-proof tanpa jaringan: tanda tangan log, kosignatur saksi menurut kebijakan,
dan bukti bahwa entri tercatat di log. Keluar 0 bila asli, 2 bila tidak (atau tidak dapat diperiksa).

Kepercayaan ditentukan pemeriksa, bukan bundel:
  --policy FILE   kebijakan C2SP tlog-policy (log yang dipercaya dan kuorum saksi), mis.
                    log <vkey log>
                    witness bkn <vkey>
                    witness bawaslu <vkey>
                    witness ugm <vkey>
                    group institusi 2 bkn bawaslu ugm
                    quorum institusi
  --log VKEY      kunci log yang dipercaya; dapat digabung dengan --policy (kebijakan saksi
                  nasional + kunci log satu Pemda). Tanpa --policy tidak ada syarat saksi, dan
                  hasilnya memuat peringatan.

Entri yang diperiksa: --leaf HEX (hash daun, seperti pada kode QR /v/<hash>) atau --entry FILE
(isi entri). Tanpa keduanya, isi baris extra bundel dianggap sebagai entri; cocokkan entri yang
ditampilkan dengan dokumen Anda.

PDF pakta (netral verify pakta.pdf --policy FILE): rekaman tanda tangan dan bundel bukti yang
tertanam diambil, sidik rekaman dicocokkan dengan entri log, PDF disusun ulang dari rekamannya dan
harus sama persis bita demi bita, lalu bundel diperiksa seperti di atas. Satu bita yang diubah di
mana pun membuat PDF TIDAK ASLI.")]
pub struct ArgVerify {
    /// The .tlog-proof bundle or pact PDF to check.
    pub file: PathBuf,
    /// Trust policy file (C2SP tlog-policy).
    #[arg(long, value_name = "FILE")]
    pub policy: Option<PathBuf>,
    /// Verifier key of a trusted log (repeatable).
    #[arg(long = "log", value_name = "VKEY")]
    pub log: Vec<String>,
    /// Leaf hash of the entry to check (64 hex digits).
    #[arg(long, value_name = "HEX", conflicts_with = "entry")]
    pub leaf: Option<String>,
    /// File holding the entry to check.
    #[arg(long, value_name = "FILE")]
    pub entry: Option<PathBuf>,
    /// Print the result as one JSON object on the last line.
    #[arg(long)]
    pub json: bool,
}

/// `netral witness`.
pub async fn witness(g: &Global, a: ArgWitness) -> Result<ExitCode, Gagal> {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();

    let mut vkey = a.log;
    if let Some(berkas) = &a.log_list {
        let teks = std::fs::read_to_string(berkas).map_err(|e| {
            Gagal::Masukan(format!("tidak dapat membaca {}: {e}", berkas.display()))
        })?;
        vkey.extend(
            teks.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_owned),
        );
    }
    let dir = g
        .data_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(FOLDER_SAKSI));
    let nama = a.name.clone();
    let saksi = tokio::task::spawn_blocking(move || {
        Saksi::buka(&dir, nama.as_deref(), &vkey, Arc::new(JamSistem))
    })
    .await
    .context("membuka saksi")?
    .map_err(|e| {
        use netral_witness::server::GalatMulai;
        use netral_witness::simpan::GalatSimpan;
        match e {
            GalatMulai::Simpan(GalatSimpan::Io { .. }) => {
                Gagal::Lain(anyhow::Error::new(e).context("membuka folder data saksi"))
            }
            lain => Gagal::Masukan(lain.to_string()),
        }
    })?;
    let listener = tokio::net::TcpListener::bind(a.listen)
        .await
        .with_context(|| format!("tidak dapat mendengarkan di {}", a.listen))?;
    let alamat = listener.local_addr().context("alamat saksi")?;
    cetak!("Saksi Netral berjalan di http://{alamat}/");
    cetak!("vkey: {}", saksi.vkey());
    for (origin, _) in saksi.log() {
        cetak!("mengikuti log: {origin}");
    }
    netral_witness::layani(listener, saksi, berhenti())
        .await
        .context("saksi berhenti karena galat")?;
    Ok(ExitCode::SUCCESS)
}

/// `netral verify`.
pub fn verify(a: ArgVerify) -> Result<ExitCode, Gagal> {
    let isi = baca(&a.file)?;
    if isi.starts_with(b"%PDF-") {
        return verify_pdf(&a, &isi);
    }
    let teks_bundel = String::from_utf8(isi).map_err(|_| {
        Gagal::Masukan(format!(
            "{} bukan berkas .tlog-proof (bukan teks UTF-8)",
            a.file.display()
        ))
    })?;
    let teks_policy = baca_kebijakan(&a)?;
    let entri;
    let daun = match (&a.leaf, &a.entry) {
        (Some(hex), _) => Daun::Hash(verifikasi::hash_dari_hex(hex).ok_or_else(|| {
            Gagal::Masukan(format!(
                "--leaf harus 64 digit heksadesimal, bukan \"{hex}\""
            ))
        })?),
        (None, Some(berkas)) => {
            entri = baca(berkas)?;
            Daun::Data(&entri)
        }
        (None, None) => Daun::Extra,
    };
    let hasil = verifikasi::teks_kebijakan(teks_policy.as_deref(), &a.log)
        .and_then(|k| verifikasi::verifikasi_bundle(&teks_bundel, daun, &k));
    match hasil {
        Ok(laporan) => {
            cetak!("{}", laporan.putusan());
            for r in laporan.rincian() {
                cetak!("  {r}");
            }
            if a.json {
                cetak!("{}", json_asli(&laporan));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(e @ (Galat::TanpaKebijakan | Galat::KebijakanTidakValid(_) | Galat::TanpaDaun)) => {
            Err(Gagal::Masukan(e.to_string()))
        }
        Err(e) => Ok(tidak_asli(&a, &e.to_string())),
    }
}

fn baca_kebijakan(a: &ArgVerify) -> Result<Option<String>, Gagal> {
    match &a.policy {
        Some(p) => Ok(Some(String::from_utf8(baca(p)?).map_err(|_| {
            Gagal::Masukan(format!("{} bukan teks UTF-8", p.display()))
        })?)),
        None => Ok(None),
    }
}

/// Prints the "not genuine" verdict; exit code 2.
fn tidak_asli(a: &ArgVerify, alasan: &str) -> ExitCode {
    cetak!("TIDAK ASLI: {alasan}");
    cetak!("  berkas: {}", a.file.display());
    if a.json {
        cetak!("{}", serde_json::json!({"valid": false, "alasan": alasan}));
    }
    ExitCode::from(2)
}

/// `netral verify pakta.pdf`: the PDF must re-render byte for byte from its embedded record
/// ([`netral_dokumen::periksa_pdf`]) and its embedded bundle must prove the record's entry
/// under the verifier's policy.
fn verify_pdf(a: &ArgVerify, pdf: &[u8]) -> Result<ExitCode, Gagal> {
    if a.leaf.is_some() || a.entry.is_some() {
        return Err(Gagal::Masukan(
            "--leaf dan --entry tidak dipakai untuk PDF: entri diambil dari PDF itu sendiri".into(),
        ));
    }
    let teks_policy = baca_kebijakan(a)?;
    let kebijakan = verifikasi::teks_kebijakan(teks_policy.as_deref(), &a.log)
        .map_err(|e| Gagal::Masukan(e.to_string()))?;
    let pdf = match netral_dokumen::periksa_pdf(pdf) {
        Ok(p) => p,
        Err(e) => return Ok(tidak_asli(a, &e.to_string())),
    };
    let Ok(teks_bundel) = std::str::from_utf8(&pdf.bundle) else {
        return Ok(tidak_asli(a, "bundel bukti bukan teks UTF-8"));
    };
    let laporan =
        match verifikasi::verifikasi_bundle(teks_bundel, Daun::Hash(pdf.hash_daun), &kebijakan) {
            Ok(l) => l,
            Err(e) => return Ok(tidak_asli(a, &e.to_string())),
        };
    let r = &pdf.rekaman;
    let (waktu, waktu_rfc3339) =
        netral_dokumen::waktu_wib(r).unwrap_or_else(|_| (r.waktu.clone(), r.waktu.clone()));
    let metode = r.metode().map_or(r.metode.as_str(), |m| m.label());
    cetak!(
        "ASLI: pakta \"{}\" ditandatangani {} dan tercatat di log {} pada indeks {} (ukuran {})",
        r.templat.judul,
        r.penanda.nama,
        laporan.origin,
        laporan.indeks,
        laporan.ukuran
    );
    let mut rincian = vec![
        format!("judul pakta: {}", r.templat.judul),
        format!("sidik isi pakta (SHA-256): {}", r.templat.hash_isi),
        format!("penanda tangan: {}", r.penanda.nama),
        format!("NIP: {}", r.penanda.nip_tampil.as_deref().unwrap_or("-")),
        format!("waktu: {waktu} ({waktu_rfc3339})"),
        format!("metode: {metode}"),
    ];
    if !r.mewakili.is_empty() {
        rincian.push(format!("mewakili: {} pegawai", r.mewakili.len()));
    }
    rincian.extend(laporan.rincian());
    for baris in rincian {
        cetak!("  {baris}");
    }
    if a.json {
        let mut j = json_asli(&laporan);
        if let Some(o) = j.as_object_mut() {
            o.insert("judul".into(), r.templat.judul.clone().into());
            o.insert("hash_templat".into(), r.templat.hash_isi.clone().into());
            o.insert("nama".into(), r.penanda.nama.clone().into());
            o.insert("waktu".into(), waktu_rfc3339.into());
            o.insert("metode".into(), r.metode.clone().into());
        }
        cetak!("{j}");
    }
    Ok(ExitCode::SUCCESS)
}

fn json_asli(l: &Laporan) -> serde_json::Value {
    serde_json::json!({
        "valid": true,
        "origin": l.origin,
        "ukuran": l.ukuran,
        "indeks": l.indeks,
        "hash_daun": l.hash_daun.iter().map(|b| format!("{b:02x}")).collect::<String>(),
        "saksi": l.saksi.iter().map(|(n, t)| serde_json::json!({"nama": n, "waktu": t})).collect::<Vec<_>>(),
        "tanpa_saksi": l.tanpa_saksi,
    })
}

fn baca(berkas: &Path) -> Result<Vec<u8>, Gagal> {
    std::fs::read(berkas)
        .map_err(|e| Gagal::Masukan(format!("tidak dapat membaca {}: {e}", berkas.display())))
}

/// Resolves on Ctrl-C or SIGTERM.
async fn berhenti() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}
