//! Texts of the staff pages for elections, templates, campaigns, progress, exports, paper intake,
//! representative and witness signatures, revocations and ikrar events.
//! (key, Indonesian, English); looked up through [`crate::i18n::Bahasa::x`].

pub const TEKS: &[(&str, &str, &str)] = &[];
