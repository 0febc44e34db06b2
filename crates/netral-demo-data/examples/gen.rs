//! Writes the demo Pemda as an import file.
//!
//! ```text
//! cargo run --release -p netral-demo-data --example gen -- --jumlah 1000000 --out /tmp/pegawai.csv
//! cargo run --release -p netral-demo-data --example gen -- --jumlah 6000 --xlsx --out /tmp/pegawai.xlsx
//! ```
//!
//! Options: `--jumlah N` (default 6000), `--seed S` (default 1971), `--out FILE` (default
//! stdout for CSV; required for XLSX), `--xlsx` (write XLSX instead of CSV). A summary goes
//! to stderr.

use std::io::{BufWriter, Write};
use std::process::ExitCode;
use std::time::Instant;

use netral_demo_data::{Spesifikasi, hasilkan, ke_xlsx, tulis_csv};

struct Argumen {
    spec: Spesifikasi,
    out: Option<String>,
    xlsx: bool,
}

fn baca_argumen() -> Result<Argumen, String> {
    let mut a = Argumen {
        spec: Spesifikasi::default(),
        out: None,
        xlsx: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut nilai = |nama: &str| args.next().ok_or(format!("{nama} butuh nilai"));
        match arg.as_str() {
            "--jumlah" => {
                let v = nilai("--jumlah")?.replace(['_', '.'], "");
                a.spec.jumlah = v
                    .parse()
                    .map_err(|_| format!("--jumlah bukan angka: {v}"))?;
            }
            "--seed" => {
                let v = nilai("--seed")?;
                a.spec.seed = v.parse().map_err(|_| format!("--seed bukan angka: {v}"))?;
            }
            "--out" => a.out = Some(nilai("--out")?),
            "--xlsx" => a.xlsx = true,
            "-h" | "--help" => {
                return Err(
                    "pemakaian: gen [--jumlah N] [--seed S] [--out FILE] [--xlsx]".to_string(),
                );
            }
            lain => return Err(format!("argumen tidak dikenal: {lain}")),
        }
    }
    if a.xlsx && a.out.is_none() {
        return Err("--xlsx butuh --out FILE".to_string());
    }
    Ok(a)
}

fn jalankan(a: &Argumen) -> std::io::Result<()> {
    let mulai = Instant::now();
    if a.xlsx {
        let data = hasilkan(&a.spec);
        let dibuat = mulai.elapsed();
        let bytes = ke_xlsx(&data);
        std::fs::write(a.out.as_deref().unwrap_or("pegawai.xlsx"), &bytes)?;
        eprintln!(
            "{} pegawai: dibuat {:.2?}, XLSX {} byte total {:.2?}",
            data.orang.len(),
            dibuat,
            bytes.len(),
            mulai.elapsed()
        );
    } else {
        match &a.out {
            Some(path) => {
                let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
                tulis_csv(&a.spec, &mut w)?;
                w.flush()?;
            }
            None => {
                let stdout = std::io::stdout();
                let mut w = BufWriter::with_capacity(1 << 20, stdout.lock());
                tulis_csv(&a.spec, &mut w)?;
                w.flush()?;
            }
        }
        eprintln!("{} pegawai: CSV {:.2?}", a.spec.jumlah, mulai.elapsed());
    }
    Ok(())
}

fn main() -> ExitCode {
    let a = match baca_argumen() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    match jalankan(&a) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gagal menulis: {e}");
            ExitCode::from(1)
        }
    }
}
