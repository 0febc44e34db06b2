//! Throughput of pact rendering on one core, against LibreOffice converting the same letter.
//!
//! `cargo run --release -p netral-dokumen --example bench_pdf [-- N]` (N signers, default
//! 2000). Prints documents per second for: the usual case (drawn signature), a PNG signature,
//! signers whose names need glyphs outside the prepared subset (per-document subset), the
//! signed document from a signature record with its embedded proof bundle (`render_rekaman`)
//! and its offline check (`periksa_pdf`);
//! then LibreOffice headless (`soffice --convert-to pdf`, PDF/A-2b export, pinned to one core
//! with `taskset` when available) converting 20 copies of the same letter written as flat
//! ODF (`.fodt`) with the QR code as an embedded PNG. LibreOffice is skipped, with a note,
//! when `soffice` is not installed (Debian: `libreoffice-writer-nogui`).

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use netral_dokumen::{
    DataTandaTangan, GambarTtd, IsiPakta, Kop, Penandatangan, Penyaji, contoh, periksa_pdf,
    render_rekaman,
};
use netral_domain::pakta::rekaman::{
    FORMAT_REKAMAN, GambarRekaman, RekamanPenanda, RekamanTandaTangan, RekamanTemplat,
};
use netral_ledger::bundle::ProofBundle;
use netral_ledger::checkpoint::Checkpoint;
use netral_ledger::leaf_hash;
use netral_ledger::note::Signer;
use netral_ledger::tree::{MemoryHashStore, prove_record};

const N_LIBREOFFICE: u32 = 20;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: u32 = std::env::args().nth(1).map_or(Ok(2000), |s| s.parse())?;
    let kop = contoh::kop_pangkalpinang();
    let isi = contoh::isi_standar();

    let mulai = Instant::now();
    let penyaji = Penyaji::baru(&kop, &isi)?;
    let siap = mulai.elapsed();
    println!(
        "netral-dokumen: Penyaji::baru (subset huruf, objek tetap) {:.1} ms",
        ms(siap)
    );

    let signers: Vec<(Penandatangan, DataTandaTangan)> = (0..n)
        .map(|i| (contoh::penandatangan(i), contoh::data_tanda_tangan(i)))
        .collect();
    // Warm-up (page faults, allocator).
    for (p, t) in signers.iter().take(50) {
        std::hint::black_box(penyaji.render(p, t)?);
    }
    let (per_detik, rerata, p99) = ukur(&penyaji, &signers)?;
    println!(
        "netral-dokumen: {n} penanda tangan berbeda, goresan vektor: {per_detik:.0} dokumen/detik \
         pada 1 inti (p99 {:.2} ms, rata-rata {:.1} KiB/dokumen)",
        ms(p99),
        rerata / 1024.0
    );

    let png = png_ttd();
    let dengan_png: Vec<_> = signers
        .iter()
        .map(|(p, t)| {
            let mut t = t.clone();
            t.gambar_ttd = Some(GambarTtd::Png(png.clone()));
            (p.clone(), t)
        })
        .collect();
    let (per_detik, rerata, p99) = ukur(&penyaji, &dengan_png)?;
    println!(
        "netral-dokumen: tanda tangan PNG 600x200: {per_detik:.0} dokumen/detik \
         (p99 {:.2} ms, rata-rata {:.1} KiB/dokumen)",
        ms(p99),
        rerata / 1024.0
    );

    let lambat: Vec<_> = signers
        .iter()
        .take((n / 10).max(1) as usize)
        .map(|(p, t)| {
            let mut p = p.clone();
            p.nama = format!("Nguyễn Thị Ștefania {}", p.nama);
            (p, t.clone())
        })
        .collect();
    let (per_detik, rerata, p99) = ukur(&penyaji, &lambat)?;
    println!(
        "netral-dokumen: nama di luar subset siap (subset per dokumen), {} dokumen: \
         {per_detik:.0} dokumen/detik (p99 {:.2} ms, rata-rata {:.1} KiB/dokumen)",
        lambat.len(),
        ms(p99),
        rerata / 1024.0
    );

    rekaman(&signers)?;
    libreoffice(&kop, &isi, &signers)?;
    Ok(())
}

