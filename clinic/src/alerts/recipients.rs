//! A clinic's own alert addresses (issues 19 and 22): checked once, where they are set (the
//! portal's `/settings` page and `clinic settings --alert-email`), so the mailer only ever
//! meets plain addresses. An address goes into a mail header: a CR or LF in one could add
//! headers (a `Bcc:` to someone else), so anything beyond a plain `local@domain` is refused
//! rather than repaired.

/// At most this many addresses per clinic (a shared inbox and a few people, not a list).
pub const MAX_ALERT_EMAILS: usize = 10;

/// The longest address accepted (RFC 5321's path limit less the angle brackets).
const MAX_LEN: usize = 254;

/// Why an address or a list of them was refused; the words name the address, which is staff
/// text, never patient data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RecipientError {
    /// Not a plain `local@domain` address.
    #[error("{0:?} is not a plain email address (name@clinic.example)")]
    NotAnAddress(String),
    /// More than [`MAX_ALERT_EMAILS`].
    #[error("at most {MAX_ALERT_EMAILS} alert addresses per clinic")]
    TooMany,
}

/// Characters allowed in the local part: RFC 5322 `atext` and the dot (no quoted strings).
fn local_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c)
}

/// One address, checked: `local@domain`, ASCII, no spaces, controls, quotes, angle brackets or
/// commas; a domain of dot-separated labels (letters, digits, hyphens) with at least one dot.
/// Answers it trimmed of surrounding spaces (never of anything inside).
pub fn check_address(text: &str) -> Result<String, RecipientError> {
    let address = text.trim_matches(' ');
    let refuse = || RecipientError::NotAnAddress(text.chars().take(80).collect());
    if address.is_empty() || address.len() > MAX_LEN {
        return Err(refuse());
    }
    let (local, domain) = address.split_once('@').ok_or_else(refuse)?;
    let local_ok = (1..=64).contains(&local.len())
        && local.chars().all(local_char)
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            (1..=63).contains(&l.len())
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
                && !l.starts_with('-')
                && !l.ends_with('-')
        });
    if !local_ok || !domain_ok {
        return Err(refuse());
    }
    // The mailer parses it again; refusing here what it would refuse there keeps a stored
    // address from failing every delivery later.
    address.parse::<lettre::Address>().map_err(|_| refuse())?;
    Ok(address.to_owned())
}

/// Every address, checked, without repeats (compared case-insensitively, the first spelling
/// kept), at most [`MAX_ALERT_EMAILS`].
pub fn check_addresses<'a>(
    addresses: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<String>, RecipientError> {
    let mut out: Vec<String> = Vec::new();
    for text in addresses {
        let address = check_address(text)?;
        if !out.iter().any(|a| a.eq_ignore_ascii_case(&address)) {
            out.push(address);
        }
    }
    if out.len() > MAX_ALERT_EMAILS {
        return Err(RecipientError::TooMany);
    }
    Ok(out)
}

/// The portal's text box: addresses separated by line breaks, commas or semicolons; blank
/// entries are skipped. A line break therefore always ends an address, and each piece must be
/// a whole address on its own (`Bcc: x@y.example` is refused, not sent to).
pub fn parse_list(text: &str) -> Result<Vec<String>, RecipientError> {
    check_addresses(
        text.split(['\r', '\n', ',', ';'])
            .map(|s| s.trim_matches([' ', '\t']))
            .filter(|s| !s.is_empty()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_addresses_pass_and_are_trimmed() {
        assert_eq!(check_address(" duty@north.example ").unwrap(), "duty@north.example");
        assert!(check_address("first.last+alerts@mail.north-clinic.example").is_ok());
    }

    #[test]
    fn header_injection_and_display_names_are_refused() {
        for bad in [
            "duty@north.example\r\nBcc: spy@evil.example",
            "duty@north.example\nBcc: spy@evil.example",
            "duty@north.example\r",
            "Duty <duty@north.example>",
            "duty@north.example, spy@evil.example",
            "\"duty\"@north.example",
            "duty@north.example\0",
            "du ty@north.example",
        ] {
            assert!(check_address(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn malformed_addresses_are_refused() {
        for bad in [
            "",
            "nobody",
            "@north.example",
            "duty@",
            "duty@localhost",
            "duty@north..example",
            "duty@-north.example",
            ".duty@north.example",
            "du..ty@north.example",
            "duty@@north.example",
            "dúty@north.example",
        ] {
            assert!(check_address(bad).is_err(), "{bad:?}");
        }
        let long = format!("{}@north.example", "a".repeat(65));
        assert!(check_address(&long).is_err());
    }

    #[test]
    fn a_list_splits_on_lines_and_commas_drops_repeats_and_is_capped() {
        let list = parse_list("a@north.example\r\n\r\nb@north.example, A@north.example;").unwrap();
        assert_eq!(list, vec!["a@north.example", "b@north.example"]);
        assert_eq!(parse_list("  \n ").unwrap(), Vec::<String>::new());
        // A line break ends an address: the injected header is an address of its own, refused.
        assert!(parse_list("a@north.example\r\nBcc: spy@evil.example").is_err());
        let ten: Vec<String> = (0..10).map(|i| format!("s{i}@north.example")).collect();
        assert_eq!(parse_list(&ten.join("\n")).unwrap().len(), 10);
        let eleven = format!("{}\nx@north.example", ten.join("\n"));
        assert_eq!(parse_list(&eleven), Err(RecipientError::TooMany));
    }
}
