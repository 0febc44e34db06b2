//! The verification QR code, drawn as vector rectangles (one per horizontal run of dark
//! modules, all filled as one path so no seams appear between them).

use fast_qr::{ECL, QRBuilder};

use crate::GalatDokumen;
use crate::tata_letak::Op;

/// Draws the QR code of `url` as a square of side `sisi` points whose top-left corner is at
/// (x, atas). Error correction M. The page around it must stay white (quiet zone).
pub(crate) fn qr(url: &str, x: f32, atas: f32, sisi: f32) -> Result<Op, GalatDokumen> {
    let kode = QRBuilder::new(url.as_bytes())
        .ecl(ECL::M)
        .build()
        .map_err(|e| GalatDokumen::Qr(e.to_string()))?;
    let n = kode.size;
    let modul = sisi / n as f32;
    let mut kotak = Vec::with_capacity(n * n / 4);
    for baris in 0..n {
        let deret = &kode[baris];
        let y = atas - (baris + 1) as f32 * modul;
        let mut kolom = 0;
        while kolom < n {
            if deret[kolom].value() {
                let awal = kolom;
                while kolom < n && deret[kolom].value() {
                    kolom += 1;
                }
                kotak.push([
                    x + awal as f32 * modul,
                    y,
                    (kolom - awal) as f32 * modul,
                    modul,
                ]);
            } else {
                kolom += 1;
            }
        }
    }
    Ok(Op::Kotak {
        kotak,
        keterangan: format!(
            "QR {n}x{n} modul (versi {}), EC M, sisi {sisi:.1} pt",
            (n - 17) / 4
        ),
    })
}
