//! Deterministic `urn:uuid:` names for exported resources, so that exporting the same record
//! twice names every resource the same way (a receiver can de-duplicate).

use sha2::{Digest, Sha256};

/// A name-based UUID (RFC 9562 version 8 layout) from SHA-256 of `scope/kind/id`.
pub(crate) fn derived_uuid(scope: &str, kind: &str, id: &str) -> String {
    let digest = Sha256::digest(format!("{scope}/{kind}/{id}").as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&digest[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|byte| format!("{byte:02x}")).collect();
    format!("{}-{}-{}-{}-{}", &h[0..8], &h[8..12], &h[12..16], &h[16..20], &h[20..32])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_input_same_uuid_and_a_valid_layout() {
        let a = derived_uuid("p", "Procedure", "1");
        assert_eq!(a, derived_uuid("p", "Procedure", "1"));
        assert_ne!(a, derived_uuid("p", "Procedure", "2"));
        assert_ne!(a, derived_uuid("q", "Procedure", "1"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8");
        assert!(matches!(&a[19..20], "8" | "9" | "a" | "b"));
    }
}
