//! Small strict parsers shared by the text formats.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::hash::Hash;

/// Standard base64 (RFC 4648 §4) with canonical padding.
pub(crate) fn b64_encode(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// Decodes standard, canonically padded base64; rejects everything else.
pub(crate) fn b64_decode(text: &str) -> Option<Vec<u8>> {
    STANDARD.decode(text).ok()
}

/// Decodes a base64 line holding exactly one 32-byte hash.
pub(crate) fn b64_hash(text: &str) -> Option<Hash> {
    if text.len() != 44 {
        return None;
    }
    Hash::try_from(b64_decode(text)?.as_slice()).ok()
}

/// Parses an ASCII decimal with no leading zeroes (`0` itself is allowed).
pub(crate) fn decimal(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 20 || !bytes.iter().all(u8::is_ascii_digit) {
        return None;
    }
    if bytes.len() > 1 && bytes[0] == b'0' {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_is_strict() {
        assert_eq!(decimal("0"), Some(0));
        assert_eq!(decimal("10"), Some(10));
        assert_eq!(decimal("18446744073709551615"), Some(u64::MAX));
        for bad in [
            "",
            "00",
            "01",
            "+1",
            "-1",
            " 1",
            "1 ",
            "1e3",
            "18446744073709551616",
            "٣",
        ] {
            assert_eq!(decimal(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn base64_is_strict() {
        assert!(b64_decode("AA==").is_some());
        assert!(b64_decode("AA").is_none());
        assert!(b64_decode("AB==").is_none(), "non-zero trailing bits");
        assert!(b64_decode("A A=").is_none());
        assert!(b64_decode("AA-_").is_none(), "URL alphabet");
    }
}
