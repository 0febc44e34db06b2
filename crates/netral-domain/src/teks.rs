//! Small text helpers shared by parsers: whitespace folding and case-insensitive keys.

/// Trims and folds runs of whitespace into one space.
pub fn rapikan(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A key for matching names loosely: upper case, letters and digits only.
/// `"Nama_Lengkap "` and `"NAMA LENGKAP"` give the same key.
pub fn kunci(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kunci_ignores_case_space_and_underscore() {
        assert_eq!(kunci("Nama_Lengkap "), kunci("NAMA LENGKAP"));
        assert_eq!(kunci(" nip baru"), "NIPBARU");
        assert_ne!(kunci("NIP"), kunci("NIK"));
    }

    #[test]
    fn rapikan_folds_whitespace() {
        assert_eq!(rapikan("  Budi \t Santoso  "), "Budi Santoso");
    }
}
