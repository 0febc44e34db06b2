//! Deterministic evidence for the demo pact campaign: a handwritten-looking signature drawn
//! as strokes (what a phone's signature pad sends), the "scan" of a wet-signed sheet and a
//! mandate letter, both as small one-page PDFs. The same input always gives the same bytes.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Width and height of the signature box, in the pad's units.
pub const KOTAK_TTD: (f32, f32) = (300.0, 100.0);

fn benih(teks: &str) -> u64 {
    // FNV-1a: stable across platforms and releases (unlike `DefaultHasher`).
    teks.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Signature strokes for `nama` inside [`KOTAK_TTD`]: a looping stroke over the name's
/// initial, a flowing stroke for the rest and an underline. Points stay inside the box.
pub fn goresan_ttd(nama: &str) -> Vec<Vec<(f32, f32)>> {
    let mut rng = ChaCha8Rng::seed_from_u64(benih(nama));
    let (lebar, tinggi) = KOTAK_TTD;
    let jepit = |x: f32, y: f32| {
        (
            (x.clamp(2.0, lebar - 2.0) * 4.0).round() / 4.0,
            (y.clamp(2.0, tinggi - 2.0) * 4.0).round() / 4.0,
        )
    };
    let mut garis = Vec::new();
    // Initial: an upright loop.
    let (cx, cy) = (rng.gen_range(30.0..60.0f32), rng.gen_range(40.0..55.0f32));
    let r = rng.gen_range(18.0..28.0f32);
    garis.push(
        (0..=24)
            .map(|i| {
                let t = i as f32 / 24.0 * std::f32::consts::TAU * 1.1;
                jepit(cx + r * 0.6 * t.sin(), cy - r * t.cos())
            })
            .collect(),
    );
    // The rest: a wave whose loops depend on the name.
    let huruf = nama.chars().filter(|c| c.is_alphabetic()).count().max(4) as f32;
    let amp = rng.gen_range(10.0..20.0f32);
    let frek = rng.gen_range(0.8..1.4f32) * huruf / 6.0;
    let x0 = cx + r * 0.6;
    let x1 = rng.gen_range(220.0..280.0f32);
    garis.push(
        (0..=40)
            .map(|i| {
                let u = i as f32 / 40.0;
                let x = x0 + (x1 - x0) * u;
                let y = cy + amp * (u * frek * std::f32::consts::TAU).sin() * (1.0 - 0.4 * u);
                jepit(x, y)
            })
            .collect(),
    );
    // Underline.
    let yb = rng.gen_range(75.0..88.0f32);
    garis.push(vec![
        jepit(cx - 10.0, yb + 4.0),
        jepit((cx + x1) / 2.0, yb),
        jepit(x1 + 8.0, yb - 3.0),
    ]);
    garis
}

/// PDF strings hold printable ASCII here; anything else becomes `?`, and `(`, `)`, `\` are
/// escaped.
fn teks_pdf(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '(' | ')' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            ' '..='~' => out.push(c),
            _ => out.push('?'),
        }
    }
    out
}

/// A one-page A4 PDF with the given lines of text (Helvetica), a signature-like curve
/// and a box, as a small stand-in for a scanned sheet. Offsets in the xref table are exact.
fn pdf_satu_halaman(baris: &[String], goresan: &[Vec<(f32, f32)>]) -> Vec<u8> {
    let mut isi = String::from("BT /F1 11 Tf 60 780 Td 15 TL\n");
    for b in baris {
        isi.push_str(&format!("({}) Tj T*\n", teks_pdf(b)));
    }
    isi.push_str("ET\n0.1 0.1 0.5 RG 1.2 w\n");
    // The signature strokes, placed at (330, 200) with y up.
    for g in goresan {
        for (i, (x, y)) in g.iter().enumerate() {
            let (px, py) = (330.0 + x * 0.7, 270.0 - y * 0.7);
            isi.push_str(&format!(
                "{px:.2} {py:.2} {}\n",
                if i == 0 { "m" } else { "l" }
            ));
        }
        isi.push_str("S\n");
    }
    isi.push_str("0 0 0 RG 0.5 w 50 150 495 660 re S\n");
    let objek = [
        "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_string(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] \
         /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .to_string(),
        format!("<< /Length {} >>\nstream\n{isi}endstream", isi.len()),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".to_string(),
    ];
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut posisi = Vec::with_capacity(objek.len());
    for (i, o) in objek.iter().enumerate() {
        posisi.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objek.len() + 1).as_bytes());
    for p in posisi {
        pdf.extend_from_slice(format!("{p:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
            objek.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

/// The "scan" of one wet-signed pact sheet (a PDF of about 2 KB): the pact title, the
/// signer's name, identifier, unit and the date written on the sheet, and their signature.
pub fn pindaian_lembar(judul: &str, nama: &str, nip: &str, unit: &str, tanggal: &str) -> Vec<u8> {
    let baris = [
        crate::DEMO_LABEL.to_string(),
        String::new(),
        judul.to_string(),
        String::new(),
        format!("Nama        : {nama}"),
        format!("NIP         : {nip}"),
        format!("Unit kerja  : {unit}"),
        String::new(),
        format!("Pangkalpinang, {tanggal}"),
        "Yang menyatakan,".to_string(),
    ];
    pdf_satu_halaman(&baris, &goresan_ttd(nama))
}

/// A mandate letter: `penanda` is appointed to sign "atas nama" the listed people.
pub fn surat_mandat(nomor: &str, penanda: &str, unit: &str, jumlah: usize) -> Vec<u8> {
    let baris = [
        crate::DEMO_LABEL.to_string(),
        String::new(),
        "SURAT TUGAS".to_string(),
        format!("Nomor: {nomor}"),
        String::new(),
        format!("Menugaskan {penanda}"),
        format!("untuk menandatangani pakta integritas netralitas atas nama {jumlah}"),
        format!("tenaga non-ASN pada {unit}, sesuai daftar terlampir."),
        String::new(),
        "Sekretaris Daerah Kota Pangkalpinang".to_string(),
    ];
    pdf_satu_halaman(&baris, &goresan_ttd(penanda))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn goresan_tetap_dan_di_dalam_kotak() {
        let a = goresan_ttd("Siti Aminah");
        assert_eq!(a, goresan_ttd("Siti Aminah"));
        assert_ne!(a, goresan_ttd("Budi Santoso"));
        for g in &a {
            assert!(g.len() >= 2);
            for (x, y) in g {
                assert!((0.0..=KOTAK_TTD.0).contains(x) && (0.0..=KOTAK_TTD.1).contains(y));
            }
        }
    }

    #[test]
    fn pindaian_pdf_tetap_dengan_xref_benar() {
        let a = pindaian_lembar("Pakta (uji)", "Siti", "1990", "Dinas", "1 Juli 2025");
        assert_eq!(
            a,
            pindaian_lembar("Pakta (uji)", "Siti", "1990", "Dinas", "1 Juli 2025")
        );
        assert!(a.starts_with(b"%PDF-1.4\n") && a.len() < 8192);
        let s = String::from_utf8(a).unwrap_or_default();
        let xref: usize = s
            .rsplit("startxref\n")
            .next()
            .and_then(|r| r.lines().next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0);
        assert!(s[xref..].starts_with("xref\n0 6\n"));
        // Each listed offset points at its object.
        for (i, l) in s[xref..].lines().skip(3).take(5).enumerate() {
            let off: usize = l[..10].parse().unwrap_or(0);
            assert!(s[off..].starts_with(&format!("{} 0 obj", i + 1)));
        }
        assert!(s.contains("(Pakta \\(uji\\)) Tj"));
    }
}
