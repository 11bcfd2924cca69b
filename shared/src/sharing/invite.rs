//! Reading an invite: the QR code's `afterglow://enroll?server=..&code=..` URL or a typed code,
//! and the clinic's base URL. Pure: nothing is looked up.

use thiserror::Error;

/// The scheme and host of the QR code's URL.
pub const QR_PREFIX: &str = "afterglow://enroll";
/// Crockford base32 without I, L, O, U (I/L read as 1, O as 0 — clinic/API.md).
const CROCKFORD: &str = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_LEN: usize = 12;

/// An invite ready to enroll with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invite {
    /// Base URL without a trailing slash.
    pub server: String,
    /// `XXXX-XXXX-XXXX`.
    pub code: String,
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum InviteError {
    #[error("the invite code should have 12 letters and digits, like EMBY-HEPJ-KH1C")]
    CodeLength,
    #[error("the invite code has a character that cannot be in one ('{0}')")]
    CodeCharacter(char),
    #[error("enter the clinic's web address (from the invite), or scan its QR code")]
    NoServer,
    #[error(
        "the clinic's address must start with https:// (plain http only for this computer's own address)"
    )]
    Scheme,
    #[error("the clinic's address is not a web address")]
    BadServer,
    #[error("this QR code is not an Afterglow invite")]
    NotAnInvite,
}

/// Reads what the patient gave: `input` is the QR URL or the code; `server` is the typed address
/// (ignored when the QR URL names one).
pub fn parse_invite(server: &str, input: &str) -> Result<Invite, InviteError> {
    let input = input.trim();
    let (server, code) = if input.to_ascii_lowercase().starts_with("afterglow:") {
        let is_enroll =
            input.get(..QR_PREFIX.len()).is_some_and(|h| h.eq_ignore_ascii_case(QR_PREFIX));
        let query = input
            .get(QR_PREFIX.len()..)
            .filter(|_| is_enroll)
            .and_then(|rest| rest.strip_prefix('?'))
            .ok_or(InviteError::NotAnInvite)?;
        let mut qr_server = None;
        let mut qr_code = None;
        for pair in query.split('&') {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let value = percent_decode(value).ok_or(InviteError::NotAnInvite)?;
            match key {
                "server" => qr_server = Some(value),
                "code" => qr_code = Some(value),
                _ => {}
            }
        }
        let code = qr_code.ok_or(InviteError::NotAnInvite)?;
        (qr_server.unwrap_or_else(|| server.to_owned()), code)
    } else {
        (server.to_owned(), input.to_owned())
    };
    Ok(Invite { server: normalize_server(&server)?, code: normalize_code(&code)? })
}

/// `emby hepj-kh1c` → `EMBY-HEPJ-KH1C`; I/L become 1 and O becomes 0, as the server reads them.
pub fn normalize_code(code: &str) -> Result<String, InviteError> {
    let mut out = String::with_capacity(CODE_LEN + 2);
    let mut count = 0;
    for c in code.chars().filter(|c| !c.is_whitespace() && *c != '-') {
        let c = match c.to_ascii_uppercase() {
            'I' | 'L' => '1',
            'O' => '0',
            c => c,
        };
        if !CROCKFORD.contains(c) {
            return Err(InviteError::CodeCharacter(c));
        }
        if count > 0 && count % 4 == 0 {
            out.push('-');
        }
        out.push(c);
        count += 1;
    }
    if count != CODE_LEN {
        return Err(InviteError::CodeLength);
    }
    Ok(out)
}

/// The `host[:port]` of a server address, with or without its scheme: what the invite offer
/// names for the patient to check, and what `normalize_server` checks.
pub fn authority(server: &str) -> &str {
    let rest = server.split_once("://").map_or(server, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}

/// Checks the clinic's base URL: https, or http to this computer only (development and tests).
pub fn normalize_server(server: &str) -> Result<String, InviteError> {
    let server = server.trim().trim_end_matches('/');
    if server.is_empty() {
        return Err(InviteError::NoServer);
    }
    let lower = server.to_ascii_lowercase();
    let (rest, secure) = if let Some(rest) = lower.strip_prefix("https://") {
        (rest, true)
    } else if let Some(rest) = lower.strip_prefix("http://") {
        (rest, false)
    } else {
        return Err(InviteError::Scheme);
    };
    let authority = authority(rest);
    if authority.is_empty() || authority.contains(['@', ' ', '?', '#']) {
        return Err(InviteError::BadServer);
    }
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default(),
        None => authority.split(':').next().unwrap_or_default(),
    };
    if !secure && !is_loopback(host) {
        return Err(InviteError::Scheme);
    }
    Ok(server.to_owned())
}

