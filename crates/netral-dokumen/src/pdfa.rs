//! PDF/A pieces: the sRGB output intent profile, the signing time as PDF and XMP dates, and
//! the XMP metadata packet (identification schema, Dublin Core, dates, document IDs).
//!
//! The document claims PDF/A-3b (ISO 19005-3, level B): the signed pact carries its record
//! and `.tlog-proof` bundle as associated embedded files, which PDF/A-3 allows and PDF/A-2
//! does not.

use std::fmt::Write as _;

use pdf_writer::Date;

use crate::GalatDokumen;

/// sRGB IEC61966-2.1 (ICC v2), from Debian's `icc-profiles-free` (zlib licence, see
/// `icc/LICENSE`).
pub(crate) static PROFIL_SRGB: &[u8] = include_bytes!("../icc/sRGB.icc");

/// PDF/A part and conformance level written into the XMP identification schema.
pub const PDFA_BAGIAN: u8 = 3;
pub const PDFA_KESESUAIAN: &str = "B";

/// A point in time with its UTC offset, as parsed from RFC 3339.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Waktu {
    tahun: u16,
    bulan: u8,
    hari: u8,
    jam: u8,
    menit: u8,
    detik: u8,
    /// Offset from UTC in minutes.
    selisih: i16,
}

impl Waktu {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; fractions are dropped.
    pub(crate) fn parse(s: &str) -> Result<Self, GalatDokumen> {
        let salah = || GalatDokumen::Waktu(s.to_owned());
        let b = s.as_bytes();
        if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't' | b' ') {
            return Err(salah());
        }
        if b[13] != b':' || b[16] != b':' {
            return Err(salah());
        }
        let angka = |r: std::ops::Range<usize>| -> Result<u16, GalatDokumen> {
            let t = &b[r];
            if t.iter().all(u8::is_ascii_digit) {
                Ok(t.iter().fold(0u16, |n, d| n * 10 + u16::from(d - b'0')))
            } else {
                Err(salah())
            }
        };
        let tahun = angka(0..4)?;
        let bulan = angka(5..7)? as u8;
        let hari = angka(8..10)? as u8;
        let jam = angka(11..13)? as u8;
        let menit = angka(14..16)? as u8;
        let detik = angka(17..19)? as u8;
        let mut i = 19;
        if b[i] == b'.' {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
        let selisih = match &b[i..] {
            [b'Z' | b'z'] => 0,
            [tanda @ (b'+' | b'-'), h1, h2, b':', m1, m2] => {
                let dua = |a: u8, c: u8| -> Result<i16, GalatDokumen> {
                    if a.is_ascii_digit() && c.is_ascii_digit() {
                        Ok(i16::from(a - b'0') * 10 + i16::from(c - b'0'))
                    } else {
                        Err(salah())
                    }
                };
                let (h, m) = (dua(*h1, *h2)?, dua(*m1, *m2)?);
                if h > 23 || m > 59 {
                    return Err(salah());
                }
                let n = h * 60 + m;
                if *tanda == b'-' { -n } else { n }
            }
            _ => return Err(salah()),
        };
        let hari_maks = match bulan {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if tahun % 4 == 0 && (tahun % 100 != 0 || tahun % 400 == 0) => 29,
            2 => 28,
            _ => return Err(salah()),
        };
        if hari == 0 || hari > hari_maks || jam > 23 || menit > 59 || detik > 60 {
            return Err(salah());
        }
        Ok(Self {
            tahun,
            bulan,
            hari,
            jam,
            menit,
            detik: detik.min(59),
            selisih,
        })
    }

    pub(crate) fn pdf(self) -> Date {
        let jam_selisih = (self.selisih / 60) as i8;
        let menit_selisih = (self.selisih.unsigned_abs() % 60) as u8;
        Date::new(self.tahun)
            .month(self.bulan)
            .day(self.hari)
            .hour(self.jam)
            .minute(self.menit)
            .second(self.detik)
            .utc_offset_hour(jam_selisih)
            .utc_offset_minute(menit_selisih)
    }

    /// The same instant as an XMP date (`2025-08-04T09:12:00+07:00`), written exactly as
    /// the PDF date is so a validator comparing the two finds them equal.
    pub(crate) fn xmp(self) -> String {
        let mut s = format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}",
            self.tahun, self.bulan, self.hari, self.jam, self.menit, self.detik
        );
        if self.selisih == 0 {
            s.push('Z');
        } else {
            let tanda = if self.selisih < 0 { '-' } else { '+' };
            let n = self.selisih.unsigned_abs();
            let _ = write!(s, "{tanda}{:02}:{:02}", n / 60, n % 60);
        }
        s
    }
}

