//! Staff passwords: argon2id (the crate's defaults, OWASP's minimum: m=19 MiB, t=2, p=1),
//! length rules from ASVS 5.0 §6.2, and strength estimated by zxcvbn (review L5).
//!
//! zxcvbn scores a password by how it would be guessed: its frequency lists of common
//! passwords, English words, names and film/TV words (tens of thousands of entries, far past
//! ASVS 6.2.4's "top 3000"), keyboard walks, repeats, sequences, dates and l33t substitutions,
//! plus words the account itself suggests (its email, this product's name). A fixed blocklist
//! misses the variations ("Afterglow2026!") that cracking rules try first.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use subtle::ConstantTimeEq;

/// Shortest password accepted: 12, the ASVS 6.2.1 length review L5 asks for now that every
/// staff account also has a second factor.
pub const MIN_CHARS: usize = 12;
/// Longest password accepted (ASVS 6.2.9 asks for at least 64).
pub const MAX_CHARS: usize = 128;
/// Lowest zxcvbn score accepted: 3 means about 10^8 guesses or more, out of reach online
/// (lockout, rate limits) and expensive offline (argon2id).
pub const MIN_SCORE: u8 = 3;

/// Words every staff password is checked against besides the account's own email: a clinic's
/// staff reach for the product's and the trade's names first.
const PRODUCT_WORDS: [&str; 3] = ["afterglow", "clinic", "microneedling"];

/// Why a password was refused.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PasswordError {
    /// Too short.
    #[error("the password must be at least {min} characters (it has {chars})")]
    TooShort {
        /// The minimum.
        min: usize,
        /// Characters given.
        chars: usize,
    },
    /// Too long.
    #[error("the password must be at most {max} characters (it has {chars})")]
    TooLong {
        /// The maximum.
        max: usize,
        /// Characters given.
        chars: usize,
    },
    /// Guessable: zxcvbn's score and its advice.
    #[error("{}", weak_message(*score, warning.as_deref(), suggestions))]
    Weak {
        /// zxcvbn's score, 0 to 4 ([`MIN_SCORE`] needed).
        score: u8,
        /// What makes it guessable, e.g. "This is a very common password."
        warning: Option<String>,
        /// How to do better, e.g. "Add another word or two. Uncommon words are better."
        suggestions: Vec<String>,
    },
    /// Hashing failed.
    #[error("could not hash the password: {0}")]
    Hash(String),
}

fn weak_message(score: u8, warning: Option<&str>, suggestions: &[String]) -> String {
    let mut message = format!(
        "this password is too easy to guess (strength {score} of 4, at least {MIN_SCORE} needed)."
    );
    for advice in warning.into_iter().chain(suggestions.iter().map(String::as_str)) {
        message.push(' ');
        message.push_str(advice);
    }
    if warning.is_none() && suggestions.is_empty() {
        message.push_str(" Use a few uncommon words together, or a password manager.");
    }
    message
}

/// Checks length and strength. `email` is the account's: a password built from it is weak.
pub fn check(password: &str, email: &str) -> Result<(), PasswordError> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(PasswordError::TooShort { min: MIN_CHARS, chars });
    }
    if chars > MAX_CHARS {
        return Err(PasswordError::TooLong { max: MAX_CHARS, chars });
    }
    let local = email.split('@').next().unwrap_or_default();
    let mut inputs = vec![email, local];
    inputs.extend(PRODUCT_WORDS);
    let estimate = zxcvbn::zxcvbn(password, &inputs);
    let score = u8::from(estimate.score());
    if score >= MIN_SCORE {
        return Ok(());
    }
    let feedback = estimate.feedback();
    Err(PasswordError::Weak {
        score,
        warning: feedback.and_then(zxcvbn::feedback::Feedback::warning).map(|w| w.to_string()),
        suggestions: feedback
            .map(|f| f.suggestions().iter().map(ToString::to_string).collect())
            .unwrap_or_default(),
    })
}

fn hasher() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// Checks the rules ([`check`]) for the account `email` and returns the argon2id PHC string.
pub fn hash_new(password: &str, email: &str) -> Result<String, PasswordError> {
    check(password, email)?;
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
        let email = "nurse@example.org";
        assert_eq!(check("short7!", email), Err(PasswordError::TooShort { min: 12, chars: 7 }));
        assert_eq!(
            check(&"x".repeat(129), email),
            Err(PasswordError::TooLong { max: 128, chars: 129 })
        );
        assert_eq!(hash_new("short7!", email), Err(PasswordError::TooShort { min: 12, chars: 7 }));
        // Characters, not bytes: 11 horses are 44 bytes but still too short.
        assert_eq!(
            check(&"🐎".repeat(11), email),
            Err(PasswordError::TooShort { min: 12, chars: 11 })
        );
    }

    #[test]
    fn guessable_passwords_are_refused_with_advice() {
        let email = "nurse.jones@example.org";
        for weak in [
            "Password1234",
            "password1234!",
            "qwertyuiop123",
            "Afterglow2026!",
            "microneedling1",
            "clinicclinic1",
            "nurse.jones@example.org",
            "nurse.jones2026",
            "aaaaaaaaaaaaaaaa",
            "abcdefghijklmnop",
            "123456789012",
        ] {
            let Err(PasswordError::Weak { score, warning, suggestions }) = check(weak, email)
            else {
                panic!("{weak:?} was accepted");
            };
            assert!(score < MIN_SCORE, "{weak:?}");
            assert!(warning.is_some() || !suggestions.is_empty(), "{weak:?}: no advice");
        }
        let message = check("Password1234", email).unwrap_err().to_string();
        assert!(message.starts_with("this password is too easy to guess (strength "), "{message}");
        assert!(message.len() > 80, "advice follows: {message}");
    }

    #[test]
    fn strong_passwords_are_accepted() {
        for strong in [
            "correct horse battery staple",
            "a different long passphrase",
            "another long passphrase",
            "load test password 1",
            "demo-3f9a0c1d2e4b5a69",
            "Tq7#vR2!mK9$wL4p",
            "correct horse 🐎 battery staple ünïcödé",
        ] {
            assert_eq!(check(strong, "nurse@example.org"), Ok(()), "{strong:?}");
        }
    }

    /// The cost of one estimate, printed for the README (`--nocapture`): the first call also
    /// builds zxcvbn's dictionaries; argon2 (tens of ms per hash) costs about the same or more.
    #[test]
    fn one_estimate_is_cheap_next_to_argon2() {
        let time = |password: &str, rounds: u32| {
            let started = std::time::Instant::now();
            for _ in 0..rounds {
                let _ = check(password, "nurse@example.org");
            }
            started.elapsed() / rounds
        };
        let first = time("correct horse battery staple", 1);
        let longest = "Zq9!".repeat(32);
        for password in ["Afterglow2026!", "correct horse battery staple", longest.as_str()] {
            let each = time(password, 10);
            let chars = password.chars().count();
            println!("zxcvbn: {each:?} per estimate of {chars} characters (first call {first:?})");
            assert!(each < std::time::Duration::from_secs(1), "{each:?}");
        }
    }

    #[test]
    fn hash_and_verify_unicode() {
        let password = "correct horse 🐎 battery staple ünïcödé";
        let phc = hash_new(password, "nurse@example.org").unwrap();
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
