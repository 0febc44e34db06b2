//! Identifiers parsed at the edge (DOMAIN.md §3.1, §3.2): NIP, NI PPPK, NIK, kode wilayah and
//! golongan. Each type can only be built through `parse`, so holding one means it is valid.
//!
//! Hard rules reject a value with an [`IdentError`]; soft rules (legacy data that exists in the
//! wild) are reported as [`IdentWarning`]s by the `peringatan()` methods and never reject.

mod golongan;
mod ni_pppk;
mod nik;
mod nip;
mod wilayah;

pub use golongan::Golongan;
pub use ni_pppk::NiPppk;
pub use nik::{KODE_PROVINSI, Nik};
pub use nip::Nip;
pub use wilayah::{JenisPemda, KodeWilayah, TingkatWilayah};

/// Why a value is not a valid identifier. Messages are Indonesian and name what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdentError {
    /// Nothing left after stripping spaces, dots and dashes.
    #[error("{jenis} kosong")]
    Kosong { jenis: &'static str },
    /// Excel showed the number in scientific notation: the digits are already lost.
    #[error(
        "{jenis} \"{nilai}\" tertulis dalam notasi ilmiah sehingga digitnya hilang; \
         format kolom {jenis} sebagai Teks lalu ekspor ulang"
    )]
    NotasiIlmiah { jenis: &'static str, nilai: String },
    /// A character other than a digit (after removing spaces, dots and dashes).
    #[error("{jenis} hanya boleh berisi angka, ditemukan karakter \"{karakter}\"")]
    BukanAngka { jenis: &'static str, karakter: char },
    /// Wrong number of digits.
    #[error("{jenis} harus {harus} digit, ditemukan {ditemukan}")]
    Panjang {
        jenis: &'static str,
        harus: usize,
        ditemukan: usize,
    },
    /// The embedded birth date is not a calendar date (shown as `YYYY-MM-DD`).
    #[error("tanggal lahir pada {jenis} tidak valid: {tanggal}")]
    TanggalLahir {
        jenis: &'static str,
        tanggal: String,
    },
    /// The TMT CPNS month of a NIP is not 01–12.
    #[error("bulan TMT CPNS pada NIP tidak valid: {bulan} (harus 01–12)")]
    BulanTmt { bulan: String },
    /// Digit 13 of a "NIP" is `2`: the PPPK marker.
    #[error(
        "digit ke-13 NIP adalah 2 (penanda PPPK): nomor ini kemungkinan besar NI PPPK, bukan NIP"
    )]
    MungkinNiPppk,
    /// Digit 13 of an "NI PPPK" is not the PPPK marker `2`.
    #[error("digit ke-13 NI PPPK harus 2 (penanda PPPK), ditemukan {digit}{saran}")]
    PenandaPppk { digit: char, saran: &'static str },
    /// The contract count of an NI PPPK is 0.
    #[error("jumlah kontrak pada NI PPPK harus 1–9, ditemukan 0")]
    JumlahKontrak,
    /// The gender digit is not 1 (L) or 2 (P).
    #[error("kode jenis kelamin pada {jenis} harus 1 (L) atau 2 (P), ditemukan {digit}")]
    KodeJenisKelamin { jenis: &'static str, digit: char },
    /// The trailing sequence number is all zeros.
    #[error("nomor urut {jenis} tidak boleh {nol}")]
    NomorUrut {
        jenis: &'static str,
        nol: &'static str,
    },
    /// Not a region code of the form `NN`, `NN.NN`, `NN.NN.NN` or `NN.NN.NN.NNNN`.
    #[error("kode wilayah tidak valid: \"{nilai}\" ({alasan})")]
    KodeWilayah { nilai: String, alasan: &'static str },
    /// Not a PNS (`III/a`) or PPPK (`IX`) grade.
    #[error("golongan tidak dikenal: \"{nilai}\" (contoh: III/a untuk PNS, IX untuk PPPK)")]
    Golongan { nilai: String },
}

/// A soft finding about a valid identifier: worth showing, never a reason to reject.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum IdentWarning {
    /// TMT CPNS (or first PPPK appointment) less than 18 years after the birth year.
    UsiaPengangkatan {
        jenis: &'static str,
        tahun_lahir: i32,
        tahun_pengangkatan: i32,
    },
    /// The NIK's first two digits are not a known province code.
    NikProvinsi { kode: String },
    /// The NIK's day is neither 01–31 nor 41–71.
    NikHari { hari: u32 },
    /// The NIK's month is not 01–12.
    NikBulan { bulan: u32 },
    /// Day and month are in range but the date does not exist (e.g. 30 February).
    NikTanggalMustahil { hari: u32, bulan: u32, tahun2: u32 },
    /// The NIK's sequence number is 0000.
    NikNomorUrut,
}

impl std::fmt::Display for IdentWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IdentWarning::UsiaPengangkatan {
                jenis,
                tahun_lahir,
                tahun_pengangkatan,
            } => write!(
                f,
                "tahun pengangkatan pada {jenis} ({tahun_pengangkatan}) kurang dari 18 tahun \
                 setelah tahun lahir ({tahun_lahir})"
            ),
            IdentWarning::NikProvinsi { kode } => {
                write!(
                    f,
                    "kode provinsi pada NIK ({kode}) bukan kode provinsi yang dikenal"
                )
            }
            IdentWarning::NikHari { hari } => write!(
                f,
                "tanggal lahir pada NIK tidak wajar: hari {hari:02} (harus 01–31, atau 41–71 untuk perempuan)"
            ),
            IdentWarning::NikBulan { bulan } => write!(
                f,
                "bulan lahir pada NIK tidak wajar: {bulan:02} (harus 01–12)"
            ),
            IdentWarning::NikTanggalMustahil {
                hari,
                bulan,
                tahun2,
            } => write!(
                f,
                "tanggal lahir pada NIK tidak ada di kalender: {hari:02}-{bulan:02}-{tahun2:02}"
            ),
            IdentWarning::NikNomorUrut => f.write_str("nomor urut NIK 0000 tidak wajar"),
        }
    }
}