/// Escapes text for XML content and attribute values.
fn xml(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Characters XML 1.0 does not allow.
            c if (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r') => o.push(' '),
            c => o.push(c),
        }
    }
    o
}

/// Fields of the XMP packet; each mirrors an entry of the document information dictionary.
pub(crate) struct Metadata<'a> {
    pub judul: &'a str,
    pub penulis: &'a str,
    pub subjek: &'a str,
    pub pembuat: &'a str,
    pub produser: &'a str,
    pub waktu: Waktu,
    /// `uuid:…` derived from the document content.
    pub id_dokumen: &'a str,
}

/// The XMP packet (UTF-8, no `bytes`/`encoding` attributes, as PDF/A requires).
pub(crate) fn xmp(m: &Metadata<'_>) -> String {
    let tanggal = m.waktu.xmp();
    format!(
        r#"<?xpacket begin="﻿" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <pdfaid:part>{bagian}</pdfaid:part>
   <pdfaid:conformance>{kesesuaian}</pdfaid:conformance>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{judul}</rdf:li></rdf:Alt></dc:title>
   <dc:creator><rdf:Seq><rdf:li>{penulis}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{subjek}</rdf:li></rdf:Alt></dc:description>
   <dc:language><rdf:Bag><rdf:li>id-ID</rdf:li></rdf:Bag></dc:language>
   <xmp:CreatorTool>{pembuat}</xmp:CreatorTool>
   <xmp:CreateDate>{tanggal}</xmp:CreateDate>
   <xmp:ModifyDate>{tanggal}</xmp:ModifyDate>
   <xmp:MetadataDate>{tanggal}</xmp:MetadataDate>
   <pdf:Producer>{produser}</pdf:Producer>
   <xmpMM:DocumentID>{id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{id}</xmpMM:InstanceID>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bagian = PDFA_BAGIAN,
        kesesuaian = PDFA_KESESUAIAN,
        judul = xml(m.judul),
        penulis = xml(m.penulis),
        subjek = xml(m.subjek),
        pembuat = xml(m.pembuat),
        produser = xml(m.produser),
        id = xml(m.id_dokumen),
    )
}

/// `uuid:` URN from the first 16 bytes of a digest (version 8, "custom", RFC 9562).
pub(crate) fn uuid(digest: &[u8; 32]) -> String {
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "uuid:{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waktu_rfc3339() {
        let w = Waktu::parse("2025-08-04T09:12:00+07:00").unwrap();
        assert_eq!(w.xmp(), "2025-08-04T09:12:00+07:00");
        assert_eq!(
            Waktu::parse("2025-08-04T02:12:00.123456Z").unwrap().xmp(),
            "2025-08-04T02:12:00Z"
        );
        assert_eq!(
            Waktu::parse("2024-02-29T23:59:59-03:30").unwrap().xmp(),
            "2024-02-29T23:59:59-03:30"
        );
        for salah in [
            "",
            "2025-08-04",
            "2025-08-04T09:12:00",
            "2025-13-04T09:12:00Z",
            "2023-02-29T09:12:00Z",
            "2025-08-04T24:00:00Z",
            "2025-08-04T09:12:00+7:00",
            "2025-08-04T09:12:00+07:00x",
            "２025-08-04T09:12:00Z",
        ] {
            assert!(Waktu::parse(salah).is_err(), "{salah}");
        }
    }

    #[test]
    fn xmp_meloloskan_xml() {
        let x = xmp(&Metadata {
            judul: "A & B <c>",
            penulis: "O'Brien \"x\"",
            subjek: "s",
            pembuat: "p",
            produser: "q",
            waktu: Waktu::parse("2025-08-04T09:12:00+07:00").unwrap(),
            id_dokumen: "uuid:0",
        });
        assert!(x.contains("A &amp; B &lt;c&gt;"));
        assert!(x.contains("O&apos;Brien &quot;x&quot;"));
        assert!(x.contains("<pdfaid:part>3</pdfaid:part>"));
    }

    #[test]
    fn uuid_versi_8() {
        let u = uuid(&[0xab; 32]);
        assert_eq!(u, "uuid:abababab-abab-8bab-abab-abababababab");
    }
}
