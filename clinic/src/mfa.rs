//! The staff second factor: TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps, as every
//! authenticator app reads it) and single-use recovery codes kept only as SHA-256.

use totp_rs::{Algorithm, Secret, TOTP};

use crate::secrets::{self, RandomError, normalize_invite, same_secret, sha256_hex};

/// Recovery codes made at enrolment.
pub const RECOVERY_CODES: usize = 10;
/// Steps either side of now that are accepted: a phone clock 30 s off still works.
const SKEW_STEPS: u8 = 1;
/// Seconds per step.
const STEP_SECONDS: u64 = 30;
/// Issuer shown in the authenticator app.
const ISSUER: &str = "Afterglow clinic";

/// Why a TOTP could not be made from a stored secret.
#[derive(Debug, thiserror::Error)]
#[error("stored TOTP secret is unusable: {0}")]
pub struct SecretError(String);

/// A new random secret, 160 bits (RFC 4226's recommendation), base32 as apps type it.
pub fn new_secret() -> Result<String, RandomError> {
    let raw = hex::decode(secrets::token()?).unwrap_or_default();
    Ok(Secret::Raw(raw[..20].to_vec()).to_encoded().to_string())
}

/// The TOTP for a stored base32 secret and the account it is shown for.
pub fn totp(secret: &str, account: &str) -> Result<TOTP, SecretError> {
    let bytes =
        Secret::Encoded(secret.to_owned()).to_bytes().map_err(|e| SecretError(e.to_string()))?;
    // The otpauth label may not hold ':'; an email never does, but be safe.
    let account = account.replace(':', "_");
    TOTP::new(Algorithm::SHA1, 6, SKEW_STEPS, STEP_SECONDS, bytes, Some(ISSUER.into()), account)
        .map_err(|e| SecretError(e.to_string()))
}

/// The step (`unix time / 30`) whose code `typed` is, looking one step either side of
/// `unix_seconds`; the caller accepts it only if that step is newer than the last one used.
pub fn matching_step(totp: &TOTP, typed: &str, unix_seconds: u64) -> Option<u64> {
    let typed: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if typed.len() != 6 || !typed.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let now = unix_seconds / STEP_SECONDS;
    let first = now.saturating_sub(u64::from(SKEW_STEPS));
    (first..=now + u64::from(SKEW_STEPS))
        .find(|step| same_secret(&totp.generate(step * STEP_SECONDS), &typed))
}

/// Ten fresh recovery codes as shown (`XXXX-XXXX-XXXX`, 60 bits each) and their stored hashes.
pub fn recovery_codes() -> Result<(Vec<String>, Vec<String>), RandomError> {
    let mut shown = Vec::with_capacity(RECOVERY_CODES);
    let mut hashes = Vec::with_capacity(RECOVERY_CODES);
    for _ in 0..RECOVERY_CODES {
        let code = secrets::invite_code()?;
        hashes.push(recovery_hash(&code).unwrap_or_default());
        shown.push(code);
    }
    Ok((shown, hashes))
}

/// The stored hash of a typed recovery code, or None when it cannot be one.
pub fn recovery_hash(typed: &str) -> Option<String> {
    normalize_invite(typed).map(|code| sha256_hex(format!("recovery:{code}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_one_step_either_side_are_accepted_two_are_not() {
        let secret = new_secret().unwrap();
        let t = totp(&secret, "nurse@example.org").unwrap();
        let now: u64 = 1_800_000_000;
        for offset in [-30i64, 0, 30] {
            let at = now.checked_add_signed(offset).unwrap();
            assert_eq!(matching_step(&t, &t.generate(at), now), Some(at / 30), "offset {offset}");
        }
        for offset in [-90i64, 90] {
            let at = now.checked_add_signed(offset).unwrap();
            assert_eq!(matching_step(&t, &t.generate(at), now), None, "offset {offset}");
        }
        assert_eq!(matching_step(&t, "12345", now), None);
        assert!(t.get_url().starts_with("otpauth://totp/"));
    }

    #[test]
    fn recovery_codes_are_distinct_and_hash_as_typed() {
        let (shown, hashes) = recovery_codes().unwrap();
        assert_eq!(shown.len(), RECOVERY_CODES);
        let lower = shown[0].to_lowercase().replace('-', " ");
        assert_eq!(recovery_hash(&lower).as_deref(), Some(hashes[0].as_str()));
        assert_ne!(hashes[0], hashes[1]);
        assert_eq!(recovery_hash("nope"), None);
    }
}
