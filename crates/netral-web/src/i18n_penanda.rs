//! Texts of the signer-facing pages: online signing on a phone, the kiosk, the signer's own
//! documents and the public progress page.
//! (key, Indonesian, English); looked up through [`crate::i18n::Bahasa::x`].

pub const TEKS: &[(&str, &str, &str)] = &[];
