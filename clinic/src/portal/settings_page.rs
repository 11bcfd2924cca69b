//! The `/settings` page's markup (maud escapes every interpolation: every field is staff text).

use axum::response::Html;
use maud::html;

use super::layout::page;
use super::session::Staff;
use super::settings::{MAX_ADVICE, MAX_NAME, MAX_PHONE};
use crate::alerts::recipients::MAX_ALERT_EMAILS;
use crate::store::ClinicSettings;

/// What became of the last form sent.
pub(super) enum Notice<'a> {
    /// Stored.
    Saved,
    /// Nothing differed from what was stored.
    Unchanged,
    /// Refused, and why; nothing was stored.
    Refused(&'a str),
}

pub(super) fn render(
    staff: &Staff,
    s: &ClinicSettings,
    notice: Option<Notice<'_>>,
) -> Html<String> {
    let emails = s.alert_emails.join("\n");
    let body = html! {
        h1 { "Clinic settings" }
        @match notice {
            Some(Notice::Saved) => p role="status" { "Saved." },
            Some(Notice::Unchanged) => p role="status" { "Nothing changed." },
            Some(Notice::Refused(why)) => p.error role="alert" { (why) },
            None => {},
        }
        p.muted { "What this clinic's patients' app shows about the clinic (from their next link to the clinic), and where this clinic's email alerts go. Each change asks for a recent code and is written to the audit log. The care protocol is changed by the operator (clinic settings --protocol)." }
        form method="post" action="/settings" {
            input type="hidden" name="csrf" value=(staff.csrf);
            p { label { "Clinic name " br;
                input type="text" name="name" value=(s.name) required maxlength=(MAX_NAME); } }
            p { label { "Phone number patients call " br;
                input type="tel" name="phone" value=(s.phone) maxlength=(MAX_PHONE); } }
            p { label { "After-hours advice " br;
                textarea name="after_hours" rows="4" cols="60" maxlength=(MAX_ADVICE) { (s.after_hours_advice) } } }
            p { label { "Alert email addresses (one a line, at most " (MAX_ALERT_EMAILS) ") " br;
                textarea name="alert_emails" rows="4" cols="60" autocomplete="off" { (emails) } } }
            p.muted { "An urgent or contact-the-clinic check-in of this clinic's patients is emailed to these addresses; with none, to the server's own alert address. Emails are sent only when the server's operator has set up email alerts; the Alerts page lists every alert either way. A message names no patient: it links to the alert behind the staff login." }
            button type="submit" { "Save" }
        }
    };
    page("Clinic settings", Some(staff), body)
}
