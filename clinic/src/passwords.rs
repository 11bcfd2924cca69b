//! Staff passwords: argon2id (the crate's defaults, OWASP's minimum: m=19 MiB, t=2, p=1),
//! length rules from ASVS 5.0 §6.2 and a small common-password list.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use subtle::ConstantTimeEq;

/// Shortest password accepted (ASVS 6.2.1).
pub const MIN_CHARS: usize = 8;
/// Longest password accepted (ASVS 6.2.9 asks for at least 64).
pub const MAX_CHARS: usize = 128;

/// Passwords refused outright: the most common ones and this product's obvious choices.
const COMMON: &[&str] = &[
    "password",
    "password1",
    "password123",
    "12345678",
    "123456789",
    "1234567890",
    "qwerty123",
    "qwertyuiop",
    "iloveyou",
    "11111111",
    "00000000",
    "abc12345",
    "letmein1",
    "welcome1",
    "admin123",
    "passw0rd",
    "sunshine",
    "football",
    "baseball",
    "princess",
    "trustno1",
    "1q2w3e4r",
    "superman",
    "starwars",
    "whatever",
    "changeme",
    "clinic123",
    "afterglow",
    "microneedling",
    "password!",
    "p@ssw0rd",
    "qwerty12",
    "zaq12wsx",
    "87654321",
];

/// Why a password was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasswordError {
    /// Too short.
    #[error("the password must be at least {MIN_CHARS} characters")]
    TooShort,
    /// Too long.
    #[error("the password must be at most {MAX_CHARS} characters")]
    TooLong,
    /// On the common-password list.
    #[error("this password is too common; choose another")]
    Common,
    /// Hashing failed.
    #[error("could not hash the password: {0}")]
    Hash(String),
}

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Checks the rules and returns the argon2id PHC string.
pub fn hash_new(password: &str) -> Result<String, PasswordError> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordError::TooShort);
    }
    if chars > MAX_CHARS {
        return Err(PasswordError::TooLong);
    }
    if COMMON.contains(&password.to_lowercase().as_str()) {
        return Err(PasswordError::Common);
    }
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| PasswordError::Hash(e.to_string()))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| PasswordError::Hash(e.to_string()))?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| PasswordError::Hash(e.to_string()))
}

/// A hash of a random password nobody knows, verified against when the email is unknown so
/// both cases take the same time (no account enumeration by timing).
pub static DUMMY_HASH: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
    let mut secret = [0u8; 16];
    // Any bytes do: the value is never compared to anything a user could know.
    let _ = getrandom::fill(&mut secret);
    let salt = SaltString::encode_b64(&secret).ok();
    salt.and_then(|salt| hasher().hash_password(&secret, &salt).ok().map(|h| h.to_string()))
        .unwrap_or_default()
});

/// True when `password` matches the PHC string.
pub fn verify(password: &str, phc: &str) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    hasher().verify_password(password.as_bytes(), &parsed).is_ok()
}

/// Largest argon2 working memory a stored hash may ask for (blocks of 1 KiB): 256 MiB.
const MAX_BLOCKS: usize = 256 * 1024;

/// [`verify`] with argon2's working memory taken from `memory`, which is grown once and
/// reused: a verifier thread then holds one buffer for its life instead of allocating and
/// freeing 19 MiB per login (the allocator keeps freed blocks resident per thread).
pub fn verify_reusing(password: &str, phc: &str, memory: &mut Vec<Block>) -> bool {
    let Ok(parsed) = PasswordHash::new(phc) else { return false };
    let Ok(algorithm) = Algorithm::try_from(parsed.algorithm) else { return false };
    let version = match parsed.version.map(Version::try_from) {
        None => Version::V0x13,
        Some(Ok(version)) => version,
        Some(Err(_)) => return false,
    };
    let Ok(params) = Params::try_from(&parsed) else { return false };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else { return false };
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else { return false };
    let blocks = params.block_count();
    if blocks > MAX_BLOCKS {
        return false;
    }
    if memory.len() < blocks {
        memory.resize(blocks, Block::default());
    }
    let mut out = vec![0u8; expected.len()];
    let hasher = Argon2::new(algorithm, version, params);
    let Some(memory) = memory.get_mut(..blocks) else { return false };
    if hasher.hash_password_into_with_memory(password.as_bytes(), salt, &mut out, memory).is_err() {
        return false;
    }
    out.ct_eq(expected.as_bytes()).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        assert_eq!(hash_new("short7!"), Err(PasswordError::TooShort));
        assert_eq!(hash_new("Password123"), Err(PasswordError::Common));
        assert_eq!(hash_new(&"x".repeat(129)), Err(PasswordError::TooLong));
    }

    #[test]
    fn hash_and_verify_unicode() {
        let password = "correct horse 🐎 battery staple ünïcödé";
        let phc = hash_new(password).unwrap();
        assert!(phc.starts_with("$argon2id$"));
        assert!(verify(password, &phc));
        assert!(!verify("correct horse", &phc));
        assert!(!verify(password, &DUMMY_HASH));
        let mut memory = Vec::new();
        assert!(verify_reusing(password, &phc, &mut memory));
        assert!(!verify_reusing("correct horse", &phc, &mut memory));
        assert!(!verify_reusing(password, "not a hash", &mut memory));
        assert_eq!(memory.len(), 19 * 1024);
        assert!(DUMMY_HASH.starts_with("$argon2id$"));
    }
}
