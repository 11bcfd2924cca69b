//! Random secrets and their hashes. Only `getrandom` (the OS CSPRNG) makes secrets.

use sha2::{Digest, Sha256};

/// Why a secret could not be made.
#[derive(Debug, thiserror::Error)]
#[error("the operating system's random source failed: {0}")]
pub struct RandomError(String);

/// `N` bytes from the OS CSPRNG.
pub fn random_bytes<const N: usize>() -> Result<[u8; N], RandomError> {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).map_err(|e| RandomError(e.to_string()))?;
    Ok(bytes)
}

/// A 256-bit opaque token as 64 hex characters (bearer tokens, session cookies, CSRF tokens).
pub fn token() -> Result<String, RandomError> {
    Ok(hex::encode(random_bytes::<32>()?))
}

/// A random (version 4) UUID for server-side ids: never derived from patient data.
pub fn uuid_v4() -> Result<String, RandomError> {
    let mut b = random_bytes::<16>()?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    Ok(format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32]))
}

/// Crockford base32 alphabet: no I, L, O, U, so codes survive being read aloud and retyped.
const CROCKFORD: &[u8; 32] = b"0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/// Length of an invite code without its separator.
const INVITE_LEN: usize = 12;

/// A typed invite code, 12 Crockford characters (60 bits), shown as `XXXX-XXXX-XXXX`.
pub fn invite_code() -> Result<String, RandomError> {
    let bytes = random_bytes::<INVITE_LEN>()?;
    let chars: String = bytes.iter().map(|b| char::from(CROCKFORD[usize::from(b & 31)])).collect();
    Ok(format!("{}-{}-{}", &chars[0..4], &chars[4..8], &chars[8..12]))
}

/// Normalises what a person typed into the canonical code (upper case, no separators,
/// I/L read as 1 and O as 0), or `None` when it cannot be a code.
pub fn normalize_invite(typed: &str) -> Option<String> {
    let mut out = String::with_capacity(INVITE_LEN);
    for c in typed.chars() {
        let c = match c.to_ascii_uppercase() {
            '-' | ' ' => continue,
            'I' | 'L' => '1',
            'O' => '0',
            c => c,
        };
        if !c.is_ascii() || !CROCKFORD.contains(&(c as u8)) {
            return None;
        }
        out.push(c);
    }
    (out.len() == INVITE_LEN).then_some(out)
}

/// Hex SHA-256: what is stored in place of a token or code.
pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    hex::encode(Sha256::digest(bytes.as_ref()))
}

/// Constant-time comparison of two secrets.
pub fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_256_bits_and_differ() {
        let a = token().unwrap();
        assert_eq!(a.len(), 64);
        assert_ne!(a, token().unwrap());
    }

    #[test]
    fn uuid_has_version_4_shape() {
        let u = uuid_v4().unwrap();
        assert_eq!(u.len(), 36);
        assert_eq!(&u[14..15], "4");
    }

    #[test]
    fn invite_round_trips_through_normalisation() {
        let code = invite_code().unwrap();
        let canonical = normalize_invite(&code).unwrap();
        assert_eq!(normalize_invite(&code.to_lowercase()), Some(canonical.clone()));
        assert_eq!(canonical.len(), 12);
        assert_eq!(normalize_invite("../../etc/passwd"), None);
        assert_eq!(normalize_invite("ABCD-EFGH-JKM"), None);
    }

    #[test]
    fn same_secret_compares_content() {
        assert!(same_secret("abc", "abc"));
        assert!(!same_secret("abc", "abd"));
        assert!(!same_secret("abc", "ab"));
    }
}