/// The signed document as the application makes it: `render_rekaman` from a signature
/// record (template prepared once and cached), with a real inclusion proof bundle from a log
/// holding every signer's entry; then `periksa_pdf` (extract, parse, re-render, compare).
fn rekaman(signers: &[(Penandatangan, DataTandaTangan)]) -> Result<(), Box<dyn std::error::Error>> {
    let rekaman: Vec<RekamanTandaTangan> = signers
        .iter()
        .enumerate()
        .map(|(i, (p, _))| rekaman_contoh(i, p))
        .collect();
    let entri: Vec<Vec<u8>> = rekaman
        .iter()
        .map(|r| r.entri([7; 32]).encode())
        .collect::<Result<_, _>>()?;
    let mut log = MemoryHashStore::new();
    for e in &entri {
        log.append(e)?;
    }
    let kunci = Signer::from_seed("pakta.example.go.id/19.71", [1; 32])?;
    let cp = Checkpoint::new("pakta.example.go.id/19.71", log.size(), log.root()?);
    let catatan = cp.sign(&[&kunci])?;
    let mut masukan = Vec::with_capacity(rekaman.len());
    for (i, (r, e)) in rekaman.iter().zip(&entri).enumerate() {
        let bundel = ProofBundle {
            extra: Some(e.clone()),
            index: i as u64,
            proof: prove_record(log.size(), i as u64, &log)?,
            checkpoint: catatan.clone(),
        }
        .to_text();
        let hex: String = leaf_hash(e).iter().map(|b| format!("{b:02x}")).collect();
        masukan.push((r, hex, bundel.into_bytes()));
    }
    // Warm-up, including preparing and caching the template.
    for (r, hex, b) in masukan.iter().take(50) {
        std::hint::black_box(render_rekaman(r, hex, b)?);
    }
    let mut waktu = Vec::with_capacity(masukan.len());
    let mut pdf = Vec::with_capacity(masukan.len());
    let mulai = Instant::now();
    for (r, hex, b) in &masukan {
        let m = Instant::now();
        let d = render_rekaman(r, hex, b)?;
        waktu.push(m.elapsed());
        pdf.push(d);
    }
    let total = mulai.elapsed();
    waktu.sort();
    let p99 = waktu[(waktu.len() * 99 / 100).min(waktu.len() - 1)];
    let rerata = pdf.iter().map(Vec::len).sum::<usize>() as f64 / pdf.len() as f64;
    println!(
        "netral-dokumen: render_rekaman (rekaman NETRAL-TTD/1 + bundel bukti {} daun tertanam), \
         {} penanda tangan berbeda: {:.0} dokumen/detik pada 1 inti (p99 {:.2} ms, rata-rata \
         {:.1} KiB/dokumen)",
        log.size(),
        pdf.len(),
        pdf.len() as f64 / total.as_secs_f64(),
        ms(p99),
        rerata / 1024.0
    );
    let mulai = Instant::now();
    for d in &pdf {
        std::hint::black_box(periksa_pdf(d)?);
    }
    let total = mulai.elapsed();
    println!(
        "netral-dokumen: periksa_pdf (ambil lampiran, urai, susun ulang, bandingkan): \
         {:.0} dokumen/detik pada 1 inti",
        pdf.len() as f64 / total.as_secs_f64()
    );
    Ok(())
}

