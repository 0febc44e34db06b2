//! The signature image: a drawn signature as vector polylines, or a PNG flattened onto white
//! (PDF/A here means no transparency) and embedded as a Flate-compressed image.

use std::io::Cursor;

use crate::huruf::kompres_cepat;
use crate::tata_letak::Op;
use crate::{GalatDokumen, Goresan};

/// Largest PNG accepted, in pixels (a signature pad never needs more).
const PIKSEL_MAKS: u64 = 4_000_000;
/// Largest number of points in a drawn signature.
const TITIK_MAKS: usize = 50_000;

/// A decoded image ready to be written as an image XObject.
pub(crate) struct Citra {
    pub lebar: u32,
    pub tinggi: u32,
    /// 1 (DeviceGray) or 3 (DeviceRGB) components of 8 bits.
    pub komponen: u8,
    /// Flate-compressed samples.
    pub data: Vec<u8>,
}

/// Decodes a PNG, composites any alpha onto white and compresses the samples.
pub(crate) fn baca_png(png_bytes: &[u8]) -> Result<Citra, GalatDokumen> {
    let salah = |e: String| GalatDokumen::GambarTtd(e);
    let mut dekoder =
        png::Decoder::new_with_limits(Cursor::new(png_bytes), png::Limits { bytes: 64 << 20 });
    dekoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut pembaca = dekoder
        .read_info()
        .map_err(|e| salah(format!("PNG: {e}")))?;
    let (lebar, tinggi) = pembaca.info().size();
    if lebar == 0 || tinggi == 0 || u64::from(lebar) * u64::from(tinggi) > PIKSEL_MAKS {
        return Err(salah(format!(
            "ukuran PNG {lebar}x{tinggi} piksel di luar batas (maks {PIKSEL_MAKS} piksel)"
        )));
    }
    let ukuran = pembaca
        .output_buffer_size()
        .ok_or_else(|| salah("PNG terlalu besar".into()))?;
    let mut buf = vec![0u8; ukuran];
    let info = pembaca
        .next_frame(&mut buf)
        .map_err(|e| salah(format!("PNG: {e}")))?;
    let buf = &buf[..info.buffer_size()];
    let piksel = lebar as usize * tinggi as usize;
    let campur = |c: u8, a: u8| -> u8 {
        let (c, a) = (u32::from(c), u32::from(a));
        ((c * a + 255 * (255 - a) + 127) / 255) as u8
    };
    let (komponen, sampel): (u8, Vec<u8>) = match info.color_type {
        png::ColorType::Grayscale => (1, buf[..piksel].to_vec()),
        png::ColorType::GrayscaleAlpha => {
            (1, buf.chunks_exact(2).map(|p| campur(p[0], p[1])).collect())
        }
        png::ColorType::Rgb => (3, buf[..piksel * 3].to_vec()),
        png::ColorType::Rgba => (
            3,
            buf.chunks_exact(4)
                .flat_map(|p| [campur(p[0], p[3]), campur(p[1], p[3]), campur(p[2], p[3])])
                .collect(),
        ),
        png::ColorType::Indexed => {
            return Err(salah("PNG berpalet tidak dapat diperluas".into()));
        }
    };
    if sampel.len() != piksel * usize::from(komponen) {
        return Err(salah("data PNG tidak lengkap".into()));
    }
    Ok(Citra {
        lebar,
        tinggi,
        komponen,
        data: kompres_cepat(&sampel),
    })
}

/// Places an image of `lebar`×`tinggi` pixels in the box (x, y, w, h), keeping its aspect
/// ratio, centred horizontally and standing on the bottom of the box.
pub(crate) fn letakkan_citra(citra: &Citra, x: f32, y: f32, w: f32, h: f32) -> Op {
    let skala = (w / citra.lebar as f32).min(h / citra.tinggi as f32);
    let (cw, ch) = (citra.lebar as f32 * skala, citra.tinggi as f32 * skala);
    Op::Gambar {
        nama: "Ttd",
        x: x + (w - cw) / 2.0,
        y,
        w: cw,
        h: ch,
        keterangan: format!(
            "PNG {}x{} piksel, {} komponen",
            citra.lebar, citra.tinggi, citra.komponen
        ),
    }
}

/// Maps a drawn signature (canvas coordinates, y down) into the box (x, y, w, h).
pub(crate) fn goresan(g: &Goresan, x: f32, y: f32, w: f32, h: f32) -> Result<Op, GalatDokumen> {
    let salah = |e: &str| GalatDokumen::GambarTtd(e.to_owned());
    if !(g.lebar.is_finite() && g.tinggi.is_finite() && g.lebar > 0.0 && g.tinggi > 0.0) {
        return Err(salah("ukuran kanvas goresan harus positif"));
    }
    let jumlah: usize = g.garis.iter().map(Vec::len).sum();
    if jumlah > TITIK_MAKS {
        return Err(salah("goresan memuat terlalu banyak titik"));
    }
    if g.garis
        .iter()
        .flatten()
        .any(|(px, py)| !px.is_finite() || !py.is_finite())
    {
        return Err(salah("titik goresan tidak valid"));
    }
    let skala = (w / g.lebar).min(h / g.tinggi);
    let dx = x + (w - g.lebar * skala) / 2.0;
    let atas = y + g.tinggi * skala;
    let garis = g
        .garis
        .iter()
        .filter(|l| !l.is_empty())
        .map(|l| {
            l.iter()
                .map(|&(px, py)| {
                    // Points outside the canvas are clamped onto its edge.
                    let px = px.clamp(0.0, g.lebar);
                    let py = py.clamp(0.0, g.tinggi);
                    (dx + px * skala, atas - py * skala)
                })
                .collect()
        })
        .collect();
    Ok(Op::Goresan { garis, tebal: 1.1 })
}
