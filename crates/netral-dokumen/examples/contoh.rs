//! Writes a sample signed pact: `cargo run -p netral-dokumen --example contoh -- OUT.pdf`.

use netral_dokumen::{Penyaji, contoh};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let keluar = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "pakta-contoh.pdf".into());
    let penyaji = Penyaji::baru(&contoh::kop_pangkalpinang(), &contoh::isi_standar())?;
    let pdf = penyaji.render(&contoh::penandatangan(7), &contoh::data_tanda_tangan(7))?;
    std::fs::write(&keluar, &pdf)?;
    println!(
        "{keluar}: {} bita, ukuran huruf isi {:?} pt",
        pdf.len(),
        penyaji.ukuran_huruf()
    );
    Ok(())
}