/// A signature record for sample signer `i` (drawn signature, distinct nonce and time).
fn rekaman_contoh(i: usize, p: &Penandatangan) -> RekamanTandaTangan {
    let kop = contoh::kop_pangkalpinang();
    let isi = contoh::isi_standar();
    let garis = match contoh::data_tanda_tangan(i as u32).gambar_ttd {
        Some(GambarTtd::Goresan(g)) => GambarRekaman::Goresan {
            lebar: g.lebar,
            tinggi: g.tinggi,
            garis: g.garis,
        },
        _ => GambarRekaman::Goresan {
            lebar: 300.0,
            tinggi: 100.0,
            garis: vec![vec![(10.0, 50.0), (290.0, 50.0)]],
        },
    };
    RekamanTandaTangan {
        format: FORMAT_REKAMAN.into(),
        instansi_kode: "19.71".into(),
        pemda: kop.pemda,
        alamat: kop.alamat,
        templat: RekamanTemplat {
            id: 1,
            versi: 1,
            hash_isi: "ab".repeat(32),
            judul: isi.judul,
            pembuka: isi.pembuka,
            butir: isi.butir,
            penutup: isi.penutup,
            dasar_hukum: isi.dasar_hukum,
            nomor_se: None,
        },
        kampanye_id: Some(1),
        penanda: RekamanPenanda {
            nama: p.nama.clone(),
            nip_tampil: p.nip_tampil.clone(),
            jenis_pegawai: p.jenis_pegawai.clone(),
            jabatan: p.jabatan.clone(),
            unit: p.unit.clone(),
        },
        waktu: format!(
            "2026-11-24T{:02}:{:02}:{:02}.{:03}Z",
            i / 3600 % 24,
            i / 60 % 60,
            i % 60,
            i % 1000
        ),
        tempat: "Pangkalpinang".into(),
        metode: "DARING_OTP".into(),
        gambar_ttd: Some(garis),
        bukti_hash: None,
        mewakili: Vec::new(),
        mandat_hash: None,
        url_verifikasi_dasar: "https://pakta.pangkalpinangkota.go.id/v/".into(),
        nonce: format!("{:032x}", i as u128 * 0x9e37_79b9_7f4a_7c15),
    }
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// Renders every signer once, sequentially; returns documents/s, mean size, p99 latency.
fn ukur(
    penyaji: &Penyaji,
    signers: &[(Penandatangan, DataTandaTangan)],
) -> Result<(f64, f64, Duration), Box<dyn std::error::Error>> {
    let mut waktu = Vec::with_capacity(signers.len());
    let mut bita = 0usize;
    let mulai = Instant::now();
    for (p, t) in signers {
        let m = Instant::now();
        let pdf = penyaji.render(p, t)?;
        waktu.push(m.elapsed());
        bita += pdf.len();
        std::hint::black_box(pdf);
    }
    let total = mulai.elapsed();
    waktu.sort();
    let p99 = waktu[(waktu.len() * 99 / 100).min(waktu.len() - 1)];
    Ok((
        signers.len() as f64 / total.as_secs_f64(),
        bita as f64 / signers.len() as f64,
        p99,
    ))
}

/// A 600×200 RGBA PNG of a wavy stroke (a scanned or pad signature).
fn png_ttd() -> Vec<u8> {
    let (w, h) = (600u32, 200u32);
    let mut piksel = vec![0u8; (w * h * 4) as usize];
    for x in 30..570 {
        let y = (100.0 + 60.0 * ((x as f32) / 40.0).sin()) as u32;
        for dy in 0..6 {
            let i = (((y + dy) * w + x) * 4) as usize;
            piksel[i..i + 4].copy_from_slice(&[10, 20, 90, 255]);
        }
    }
    let mut keluaran = Vec::new();
    let mut enc = png::Encoder::new(&mut keluaran, w, h);
    enc.set_color(png::ColorType::Rgba);
    enc.set_depth(png::BitDepth::Eight);
    let mut penulis = enc.write_header().expect("header PNG");
    penulis.write_image_data(&piksel).expect("data PNG");
    penulis.finish().expect("PNG");
    keluaran
}

/// The QR code of `url` as a PNG (4 pixels per module, quiet zone of 4 modules).
fn png_qr(url: &str) -> Vec<u8> {
    let kode = fast_qr::QRBuilder::new(url)
        .ecl(fast_qr::ECL::M)
        .build()
        .expect("QR");
    let (n, skala, tepi) = (kode.size, 4usize, 4usize);
    let sisi = (n + 2 * tepi) * skala;
    let mut piksel = vec![255u8; sisi * sisi];
    for y in 0..n {
        for x in 0..n {
            if kode[y][x].value() {
                for dy in 0..skala {
                    let baris = ((y + tepi) * skala + dy) * sisi;
                    let kolom = (x + tepi) * skala;
                    piksel[baris + kolom..baris + kolom + skala].fill(0);
                }
            }
        }
    }
    let mut keluaran = Vec::new();
    let mut enc = png::Encoder::new(&mut keluaran, sisi as u32, sisi as u32);
    enc.set_color(png::ColorType::Grayscale);
    enc.set_depth(png::BitDepth::Eight);
    let mut penulis = enc.write_header().expect("header PNG");
    penulis.write_image_data(&piksel).expect("data PNG");
    penulis.finish().expect("PNG");
    keluaran
}

fn base64(data: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut o = String::with_capacity(data.len().div_ceil(3) * 4);
    for c in data.chunks(3) {
        let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= c.len() {
                o.push(char::from(A[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                o.push('=');
            }
        }
    }
    o
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The same letter as flat ODF: letterhead, title, identity table, numbered clauses,
/// closing paragraph, legal references, QR code image with URL, signature block, footer.
fn fodt(kop: &Kop, isi: &IsiPakta, p: &Penandatangan, t: &DataTandaTangan) -> String {
    let mut badan = String::new();
    let par = |b: &mut String, gaya: &str, teks: &str| {
        let _ = writeln!(
            b,
            r#"<text:p text:style-name="{gaya}">{}</text:p>"#,
            xml(teks)
        );
    };
    par(&mut badan, "Kop", &kop.pemda);
    if let Some(a) = &kop.alamat {
        par(&mut badan, "Alamat", a);
    }
    par(&mut badan, "Judul", &isi.judul);
    par(&mut badan, "Isi", "Yang bertanda tangan di bawah ini:");
    badan.push_str(r#"<table:table table:name="Identitas" table:style-name="Tabel"><table:table-column table:style-name="K1"/><table:table-column table:style-name="K2"/><table:table-column table:style-name="K3"/>"#);
    for (label, nilai) in [
        ("Nama", p.nama.as_str()),
        ("NIP", p.nip_tampil.as_deref().unwrap_or("-")),
        ("Status Kepegawaian", p.jenis_pegawai.as_str()),
        ("Jabatan", p.jabatan.as_deref().unwrap_or("-")),
        ("Unit Kerja", p.unit.as_deref().unwrap_or("-")),
    ] {
        let _ = write!(
            badan,
            r#"<table:table-row><table:table-cell><text:p text:style-name="Isi">{}</text:p></table:table-cell><table:table-cell><text:p text:style-name="Isi">:</text:p></table:table-cell><table:table-cell><text:p text:style-name="Isi">{}</text:p></table:table-cell></table:table-row>"#,
            xml(label),
            xml(nilai)
        );
    }
    badan.push_str("</table:table>\n");
    par(&mut badan, "Isi", &isi.pembuka);
    badan.push_str(r#"<text:list text:style-name="Nomor">"#);
    for b in &isi.butir {
        let _ = write!(
            badan,
            r#"<text:list-item><text:p text:style-name="Rata">{}</text:p></text:list-item>"#,
            xml(b)
        );
    }
    badan.push_str("</text:list>\n");
    par(&mut badan, "Rata", &isi.penutup);
    par(&mut badan, "Kecil", "Dasar hukum:");
    badan.push_str(r#"<text:list text:style-name="Nomor">"#);
    for d in &isi.dasar_hukum {
        let _ = write!(
            badan,
            r#"<text:list-item><text:p text:style-name="Kecil">{}</text:p></text:list-item>"#,
            xml(d)
        );
    }
    badan.push_str("</text:list>\n");
    let _ = writeln!(
        badan,
        r#"<text:p text:style-name="Isi"><draw:frame draw:name="QR" text:anchor-type="as-char" svg:width="3cm" svg:height="3cm"><draw:image><office:binary-data>{}</office:binary-data></draw:image></draw:frame></text:p>"#,
        base64(&png_qr(&t.url_verifikasi))
    );
    par(&mut badan, "Kecil", &t.url_verifikasi);
    for (gaya, teks) in [
        ("Ttd", format!("{}, {}", t.tempat, t.waktu_wib)),
        ("Ttd", "Yang menyatakan,".to_owned()),
        ("Ttd", String::new()),
        ("Ttd", String::new()),
        ("TtdNama", p.nama.clone()),
        (
            "Ttd",
            format!("NIP {}", p.nip_tampil.as_deref().unwrap_or("-")),
        ),
        ("Ttd", format!("Metode penandatanganan: {}", t.metode)),
        (
            "Kecil",
            format!("Sidik isi pakta (SHA-256): {}", t.hash_isi),
        ),
    ] {
        par(&mut badan, gaya, &teks);
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
<office:font-face-decls><style:font-face style:name="Noto Sans" svg:font-family="'Noto Sans'"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="Noto Sans" fo:font-size="11pt" fo:language="id" fo:country="ID"/></style:default-style>
<style:style style:name="Isi" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.1cm"/></style:style>
<style:style style:name="Rata" style:family="paragraph"><style:paragraph-properties fo:text-align="justify" fo:margin-bottom="0.1cm"/></style:style>
<style:style style:name="Kop" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="14pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Alamat" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:border-bottom="1.5pt solid #000000" fo:padding-bottom="0.1cm" fo:margin-bottom="0.5cm"/><style:text-properties fo:font-size="8.5pt"/></style:style>
<style:style style:name="Judul" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.4cm"/><style:text-properties fo:font-size="12.5pt" fo:font-weight="bold"/></style:style>
<style:style style:name="Kecil" style:family="paragraph"><style:text-properties fo:font-size="8pt"/></style:style>
<style:style style:name="Ttd" style:family="paragraph"><style:paragraph-properties fo:margin-left="8cm"/></style:style>
<style:style style:name="TtdNama" style:family="paragraph" style:parent-style-name="Ttd"><style:text-properties fo:font-weight="bold"/></style:style>
<text:list-style style:name="Nomor"><text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.6cm" fo:text-indent="-0.6cm" fo:margin-left="0.6cm"/></style:list-level-properties></text:list-level-style-number></text:list-style>
</office:styles>
<office:automatic-styles><style:style style:name="Tabel" style:family="table"><style:table-properties style:width="16.5cm" table:align="left"/></style:style><style:style style:name="K1" style:family="table-column"><style:table-column-properties style:column-width="4cm"/></style:style><style:style style:name="K2" style:family="table-column"><style:table-column-properties style:column-width="0.5cm"/></style:style><style:style style:name="K3" style:family="table-column"><style:table-column-properties style:column-width="12cm"/></style:style><style:page-layout style:name="A4"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" fo:margin-top="1.5cm" fo:margin-bottom="1.2cm" fo:margin-left="2.5cm" fo:margin-right="2cm"/></style:page-layout></office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="A4"/></office:master-styles>
<office:body><office:text>
{badan}</office:text></office:body></office:document>
"#
    )
}

fn libreoffice(
    kop: &Kop,
    isi: &IsiPakta,
    signers: &[(Penandatangan, DataTandaTangan)],
) -> Result<(), Box<dyn std::error::Error>> {
    if Command::new("soffice").arg("--version").output().is_err() {
        println!(
            "LibreOffice: DILEWATI — `soffice` tidak terpasang \
             (apt-get install -y libreoffice-writer-nogui)"
        );
        return Ok(());
    }
    let dir = tempfile::tempdir()?;
    let profil = dir.path().join("profil");
    let keluar = dir.path().join("pdf");
    let mut berkas = Vec::new();
    for (i, (p, t)) in signers.iter().take(N_LIBREOFFICE as usize).enumerate() {
        let jalur = dir.path().join(format!("pakta-{i:03}.fodt"));
        std::fs::write(&jalur, fodt(kop, isi, p, t))?;
        berkas.push(jalur);
    }
    let pinned = Command::new("taskset").arg("--version").output().is_ok();
    let konversi = |daftar: &[&Path]| -> Result<Duration, Box<dyn std::error::Error>> {
        let mut cmd = if pinned {
            let mut c = Command::new("taskset");
            c.args(["-c", "0", "soffice"]);
            c
        } else {
            Command::new("soffice")
        };
        cmd.arg(format!("-env:UserInstallation=file://{}", profil.display()))
            .args(["--headless", "--norestore", "--nolockcheck", "--convert-to"])
            .arg(r#"pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}"#)
            .arg("--outdir")
            .arg(&keluar)
            .args(daftar);
        let mulai = Instant::now();
        let hasil = cmd.output()?;
        let lama = mulai.elapsed();
        if !hasil.status.success() {
            return Err(
                format!("soffice gagal: {}", String::from_utf8_lossy(&hasil.stderr)).into(),
            );
        }
        Ok(lama)
    };
    // First start creates the user profile; not counted.
    let pertama = konversi(&[berkas[0].as_path()])?;
    let daftar: Vec<&Path> = berkas.iter().map(|b| b.as_path()).collect();
    let lama = konversi(&daftar)?;
    let jadi = std::fs::read_dir(&keluar)?.count();
    let ukuran: u64 = std::fs::read_dir(&keluar)?
        .filter_map(|e| e.ok()?.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!(
        "LibreOffice {}: {} dokumen .fodt -> PDF/A-2b dalam satu proses{}: {:.1} detik = \
         {:.1} dokumen/detik (rata-rata {:.1} KiB/dokumen; start pertama dengan pembuatan \
         profil {:.1} detik, tidak dihitung)",
        versi_soffice(),
        jadi,
        if pinned { " (taskset -c 0)" } else { "" },
        lama.as_secs_f64(),
        f64::from(N_LIBREOFFICE) / lama.as_secs_f64(),
        ukuran as f64 / jadi.max(1) as f64 / 1024.0,
        pertama.as_secs_f64()
    );
    Ok(())
}

fn versi_soffice() -> String {
    Command::new("soffice")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.split_whitespace().nth(1).map(str::to_owned))
        .unwrap_or_default()
}
