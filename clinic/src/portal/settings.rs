//! `/settings` (issues 19 and 22): a clinic admin edits what the app is told about the clinic
//! (name, phone, after-hours advice) and where its email alerts go. The clinic is the staff
//! session's, never one a form names: the form refuses unknown fields, so a forged
//! `clinic_id` is refused rather than ignored. A change asks for the CSRF token and a recent
//! second-factor code (it redirects alerts), keeps the care protocol (changed on the command
//! line only), and is audited `settings_changed` like `clinic settings`, naming the fields
//! that changed (not their values).

use axum::Form;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;

use super::roles::Admin;
use super::settings_page::{Notice, render};
use crate::alerts::recipients::parse_list;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{ClinicSettings, SettingsUpdate};

/// Where the step-up code page sends the admin back to (a redirect cannot repeat a POST).
const PAGE: &str = "/settings";

/// Longest clinic name, phone number and advice accepted (the app shows them on small screens).
pub(super) const MAX_NAME: usize = 100;
pub(super) const MAX_PHONE: usize = 40;
pub(super) const MAX_ADVICE: usize = 1_000;

/// `GET /settings`: the session's clinic's settings.
pub(super) async fn show(
    State(state): State<AppState>,
    Admin(staff): Admin,
) -> Result<Response, ApiError> {
    let clinic = staff.clinic;
    let settings = state.db(move |s| s.settings(clinic)).await?;
    Ok(render(&staff, &settings, None).into_response())
}

/// The form. Unknown fields are refused (422): there is nothing a form may add, least of all
/// a clinic.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SettingsForm {
    #[serde(default)]
    csrf: String,
    name: String,
    phone: String,
    after_hours: String,
    #[serde(default)]
    alert_emails: String,
}

/// One line of text: no control characters (a name or phone number is shown on one line).
fn one_line(text: &str) -> bool {
    !text.chars().any(char::is_control)
}

/// The form read into new settings over `current` (the protocol is kept), or why not.
fn apply(current: &ClinicSettings, f: &SettingsForm) -> Result<ClinicSettings, String> {
    let name = f.name.trim();
    let phone = f.phone.trim();
    // Line breaks as a browser sends them (CRLF) become LF; no other control character.
    let advice = f.after_hours.trim().replace("\r\n", "\n");
    if name.is_empty() || name.chars().count() > MAX_NAME || !one_line(name) {
        return Err(format!("The clinic name is 1 to {MAX_NAME} characters on one line."));
    }
    if phone.chars().count() > MAX_PHONE || !one_line(phone) {
        return Err(format!("The phone number is at most {MAX_PHONE} characters on one line."));
    }
    if advice.chars().count() > MAX_ADVICE || advice.chars().any(|c| c.is_control() && c != '\n') {
        return Err(format!("The after-hours advice is at most {MAX_ADVICE} characters."));
    }
    let alert_emails = parse_list(&f.alert_emails).map_err(|e| format!("Not saved: {e}."))?;
    Ok(ClinicSettings {
        name: name.to_owned(),
        phone: phone.to_owned(),
        after_hours_advice: advice,
        protocol_json: current.protocol_json.clone(),
        alert_emails,
    })
}

/// The names of the fields that differ, for the audit row (values stay out of the log).
fn changed_fields(old: &ClinicSettings, new: &ClinicSettings) -> Vec<&'static str> {
    let mut fields = Vec::new();
    if old.name != new.name {
        fields.push("name");
    }
    if old.phone != new.phone {
        fields.push("phone");
    }
    if old.after_hours_advice != new.after_hours_advice {
        fields.push("after_hours_advice");
    }
    if old.alert_emails != new.alert_emails {
        fields.push("alert_emails");
    }
    fields
}

/// `POST /settings`: CSRF, a recent code, then the checked form replaces the session's
/// clinic's settings (a refused form changes nothing and is shown again with the reason).
pub(super) async fn save(
    State(state): State<AppState>,
    Admin(staff): Admin,
    Form(f): Form<SettingsForm>,
) -> Result<Response, ApiError> {
    staff.check_csrf(&f.csrf)?;
    if let Err(ask) = staff.require_fresh_code(PAGE) {
        return Ok(ask.into_response());
    }
    let clinic = staff.clinic;
    let current = state.db(move |s| s.settings(clinic)).await?;
    let new = match apply(&current, &f) {
        Ok(new) => new,
        Err(message) => {
            // What was typed is shown again so it can be corrected; nothing was stored.
            let typed = ClinicSettings {
                name: f.name,
                phone: f.phone,
                after_hours_advice: f.after_hours,
                protocol_json: None,
                // The box as typed (the page joins the list with line breaks).
                alert_emails: vec![f.alert_emails],
            };
            let page = render(&staff, &typed, Some(Notice::Refused(&message)));
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let fields = changed_fields(&current, &new);
    if fields.is_empty() {
        return Ok(render(&staff, &new, Some(Notice::Unchanged)).into_response());
    }
    // Only the fields this form changed: a protocol (or anything) set meanwhile is kept.
    let change = SettingsUpdate::changing(&current, &new);
    state.db(move |s| s.update_settings(clinic, &change)).await?;
    staff.audit_about(&state, "settings_changed", None, Some(&fields.join(","))).await?;
    tracing::info!(clinic = clinic.get(), fields = %fields.join(","), "clinic settings changed");
    Ok(render(&staff, &new, Some(Notice::Saved)).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(name: &str, phone: &str, advice: &str, emails: &str) -> SettingsForm {
        SettingsForm {
            csrf: String::new(),
            name: name.into(),
            phone: phone.into(),
            after_hours: advice.into(),
            alert_emails: emails.into(),
        }
    }

    #[test]
    fn the_protocol_is_kept_and_only_changed_fields_are_named() {
        let current =
            ClinicSettings { protocol_json: Some("{}".into()), ..ClinicSettings::default() };
        let f = form(" North ", "+44 1", "Call 111.\r\nOr 999.", "a@north.example\r\n");
        let new = apply(&current, &f).unwrap();
        assert_eq!(new.protocol_json.as_deref(), Some("{}"));
        assert_eq!(new.name, "North");
        assert_eq!(new.after_hours_advice, "Call 111.\nOr 999.");
        assert_eq!(new.alert_emails, vec!["a@north.example"]);
        assert_eq!(
            changed_fields(&current, &new),
            vec!["name", "phone", "after_hours_advice", "alert_emails"]
        );
        assert!(changed_fields(&new, &new).is_empty());
    }

    #[test]
    fn bad_fields_are_refused() {
        let current = ClinicSettings::default();
        assert!(apply(&current, &form("", "", "", "")).is_err());
        assert!(apply(&current, &form("North\r\nX", "", "", "")).is_err());
        assert!(apply(&current, &form("North", "+44\n1", "", "")).is_err());
        assert!(apply(&current, &form("North", "", "a\u{7}", "")).is_err());
        assert!(apply(&current, &form(&"n".repeat(MAX_NAME + 1), "", "", "")).is_err());
        let injected = "a@north.example\r\nBcc: spy@evil.example";
        assert!(apply(&current, &form("North", "", "", injected)).is_err());
        assert!(apply(&current, &form("North", "", "", "")).is_ok());
    }
}