/// Cleans a raw cell into its digit string: strips whitespace, dots and dashes, a leading
/// apostrophe (Excel's "text" marker) and a trailing `.0` (a number cell rendered as text);
/// rejects scientific notation, non-digits and the wrong length.
pub(crate) fn bersihkan_digit(
    s: &str,
    jenis: &'static str,
    panjang: usize,
) -> Result<String, IdentError> {
    let t = s.trim().trim_start_matches('\'').trim();
    if adalah_notasi_ilmiah(t) {
        return Err(IdentError::NotasiIlmiah {
            jenis,
            nilai: t.to_string(),
        });
    }
    // `198609262015051001.0` (or `.00`): a number printed with a fraction.
    let t = match t.rsplit_once('.') {
        Some((depan, nol))
            if !depan.is_empty()
                && depan.bytes().all(|b| b.is_ascii_digit())
                && !nol.is_empty()
                && nol.bytes().all(|b| b == b'0') =>
        {
            depan
        }
        _ => t,
    };
    let mut out = String::with_capacity(panjang);
    for c in t.chars() {
        if c.is_ascii_digit() {
            out.push(c);
        } else if c.is_whitespace() || matches!(c, '.' | '-' | '\u{2010}'..='\u{2015}') {
            continue;
        } else {
            return Err(IdentError::BukanAngka { jenis, karakter: c });
        }
    }
    if out.is_empty() {
        return Err(IdentError::Kosong { jenis });
    }
    if out.len() != panjang {
        return Err(IdentError::Panjang {
            jenis,
            harus: panjang,
            ditemukan: out.len(),
        });
    }
    Ok(out)
}