/// This computer's own address: `localhost`, 127.0.0.0/8 or `::1` (also IPv4-mapped), as parsed
/// addresses. A name that only starts with "127." (`127.attacker.example`, `127.0.0.1.nip.io`)
/// resolves wherever its owner wants, so it is not loopback (security review L9).
fn is_loopback(host: &str) -> bool {
    use std::net::{Ipv4Addr, Ipv6Addr};
    if host == "localhost" {
        return true;
    }
    if let Ok(v4) = host.parse::<Ipv4Addr>() {
        return v4.is_loopback();
    }
    host.parse::<Ipv6Addr>()
        .is_ok_and(|v6| v6.is_loopback() || v6.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback()))
}

/// Percent-encodes a query value (RFC 3986 unreserved characters stay).
pub fn percent_encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` and `+` (a space in query strings); `None` for broken escapes or non-UTF-8.
fn percent_decode(value: &str) -> Option<String> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match b {
            b'%' => {
                let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use rstest::rstest;

    use super::*;

    #[rstest]
    #[case(
        "",
        "afterglow://enroll?server=https%3A%2F%2Fglow.example%2F&code=EMBY-HEPJ-KH1C",
        "https://glow.example",
        "EMBY-HEPJ-KH1C"
    )]
    #[case(
        "https://ignored.example",
        "AFTERGLOW://enroll?code=emby+hepj+kh1c&server=http%3A%2F%2F127.0.0.1%3A8080",
        "http://127.0.0.1:8080",
        "EMBY-HEPJ-KH1C"
    )]
    #[case("https://glow.example/", "emby-hepj-kh1c", "https://glow.example", "EMBY-HEPJ-KH1C")]
    #[case("https://glow.example", " embyhepjkhlc ", "https://glow.example", "EMBY-HEPJ-KH1C")]
    #[case("http://localhost:9000", "0O00-1IL1-AAAA", "http://localhost:9000", "0000-1111-AAAA")]
    #[case("http://127.8.9.10:80/", "EMBY-HEPJ-KH1C", "http://127.8.9.10:80", "EMBY-HEPJ-KH1C")]
    #[case("http://[::1]:8080", "EMBY-HEPJ-KH1C", "http://[::1]:8080", "EMBY-HEPJ-KH1C")]
    #[case(
        "http://[::ffff:127.0.0.1]",
        "EMBY-HEPJ-KH1C",
        "http://[::ffff:127.0.0.1]",
        "EMBY-HEPJ-KH1C"
    )]
    #[case("http://[::1]:9000", "EMBY-HEPJ-KH1C", "http://[::1]:9000", "EMBY-HEPJ-KH1C")]
    fn invites_are_read(
        #[case] server: &str,
        #[case] input: &str,
        #[case] want_server: &str,
        #[case] want_code: &str,
    ) {
        let invite = parse_invite(server, input).unwrap();
        assert_eq!(invite, Invite { server: want_server.into(), code: want_code.into() });
    }

    #[rstest]
    #[case("https://glow.example", "EMBY-HEPJ-KH1", InviteError::CodeLength)]
    #[case("https://glow.example", "EMBY-HEPJ-KH1CC", InviteError::CodeLength)]
    #[case("https://glow.example", "EMBY-HEPJ-KH1U", InviteError::CodeCharacter('U'))]
    #[case("", "EMBY-HEPJ-KH1C", InviteError::NoServer)]
    #[case("http://glow.example", "EMBY-HEPJ-KH1C", InviteError::Scheme)]
    #[case("ftp://glow.example", "EMBY-HEPJ-KH1C", InviteError::Scheme)]
    #[case("http://127.attacker.example", "EMBY-HEPJ-KH1C", InviteError::Scheme)]
    #[case("http://127.0.0.1.nip.io:8080", "EMBY-HEPJ-KH1C", InviteError::Scheme)]
    #[case("http://localhost.attacker.example", "EMBY-HEPJ-KH1C", InviteError::Scheme)]
    #[case("http://[::2]:8080", "EMBY-HEPJ-KH1C", InviteError::Scheme)]
    #[case("http://10.0.0.1", "EMBY-HEPJ-KH1C", InviteError::Scheme)]
    #[case("https://user@glow.example", "EMBY-HEPJ-KH1C", InviteError::BadServer)]
    #[case("https://x", "afterglow://other?code=EMBY-HEPJ-KH1C", InviteError::NotAnInvite)]
    #[case("https://x", "afterglow://enroll?server=https%3A%2F%2Fa", InviteError::NotAnInvite)]
    #[case("https://x", "afterglow://enroll?code=%zz", InviteError::NotAnInvite)]
    fn bad_invites_say_why(#[case] server: &str, #[case] input: &str, #[case] want: InviteError) {
        assert_eq!(parse_invite(server, input), Err(want));
    }

    #[test]
    fn encoding_round_trips() {
        let value = "2026-11-21T09:31:00+01:00 Europe/Paris";
        assert_eq!(percent_encode(value), "2026-11-21T09%3A31%3A00%2B01%3A00%20Europe%2FParis");
        assert_eq!(percent_decode(&percent_encode(value)).as_deref(), Some(value));
    }
}
