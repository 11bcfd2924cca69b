//! Creating a patient with an invite, and drawing the invite as a QR code.

use chrono::{DateTime, Duration, Utc};
use qrcode::{Color, QrCode};

use crate::secrets::{self, normalize_invite, sha256_hex};
use crate::store::{ClinicId, NewInvite, NewPatient, Store, StoreError};

/// How long an invite can be redeemed.
pub const INVITE_TTL_HOURS: i64 = 72;

/// Longest patient name accepted.
const MAX_NAME_CHARS: usize = 200;

/// Why an invite could not be made.
#[derive(Debug, thiserror::Error)]
pub enum InviteError {
    /// The name is empty, too long or has control characters.
    #[error("patient name must be 1–{MAX_NAME_CHARS} characters without control characters")]
    BadName,
    /// The care protocol JSON did not validate.
    #[error("care protocol is not valid: {0}")]
    BadProtocol(String),
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No randomness.
    #[error(transparent)]
    Random(#[from] secrets::RandomError),
    /// QR drawing failed.
    #[error("could not draw the QR code: {0}")]
    Qr(String),
}

/// A freshly created invite. The code exists only here; the database keeps its hash.
#[derive(Debug, Clone)]
pub struct CreatedInvite {
    /// The new patient's id.
    pub patient_id: String,
    /// The code to type, `XXXX-XXXX-XXXX`.
    pub code: String,
    /// Not redeemable after this.
    pub expires_at: DateTime<Utc>,
    /// The deep link the QR code carries.
    pub link: String,
}

/// Checks a care protocol with the same parser the app uses; returns it unchanged.
pub fn validate_protocol(json: &str) -> Result<String, InviteError> {
    shared::protocol::parse(json)
        .map(|_| json.to_owned())
        .map_err(|e| InviteError::BadProtocol(format!("{}: {}", e.field, e.problem)))
}

fn check_name(name: &str) -> Result<String, InviteError> {
    let name = name.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(InviteError::BadName);
    }
    Ok(name.to_owned())
}

/// Creates a patient and a single-use invite for them.
pub fn create_patient_invite(
    store: &dyn Store,
    clinic: ClinicId,
    name: &str,
    protocol_json: Option<&str>,
    now: DateTime<Utc>,
) -> Result<CreatedInvite, InviteError> {
    let name = check_name(name)?;
    let protocol_json = protocol_json.map(validate_protocol).transpose()?;
    let patient_id = secrets::uuid_v4()?;
    let code = secrets::invite_code()?;
    let canonical = normalize_invite(&code).ok_or_else(|| InviteError::Qr("code".into()))?;
    let expires_at = now + Duration::hours(INVITE_TTL_HOURS);
    store.create_patient(
        clinic,
        &NewPatient { id: patient_id.clone(), name, protocol_json, now },
        &NewInvite {
            code_hash: sha256_hex(&canonical),
            patient_id: patient_id.clone(),
            now,
            expires_at,
        },
    )?;
    let base = store.public_url()?;
    let link = format!("afterglow://enroll?server={}&code={code}", url_encode(&base));
    Ok(CreatedInvite { patient_id, code, expires_at, link })
}

fn url_encode(text: &str) -> String {
    let mut out = String::new();
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The QR code as a PNG (8 px per module, 4-module quiet zone).
pub fn qr_png(link: &str) -> Result<Vec<u8>, InviteError> {
    let code = QrCode::new(link.as_bytes()).map_err(|e| InviteError::Qr(e.to_string()))?;
    let modules = code.width();
    let colors = code.to_colors();
    const SCALE: usize = 8;
    const QUIET: usize = 4;
    let side = (modules + 2 * QUIET) * SCALE;
    let mut pixels = vec![255u8; side * side];
    for (index, color) in colors.iter().enumerate() {
        if *color == Color::Dark {
            let (mx, my) = (index % modules + QUIET, index / modules + QUIET);
            for y in my * SCALE..(my + 1) * SCALE {
                pixels[y * side + mx * SCALE..y * side + (mx + 1) * SCALE].fill(0);
            }
        }
    }
    let side32 = u32::try_from(side).map_err(|e| InviteError::Qr(e.to_string()))?;
    let mut out = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut out, side32, side32);
        encoder.set_color(png::ColorType::Grayscale);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(|e| InviteError::Qr(e.to_string()))?;
        writer.write_image_data(&pixels).map_err(|e| InviteError::Qr(e.to_string()))?;
    }
    Ok(out)
}

/// The QR code drawn with Unicode half blocks, for a terminal.
pub fn qr_terminal(link: &str) -> Result<String, InviteError> {
    let code = QrCode::new(link.as_bytes()).map_err(|e| InviteError::Qr(e.to_string()))?;
    let w = code.width();
    let colors = code.to_colors();
    let quiet = 2usize;
    let side = w + 2 * quiet;
    let dark = |x: usize, y: usize| -> bool {
        x >= quiet
            && y >= quiet
            && x < w + quiet
            && y < w + quiet
            && colors[(y - quiet) * w + (x - quiet)] == Color::Dark
    };
    let mut out = String::new();
    // Light text on a dark terminal is the common case: print light modules as blocks.
    for y in (0..side).step_by(2) {
        for x in 0..side {
            let top = !dark(x, y);
            let bottom = y + 1 < side && !dark(x, y + 1);
            out.push(match (top, bottom) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
    }
    Ok(out)
}

/// The QR code as inline SVG for the portal.
pub fn qr_svg(link: &str) -> Result<String, InviteError> {
    let code = QrCode::new(link.as_bytes()).map_err(|e| InviteError::Qr(e.to_string()))?;
    Ok(code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(200, 200).build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn png_has_signature() {
        let png = qr_png("afterglow://enroll?code=ABCD-EFGH-JKMN").unwrap();
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
    }

    #[test]
    fn bad_names_are_refused() {
        assert!(check_name("  ").is_err());
        assert!(check_name("a\u{0}b").is_err());
        assert_eq!(check_name(" Ann O'Neil ").unwrap(), "Ann O'Neil");
    }

    #[test]
    fn invalid_protocol_is_refused() {
        assert!(validate_protocol("{}").is_err());
        assert!(validate_protocol(shared::protocol::default_protocol_json()).is_ok());
    }
}
