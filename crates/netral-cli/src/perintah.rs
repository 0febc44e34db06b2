//! Command definitions and their implementations.

use std::io::{IsTerminal, Read};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::Context;
use clap::{Args, Parser, Subcommand};

use netral_app::akun::{FormInstansi, FormUser};
use netral_app::{App, AppError, JamSistem, Konfigurasi, OpsiImpor, Pelaku};
use netral_store::Store;

#[derive(Debug, Parser)]
#[command(
    name = "netral",
    version,
    about = "Netral — Pakta Integritas Netralitas ASN untuk Pemda",
    long_about = "Netral: registri pegawai, pakta integritas netralitas ASN, dan log yang dapat diverifikasi siapa pun.\n\
                  Default: SQLite di folder data. Gunakan --database-url postgres://… untuk PostgreSQL."
)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub perintah: Perintah,
}

#[derive(Debug, Args)]
pub struct Global {
    /// Data folder (SQLite database, keys). Default ./netral-data (demo: ./netral-demo).
    #[arg(long, env = "NETRAL_DATA_DIR", global = true)]
    pub data_dir: Option<PathBuf>,
    /// PostgreSQL URL (postgres://…); unset = SQLite in the data folder.
    #[arg(
        long,
        env = "NETRAL_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    #[command(flatten)]
    pub log: crate::log::ArgLog,
}

#[derive(Debug, Subcommand)]
pub enum Perintah {
    /// Apply embedded database migrations (also applied on every start).
    Migrate,
    /// Register and list Pemda (instansi).
    #[command(subcommand)]
    Instansi(PerintahInstansi),
    /// Staff accounts.
    #[command(subcommand)]
    User(PerintahUser),
    /// API bearer tokens.
    #[command(subcommand)]
    Token(PerintahToken),
    /// Import data.
    #[command(subcommand)]
    Import(PerintahImpor),
    /// Run the production server.
    Serve(ArgServe),
    /// Create (or reuse) the demo Pemda Kota Pangkalpinang (19.71) with its elections, pacts
    /// and a signing campaign in progress (thousands of signatures by every route), and serve it.
    Demo(ArgDemo),
    /// Run a transparency-log witness (C2SP tlog-witness) with its own data folder.
    Witness(crate::saksi::ArgWitness),
    /// Verify a .tlog-proof bundle offline: exit 0 genuine, 2 not.
    Verify(crate::saksi::ArgVerify),
    /// The instansi's transparency log: rebuild and check it, print checkpoint or vkey.
    #[command(subcommand)]
    Log(crate::log::PerintahLog),
    /// Export signed pacts (ZIP of PDFs with a manifest).
    #[command(subcommand)]
    Export(crate::ekspor::PerintahEkspor),
}

