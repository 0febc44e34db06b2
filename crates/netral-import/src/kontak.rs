//! Phone numbers and e-mail addresses.

/// Normalises an Indonesian phone number to `+62…`: `08…` → `+628…`, `628…` → `+628…`,
/// `8…` (a number cell that lost its leading zero) → `+628…`; other numbers keep their digits
/// and optional `+`. Spaces, dashes, dots and brackets are ignored. Valid when 9–15 digits
/// remain.
pub(crate) fn normalisasi_hp(s: &str) -> Option<String> {
    let mut plus = false;
    let mut digit = String::with_capacity(16);
    for (i, c) in s.trim().chars().enumerate() {
        match c {
            '+' if i == 0 => plus = true,
            '0'..='9' => digit.push(c),
            ' ' | '-' | '.' | '(' | ')' | '\u{a0}' => {}
            _ => return None,
        }
    }
    let hasil = if plus {
        format!("+{digit}")
    } else if let Some(r) = digit.strip_prefix('0') {
        format!("+62{r}")
    } else if digit.starts_with("62") {
        format!("+{digit}")
    } else if digit.starts_with('8') {
        format!("+62{digit}")
    } else {
        digit
    };
    let n = hasil.trim_start_matches('+').len();
    (9..=15).contains(&n).then_some(hasil)
}

/// A pragmatic e-mail check: one `@`, a non-empty local part without spaces, a domain of
/// dot-separated labels (letters, digits, `-`) ending in a top-level domain of 2+ letters.
/// Returns the address in lower case.
pub(crate) fn normalisasi_email(s: &str) -> Option<String> {
    let s = s.trim();
    let (lokal, domain) = s.split_once('@')?;
    if lokal.is_empty()
        || lokal.len() > 64
        || lokal.starts_with('.')
        || lokal.ends_with('.')
        || lokal.contains("..")
        || !lokal
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c))
    {
        return None;
    }
    let label: Vec<&str> = domain.split('.').collect();
    if label.len() < 2
        || label.iter().any(|l| {
            l.is_empty()
                || l.starts_with('-')
                || l.ends_with('-')
                || !l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    {
        return None;
    }
    let tld = label[label.len() - 1];
    if tld.len() < 2 || !tld.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    Some(s.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones() {
        let n = |s| normalisasi_hp(s);
        assert_eq!(n("0812-3456-7890").as_deref(), Some("+6281234567890"));
        assert_eq!(n("+62 812 3456 7890").as_deref(), Some("+6281234567890"));
        assert_eq!(n("6281234567890").as_deref(), Some("+6281234567890"));
        assert_eq!(n("81234567890").as_deref(), Some("+6281234567890"));
        assert_eq!(n("(021) 555-1234").as_deref(), Some("+62215551234"));
        assert_eq!(n("+6591234567").as_deref(), Some("+6591234567"));
        assert_eq!(n("0812"), None);
        assert_eq!(n("08123456789012345"), None);
        assert_eq!(n("0812 3456 7890 / 0813"), None);
        assert_eq!(n("08a123456789"), None);
        assert_eq!(n("62+812345678"), None);
    }

    #[test]
    fn emails() {
        let e = |s| normalisasi_email(s);
        assert_eq!(
            e(" Budi.S@Pemda.go.id ").as_deref(),
            Some("budi.s@pemda.go.id")
        );
        assert!(e("budi@mail.co.id").is_some());
        for s in [
            "budi",
            "budi@",
            "@x.id",
            "budi@x",
            "budi@@x.id",
            "bu di@x.id",
            "budi@x..id",
            "budi@x.i",
            "budi@-x.id",
            "budi@x.123",
            ".budi@x.id",
        ] {
            assert_eq!(e(s), None, "{s}");
        }
    }
}