/// `1.98609262015051E+17`, `1,98609E+17`, `2E17`: digits, optional fraction, `E`, exponent.
fn adalah_notasi_ilmiah(t: &str) -> bool {
    let Some(pos) = t.find(['e', 'E']) else {
        return false;
    };
    let (mantisa, eksponen) = (&t[..pos], &t[pos + 1..]);
    let eksponen = eksponen.strip_prefix(['+', '-']).unwrap_or(eksponen);
    !mantisa.is_empty()
        && mantisa.bytes().any(|b| b.is_ascii_digit())
        && mantisa
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
        && !eksponen.is_empty()
        && eksponen.bytes().all(|b| b.is_ascii_digit())
}

/// The number formed by ASCII digits `s[a..b]` (callers pass validated digit strings).
pub(crate) fn angka(s: &str, a: usize, b: usize) -> u32 {
    s.as_bytes()[a..b]
        .iter()
        .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
}

/// Implements the string plumbing every identifier newtype shares.
macro_rules! ident_string {
    ($t:ident) => {
        impl $t {
            /// The canonical form (digits only for numeric identifiers).
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }

        impl TryFrom<String> for $t {
            type Error = $crate::ident::IdentError;
            fn try_from(s: String) -> Result<Self, Self::Error> {
                $t::parse(&s)
            }
        }

        impl std::str::FromStr for $t {
            type Err = $crate::ident::IdentError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $t::parse(s)
            }
        }

        impl AsRef<str> for $t {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }
    };
}
pub(crate) use ident_string;

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// Deserialises `s` through serde (as a JSON string would arrive).
    pub(crate) fn dari_serde<T: serde::de::DeserializeOwned>(s: &str) -> Result<T, String> {
        use serde::de::IntoDeserializer;
        let de: serde::de::value::StringDeserializer<serde::de::value::Error> =
            s.to_string().into_deserializer();
        T::deserialize(de).map_err(|e| e.to_string())
    }

    #[test]
    fn bersihkan_strips_separators_and_trailing_zero_fraction() {
        assert_eq!(
            bersihkan_digit(" 19860926 201505 1 001 ", "NIP", 18).unwrap(),
            "198609262015051001"
        );
        assert_eq!(
            bersihkan_digit("19860926-201505-1-001", "NIP", 18).unwrap(),
            "198609262015051001"
        );
        assert_eq!(
            bersihkan_digit("198609262015051001.0", "NIP", 18).unwrap(),
            "198609262015051001"
        );
        assert_eq!(
            bersihkan_digit("'198609262015051001", "NIP", 18).unwrap(),
            "198609262015051001"
        );
        assert_eq!(
            bersihkan_digit("1986\u{a0}0926", "X", 8).unwrap(),
            "19860926"
        );
    }

    #[test]
    fn bersihkan_rejects_scientific_notation_with_advice() {
        let e = bersihkan_digit("1.98609262015051E+17", "NIP", 18).unwrap_err();
        assert!(matches!(e, IdentError::NotasiIlmiah { .. }));
        assert_eq!(
            e.to_string(),
            "NIP \"1.98609262015051E+17\" tertulis dalam notasi ilmiah sehingga digitnya hilang; \
             format kolom NIP sebagai Teks lalu ekspor ulang"
        );
        assert!(matches!(
            bersihkan_digit("3,17101E+15", "NIK", 16),
            Err(IdentError::NotasiIlmiah { .. })
        ));
    }

    #[test]
    fn bersihkan_reports_length_non_digit_and_empty() {
        assert_eq!(
            bersihkan_digit("12345678901234567", "NIP", 18)
                .unwrap_err()
                .to_string(),
            "NIP harus 18 digit, ditemukan 17"
        );
        assert_eq!(
            bersihkan_digit("1986092620150510O1", "NIP", 18)
                .unwrap_err()
                .to_string(),
            "NIP hanya boleh berisi angka, ditemukan karakter \"O\""
        );
        assert_eq!(
            bersihkan_digit(" - . ", "NIK", 16).unwrap_err(),
            IdentError::Kosong { jenis: "NIK" }
        );
    }
}
