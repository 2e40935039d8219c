//! The query string itself: splitting `a=1&b=2` into decoded pairs, leniently, and writing
//! pairs back with only the characters that need it percent-encoded.
//!
//! Reading rules (all documented in [`crate::share::state`]):
//! - one leading `?` or `#` is skipped, and anything from a later `#` on is a fragment, ignored;
//! - pairs are separated by `&`; empty pairs (`&&`) are skipped; a key without `=` has an
//!   empty value;
//! - `+` means a space and `%XX` a byte (`application/x-www-form-urlencoded`); a `%` not
//!   followed by two hex digits is kept as a literal `%`, invalid UTF-8 becomes `\u{FFFD}`,
//!   and either raises a [`NoticeKind::Encoding`] notice;
//! - input past [`MAX_QUERY_BYTES`] is ignored (cut at the last `&` before the limit).

use super::notice::{NoticeKind, NoticeLog};

/// Longest query read, in bytes. A full setup with 16 drift events and 64 actions takes
/// about 4 KB; anything longer is not a link this page wrote.
pub const MAX_QUERY_BYTES: usize = 16 * 1024;

/// Decoded `(key, value)` pairs in input order (duplicates kept; see [`crate::share::state`]).
pub fn parse_pairs(query: &str, log: &mut NoticeLog) -> Vec<(String, String)> {
    let q = query.trim_start();
    let q = q
        .strip_prefix("#?")
        .or_else(|| q.strip_prefix('?'))
        .or_else(|| q.strip_prefix('#'))
        .unwrap_or(q);
    let q = match q.find('#') {
        Some(i) => &q[..i],
        None => q,
    };
    let q = if q.len() > MAX_QUERY_BYTES {
        let mut end = MAX_QUERY_BYTES;
        while !q.is_char_boundary(end) {
            end -= 1;
        }
        let cut = q[..end].rfind('&').unwrap_or(end);
        log.push(
            "(link)",
            NoticeKind::Truncated,
            &format!(
                "the link is {} bytes long; only the first {cut} bytes were read",
                q.len()
            ),
            "",
        );
        &q[..cut]
    } else {
        q
    };
    let mut pairs = Vec::new();
    for segment in q.split('&') {
        if segment.is_empty() {
            continue;
        }
        let (raw_key, raw_value) = segment.split_once('=').unwrap_or((segment, ""));
        let (key, key_ok) = decode_component(raw_key);
        let (value, value_ok) = decode_component(raw_value);
        if !(key_ok && value_ok) {
            log.push(
                &key,
                NoticeKind::Encoding,
                "bad percent-encoding or invalid UTF-8; read leniently",
                raw_value,
            );
        }
        pairs.push((key, value));
    }
    pairs
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// Decodes `+` and `%XX`. Returns the text and whether the input was well formed.
pub fn decode_component(raw: &str) -> (String, bool) {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut ok = true;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b'%' => {
                let pair = (
                    bytes.get(i + 1).copied().and_then(hex),
                    bytes.get(i + 2).copied().and_then(hex),
                );
                if let (Some(hi), Some(lo)) = pair {
                    out.push(hi * 16 + lo);
                    i += 3;
                } else {
                    ok = false;
                    out.push(b'%');
                    i += 1;
                }
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    match String::from_utf8(out) {
        Ok(s) => (s, ok),
        Err(e) => (String::from_utf8_lossy(e.as_bytes()).into_owned(), false),
    }
}

/// Percent-encodes everything but ASCII letters, digits and `-_.~:,!*'()/@`, which are all
/// legal in a query and keep values such as `canary:5,30,50,0,argo` readable.
pub fn encode_component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~:,!*'()/@".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// `k1=v1&k2=v2`, each part encoded with [`encode_component`].
pub fn join_pairs(pairs: &[(&str, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(&encode_component(k));
        out.push('=');
        out.push_str(&encode_component(v));
    }
    out
}