#[derive(Debug, Subcommand)]
pub enum PerintahInstansi {
    /// Register a Pemda (idempotent by kode wilayah).
    Add {
        /// Kode wilayah, e.g. 19.71.
        #[arg(long)]
        kode: String,
        /// Name, e.g. "Kota Pangkalpinang".
        #[arg(long)]
        nama: String,
        /// PROV, KAB or KOTA.
        #[arg(long)]
        jenis: String,
        /// Name of the regional head.
        #[arg(long)]
        kepala_daerah: Option<String>,
        /// DEFINITIF, PJ, PJS or PLT.
        #[arg(long)]
        status_kepala: Option<String>,
        /// Print the result as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List registered Pemda.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PerintahUser {
    /// Create or update an account scoped to one instansi (idempotent).
    Add {
        #[arg(long)]
        instansi: String,
        #[arg(long)]
        username: String,
        /// ADMIN, BKPSDM, OPERATOR_SATGAS, KETUA_SATGAS, INSPEKTORAT, ATASAN_LANGSUNG, PENJATUH,
        /// PENGHUBUNG_BAWASLU, AUDITOR.
        #[arg(long)]
        role: String,
        /// Display name.
        #[arg(long)]
        nama: Option<String>,
        /// Limit the account to this unit kerja (and the units below it).
        #[arg(long)]
        unit: Option<i64>,
        /// Read the password from standard input (first line).
        #[arg(long)]
        password_stdin: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PerintahToken {
    /// Print a new bearer token for /api/v1 (shown once).
    Create {
        #[arg(long)]
        username: String,
        /// What the token is for.
        #[arg(long, default_value = "cli")]
        nama: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum PerintahImpor {
    /// Import employees from a CSV (UTF-8 or Windows-1252, comma or semicolon) or XLSX file.
    Pegawai {
        #[arg(long)]
        instansi: String,
        file: PathBuf,
        /// Check and count, write nothing.
        #[arg(long)]
        dry_run: bool,
        /// Write the valid rows even when some rows are rejected.
        #[arg(long)]
        skip_invalid: bool,
        /// Full export: mark employees missing from the file inactive.
        #[arg(long)]
        sync: bool,
        /// Write the row report here (.csv or .xlsx).
        #[arg(long)]
        report: Option<PathBuf>,
        /// Print the counts as one JSON object on the last line.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct ArgServe {
    /// Address to listen on.
    #[arg(long, env = "NETRAL_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Mark cookies Secure (set when served behind HTTPS).
    #[arg(long, env = "NETRAL_COOKIE_SECURE")]
    pub cookie_secure: bool,
    #[command(flatten)]
    pub saksi: crate::kait::ArgSaksiLog,
    #[command(flatten)]
    pub notifikasi: crate::notifikasi::ArgNotifikasi,
}

#[derive(Debug, Args)]
pub struct ArgDemo {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Number of demo employees.
    #[arg(long, default_value_t = 6000)]
    pub jumlah: usize,
    /// Set up the demo data and exit without serving.
    #[arg(long)]
    pub tanpa_server: bool,
    #[command(flatten)]
    pub saksi: crate::kait::ArgSaksiLog,
    #[command(flatten)]
    pub notifikasi: crate::notifikasi::ArgNotifikasi,
}

/// A failure with its exit code: 2 when the input was rejected (nothing written), 1 otherwise.
#[derive(Debug)]
pub enum Gagal {
    Masukan(String),
    Lain(anyhow::Error),
}

impl Gagal {
    pub fn keluar(&self) -> (u8, String) {
        match self {
            Gagal::Masukan(m) => (2, format!("ditolak: {m}")),
            Gagal::Lain(e) => (1, format!("gagal: {e}")),
        }
    }

    pub fn rincian(&self) -> Vec<String> {
        match self {
            Gagal::Masukan(_) => Vec::new(),
            Gagal::Lain(e) => e.chain().skip(1).map(|c| c.to_string()).collect(),
        }
    }
}

impl From<AppError> for Gagal {
    fn from(e: AppError) -> Self {
        match e {
            AppError::Internal(detail) => {
                Gagal::Lain(anyhow::anyhow!("kesalahan internal: {detail}"))
            }
            other => Gagal::Masukan(other.to_string()),
        }
    }
}

impl From<anyhow::Error> for Gagal {
    fn from(e: anyhow::Error) -> Self {
        Gagal::Lain(e)
    }
}

fn siapkan_log(default: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Creates the data folder (0700) if missing.
fn folder_data(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir)
        .with_context(|| format!("membuat folder data {}", dir.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .with_context(|| format!("mengatur izin folder data {}", dir.display()))?;
    }
    Ok(())
}

/// Opens storage: PostgreSQL when a URL is given, otherwise SQLite in the data folder.
pub async fn buka_store(g: &Global, default_dir: &str) -> anyhow::Result<Arc<dyn Store>> {
    if let Some(url) = g.database_url.as_deref().filter(|u| !u.is_empty()) {
        if !(url.starts_with("postgres://") || url.starts_with("postgresql://")) {
            anyhow::bail!("--database-url harus berupa postgres://…");
        }
        let s = netral_store_postgres::PostgresStore::connect(url)
            .await
            .context("membuka PostgreSQL")?;
        return Ok(Arc::new(s));
    }
    let dir = g
        .data_dir
        .clone()
        .unwrap_or_else(|| PathBuf::from(default_dir));
    folder_data(&dir)?;
    let path = dir.join("netral.db");
    let s = tokio::task::spawn_blocking(move || netral_store_sqlite::SqliteStore::open(path))
        .await
        .context("membuka SQLite")?
        .context("membuka SQLite")?;
    Ok(Arc::new(s))
}

fn app(store: Arc<dyn Store>) -> App {
    App::new(store, Arc::new(JamSistem), Konfigurasi::default())
}

fn pelaku_cli() -> Pelaku {
    Pelaku::Cli(std::env::var("USER").unwrap_or_else(|_| "operator".into()))
}

pub async fn jalankan(cli: Cli) -> Result<ExitCode, Gagal> {
    let g = &cli.global;
    match cli.perintah {
        Perintah::Migrate => {
            siapkan_log("warn");
            let store = buka_store(g, "netral-data").await?;
            cetak!("migrasi diterapkan ({})", store.backend());
            Ok(ExitCode::SUCCESS)
        }
        Perintah::Instansi(p) => {
            siapkan_log("warn");
            let app = app(buka_store(g, "netral-data").await?);
            match p {
                PerintahInstansi::Add {
                    kode,
                    nama,
                    jenis,
                    kepala_daerah,
                    status_kepala,
                    json,
                } => {
                    let (i, perubahan) = app
                        .tambah_instansi(
                            &pelaku_cli(),
                            FormInstansi {
                                kode,
                                nama,
                                jenis,
                                kepala_daerah,
                                status_kepala,
                                demo: false,
                            },
                        )
                        .await?;
                    if json {
                        cetak!(
                            "{}",
                            serde_json::json!({"id": i.id.0, "kode": i.kode.as_str(), "nama": i.nama, "perubahan": format!("{perubahan:?}")})
                        );
                    } else {
                        cetak!("instansi {} {} ({:?})", i.kode, i.nama, perubahan);
                    }
                }
                PerintahInstansi::List { json } => {
                    let daftar = app.store.daftar_instansi().await.map_err(AppError::from)?;
                    if json {
                        let v: Vec<_> = daftar
                            .iter()
                            .map(|i| serde_json::json!({"id": i.id.0, "kode": i.kode.as_str(), "jenis": i.jenis.kode(), "nama": i.nama, "demo": i.demo}))
                            .collect();
                        cetak!("{}", serde_json::Value::Array(v));
                    } else {
                        for i in daftar {
                            cetak!(
                                "{}\t{}\t{}{}",
                                i.kode,
                                i.jenis,
                                i.nama,
                                if i.demo { "\t(demo)" } else { "" }
                            );
                        }
                    }
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Perintah::User(PerintahUser::Add {
            instansi,
            username,
            role,
            nama,
            unit,
            password_stdin,
            json,
        }) => {
            siapkan_log("warn");
            let sandi = if password_stdin {
                let mut s = String::new();
                std::io::stdin()
                    .read_to_string(&mut s)
                    .context("membaca kata sandi dari stdin")?;
                Some(s.lines().next().unwrap_or_default().to_string())
            } else {
                None
            };
            let app = app(buka_store(g, "netral-data").await?);
            let (u, perubahan) = app
                .tambah_user(
                    &pelaku_cli(),
                    FormUser {
                        instansi_kode: instansi,
                        username,
                        nama,
                        peran: role,
                        unit_id: unit,
                        sandi,
                    },
                )
                .await?;
            if json {
                cetak!(
                    "{}",
                    serde_json::json!({"id": u.id.0, "username": u.username.as_str(), "peran": u.peran.kode(), "perubahan": format!("{perubahan:?}")})
                );
            } else {
                cetak!(
                    "pengguna {} ({}) {:?}",
                    u.username,
                    u.peran.kode(),
                    perubahan
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Perintah::Token(PerintahToken::Create { username, nama }) => {
            siapkan_log("warn");
            let app = app(buka_store(g, "netral-data").await?);
            let token = app.buat_token(&pelaku_cli(), &username, &nama).await?;
            cetak!("{token}");
            Ok(ExitCode::SUCCESS)
        }
        Perintah::Import(PerintahImpor::Pegawai {
            instansi,
            file,
            dry_run,
            skip_invalid,
            sync,
            report,
            json,
        }) => {
            siapkan_log("warn");
            impor(
                g,
                &instansi,
                &file,
                OpsiImpor {
                    dry_run,
                    skip_invalid,
                    sync,
                },
                report.as_deref(),
                json,
            )
            .await
        }
        Perintah::Serve(a) => {
            siapkan_log("info,tower_http=warn");
            let store = buka_store(g, "netral-data").await?;
            let app = crate::log::app(store, g, "netral-data");
            let pengirim = crate::notifikasi::mulai(&app, &a.notifikasi, false)?;
            let hasil = layani(app, a.addr, a.cookie_secure, None, &a.saksi).await;
            pengirim.berhenti().await;
            hasil
        }
        Perintah::Log(p) => {
            siapkan_log("warn");
            crate::log::jalankan(g, p).await
        }
        Perintah::Export(p) => {
            siapkan_log("warn");
            crate::ekspor::jalankan(g, p).await
        }
        Perintah::Witness(a) => crate::saksi::witness(g, a).await,
        Perintah::Verify(a) => crate::saksi::verify(a),
        Perintah::Demo(a) => {
            siapkan_log("info,tower_http=warn");
            let store = buka_store(g, "netral-demo").await?;
            let mut konf = crate::log::konfigurasi(g, "netral-demo");
            // The demo's QR codes and links open the demo server itself.
            konf.url_publik
                .get_or_insert_with(|| format!("http://{}", a.addr));
            let app = netral_app::App::new(
                store,
                std::sync::Arc::new(netral_app::JamSistem),
                netral_app::Konfigurasi {
                    log: konf,
                    ..netral_app::Konfigurasi::default()
                },
            );
            eprintln!("Menyiapkan Pemda demo Kota Pangkalpinang (19.71)…");
            let mulai = std::time::Instant::now();
            let (hasil, pakta) = app.siapkan_demo_lengkap(a.jumlah).await?;
            let info = format!(
                "DATA DEMO — {} ({}): {} pegawai dibaca, {} baru, {} tidak berubah.\n{}\n\
                 Akun demo (kata sandi: {}): {}",
                hasil.instansi.nama,
                hasil.instansi.kode,
                hasil.impor.rows,
                hasil.impor.imported,
                hasil.impor.unchanged,
                ringkasan_pakta(&pakta, mulai.elapsed()),
                netral_app::demo::SANDI_DEMO,
                hasil
                    .akun
                    .iter()
                    .map(|(u, p)| format!("{u} ({p})"))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            if a.tanpa_server {
                cetak!("{info}");
                return Ok(ExitCode::SUCCESS);
            }
            let pengirim = crate::notifikasi::mulai(&app, &a.notifikasi, true)?;
            let hasil = layani(app, a.addr, false, Some(info), &a.saksi).await;
            pengirim.berhenti().await;
            hasil
        }
    }
}

/// The demo's pact summary in Indonesian, a few lines.
fn ringkasan_pakta(
    r: &netral_app::demo::pakta::RingkasanPakta,
    lama: std::time::Duration,
) -> String {
    let angka = |n: u64| {
        let s = n.to_string();
        let mut out = String::new();
        for (i, c) in s.chars().enumerate() {
            if i > 0 && (s.len() - i).is_multiple_of(3) {
                out.push('.');
            }
            out.push(c);
        }
        out
    };
    if r.kampanye == 0 {
        return "Pakta demo: tidak dibuat (perlu paling sedikit 2 pegawai).".into();
    }
    let metode = r
        .per_metode
        .iter()
        .map(|(m, n)| format!("{m} {}", angka(*n)))
        .collect::<Vec<_>>()
        .join(", ");
    let tertinggal = r
        .unit_tertinggal
        .iter()
        .map(|(u, s, w)| format!("{u} {}/{}", angka(*s), angka(*w)))
        .collect::<Vec<_>>()
        .join("; ");
    let tertinggal = if tertinggal.is_empty() {
        String::new()
    } else {
        format!("Unit paling tertinggal: {tertinggal}.")
    };
    let status = if r.dibuat {
        format!("dibuat dalam {:.1} detik", lama.as_secs_f64())
    } else {
        "sudah ada, tidak ada yang ditambahkan".to_string()
    };
    format!(
        "Pakta demo ({status}): {} pemilihan, {} templat disahkan, {} kampanye.\n\
         Kampanye Pemilihan Ulang 2025: {} dari {} pegawai sudah menandatangani ({},{}%); \
         per metode: {metode}.\n\
         Saksi Forkopimda: {} pernyataan; pembatalan: {}; perwakilan: {} (atas nama {} tenaga \
         non-ASN); hadir deklarasi: {}; kampanye Pilkada 2024 (selesai): {} tanda tangan.\n\
         {tertinggal}{}",
        r.pemilihan,
        r.templat,
        r.kampanye,
        angka(r.sudah),
        angka(r.wajib),
        r.permil() / 10,
        r.permil() % 10,
        angka(r.saksi),
        angka(r.dibatalkan),
        angka(r.perwakilan),
        angka(r.diwakili),
        angka(r.hadir_deklarasi),
        angka(r.ttd_2024),
        if r.tahap_terlambat.is_empty() {
            String::new()
        } else {
            format!(" Tahap lewat tenggat: {}.", r.tahap_terlambat.join(", "))
        }
    )
}

async fn impor(
    g: &Global,
    instansi: &str,
    file: &Path,
    opsi: OpsiImpor,
    report: Option<&Path>,
    json: bool,
) -> Result<ExitCode, Gagal> {
    let format_laporan = match report.and_then(|p| p.extension()).and_then(|e| e.to_str()) {
        None if report.is_none() => None,
        Some(e) if e.eq_ignore_ascii_case("csv") => Some(false),
        Some(e) if e.eq_ignore_ascii_case("xlsx") => Some(true),
        _ => {
            return Err(Gagal::Masukan(
                "--report harus berakhiran .csv atau .xlsx".into(),
            ));
        }
    };
    let isi = std::fs::read(file)
        .map_err(|e| Gagal::Masukan(format!("tidak dapat membaca {}: {e}", file.display())))?;
    let nama = file
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("berkas")
        .to_string();
    let app = app(buka_store(g, "netral-data").await?);
    let target = app.instansi_wajib(instansi).await?;
    let spinner = std::io::stderr().is_terminal().then(|| {
        let pb = indicatif::ProgressBar::new_spinner();
        pb.set_message(format!("memeriksa dan menulis {nama}…"));
        pb.enable_steady_tick(std::time::Duration::from_millis(120));
        pb
    });
    let hasil = app
        .impor_pegawai(&pelaku_cli(), target.id, isi, &nama, opsi)
        .await;
    if let Some(pb) = spinner {
        pb.finish_and_clear();
    }
    let l = hasil?;
    if let (Some(path), Some(xlsx)) = (report, format_laporan) {
        let bytes = if xlsx {
            netral_import::laporan_xlsx(&l.masalah)
                .map_err(|e| Gagal::Lain(anyhow::anyhow!("{e}")))?
        } else {
            netral_import::laporan_csv(&l.masalah)
        };
        std::fs::write(path, bytes)
            .with_context(|| format!("menulis laporan {}", path.display()))?;
    }
    if !json {
        for m in l.masalah.iter().take(20) {
            eprintln!(
                "baris {}: {} \"{}\" — {} ({})",
                m.baris, m.kolom, m.nilai, m.alasan, m.tingkat
            );
        }
        if l.masalah.len() > 20 {
            eprintln!(
                "… dan {} masalah lain (gunakan --report)",
                l.masalah.len() - 20
            );
        }
    }
    let ringkas = format!(
        "{} baris: {} baru, {} diubah, {} tidak berubah, {} ditolak, {} peringatan{}{}",
        l.rows,
        l.imported,
        l.updated,
        l.unchanged,
        l.rejected,
        l.warnings,
        if l.deactivated > 0 {
            format!(", {} dinonaktifkan", l.deactivated)
        } else {
            String::new()
        },
        if opsi.dry_run {
            " (uji coba, tidak ada yang ditulis)"
        } else {
            ""
        }
    );
    if let Some(alasan) = &l.alasan_batal {
        if json {
            cetak!("{}", l.json());
        }
        return Err(Gagal::Masukan(format!("{alasan}\n  {ringkas}")));
    }
    if json {
        cetak!("{}", l.json());
    } else {
        cetak!("{ringkas}");
    }
    Ok(ExitCode::SUCCESS)
}

async fn layani(
    app: App,
    addr: SocketAddr,
    cookie_aman: bool,
    info: Option<String>,
    saksi: &crate::kait::ArgSaksiLog,
) -> Result<ExitCode, Gagal> {
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("tidak dapat mendengarkan di {addr}"))?;
    let alamat = listener.local_addr().context("alamat server")?;
    let kait = crate::kait::pasang(&app, saksi);
    let sequencer = crate::log::mulai(&app).await?;
    crate::kait::susul(&app, kait);
    cetak!(
        "Netral berjalan di http://{alamat}/ ({})",
        app.store.backend()
    );
    if let Some(info) = info {
        cetak!("{info}");
    }
    let state = netral_web::AppState::new(app, cookie_aman);
    let hasil = netral_web::serve(listener, state, berhenti()).await;
    crate::log::berhenti(sequencer).await;
    hasil.context("server berhenti karena galat")?;
    Ok(ExitCode::SUCCESS)
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

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn global_options_work_after_the_subcommand() {
        let cli = Cli::try_parse_from(["netral", "migrate", "--data-dir", "/tmp/x"]).unwrap();
        assert_eq!(cli.global.data_dir.as_deref(), Some(Path::new("/tmp/x")));
        let cli =
            Cli::try_parse_from(["netral", "--data-dir", "/tmp/y", "instansi", "list"]).unwrap();
        assert_eq!(cli.global.data_dir.as_deref(), Some(Path::new("/tmp/y")));
    }
}
