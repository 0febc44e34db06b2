//! `netral`: the one binary. Parses the command line, opens storage, wires the application
//! and the web layer, and maps outcomes to exit codes (0 done, 1 failed, 2 input rejected
//! with nothing written). See ../shared/INTERFACE.md for the public surface.

/// `println!` that never panics: when the reader of stdout has gone away (`netral verify … |
/// head`), the command stops with exit 1 (I/O failure) instead of a panic.
macro_rules! cetak {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($t)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(1);
            }
        }
    }};
}

mod ekspor;
mod kait;
mod log;
mod notifikasi;
mod perintah;
mod saksi;

use std::process::ExitCode;

/// mimalloc instead of the system allocator: a signing request allocates a few hundred small
/// objects (JSON, record, rows), and glibc malloc/free took ~10 % of the server's CPU at
/// saturation (`bench/ttd`, `perf`).
#[global_allocator]
static ALOKATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use clap::Parser;

fn main() -> ExitCode {
    let cli = perintah::Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("gagal memulai runtime: {e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(perintah::jalankan(cli)) {
        Ok(code) => code,
        Err(e) => {
            let (kode, baris) = e.keluar();
            eprintln!("{baris}");
            for sebab in e.rincian() {
                eprintln!("  {sebab}");
            }
            ExitCode::from(kode)
        }
    }
}
