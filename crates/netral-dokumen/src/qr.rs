//! The verification QR code, drawn as vector rectangles (one per horizontal run of dark
//! modules, all filled as one path so no seams appear between them).

use fast_qr::{ECL, QRBuilder};

use crate::GalatDokumen;
use crate::tata_letak::Op;

/// An encoded QR code as runs of dark modules: (row, first column, length).
pub(crate) struct KodeQr {
    n: usize,
    deret: Vec<(u16, u16, u16)>,
}

impl KodeQr {
    /// Encodes `url` in byte mode with error correction M.
    pub(crate) fn buat(url: &str) -> Result<Self, GalatDokumen> {
        let kode = QRBuilder::new(url.as_bytes())
            .ecl(ECL::M)
            .build()
            .map_err(|e| GalatDokumen::Qr(e.to_string()))?;
        let n = kode.size;
        let mut deret = Vec::with_capacity(n * n / 4);
        for baris in 0..n {
            let modul = &kode[baris];
            let mut kolom = 0;
            while kolom < n {
                if modul[kolom].value() {
                    let awal = kolom;
                    while kolom < n && modul[kolom].value() {
                        kolom += 1;
                    }
                    deret.push((baris as u16, awal as u16, (kolom - awal) as u16));
                } else {
                    kolom += 1;
                }
            }
        }
        Ok(Self { n, deret })
    }

    /// The code as a square of side `sisi` points with its top-left corner at (x, atas).
    /// The page around it must stay white (quiet zone).
    pub(crate) fn op(&self, x: f32, atas: f32, sisi: f32) -> Op {
        Op::Qr {
            x,
            atas,
            modul: sisi / self.n as f32,
            deret: self.deret.clone(),
            keterangan: format!(
                "QR {n}x{n} modul (versi {}), EC M, sisi {sisi:.1} pt",
                (self.n - 17) / 4,
                n = self.n
            ),
        }
    }
}
