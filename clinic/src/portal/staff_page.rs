//! The `/staff` page's markup (maud escapes every interpolation: emails are user text).

use axum::response::Html;
use maud::{Markup, html};

use super::layout::{page, utc_time};
use super::session::Staff;
use crate::passwords::{MAX_CHARS, MIN_CHARS};
use crate::store::{Role, StaffStatus, StaffSummary};

/// One account of the clinic as the page shows it.
pub(super) struct Account {
    /// The stored account.
    pub summary: StaffSummary,
    /// Its role in the session's clinic.
    pub role: Role,
    /// This admin may change it (admin of every clinic it works for).
    pub manageable: bool,
    /// It is the admin's own account.
    pub own: bool,
}

pub(super) fn render(staff: &Staff, accounts: &[Account], error: Option<&str>) -> Html<String> {
    let body = html! {
        h1 { "Staff" }
        @if let Some(error) = error { p.error role="alert" { (error) } }
        p.muted { "The accounts that work for this clinic. Disabling, removing, a new password and a second-factor reset end the account's sessions at once; each change asks for a recent code and is written to the audit log." }
        table {
            thead { tr {
                th { "Email" } th { "Role" } th { "Status" } th { "Second factor" }
                th.wide { "Last login" } th { "Sessions" } th { "Actions" }
            } }
            tbody { @for a in accounts { (row(staff, a)) } }
        }
    };
    page("Staff", Some(staff), body)
}

fn row(staff: &Staff, a: &Account) -> Markup {
    let s = &a.summary;
    html! {
        tr data-staff-id=(s.id) {
            td { (s.email) @if a.own { span.muted { " (you)" } } }
            td { (a.role.as_str()) }
            td { @match s.status {
                StaffStatus::Active => "enabled",
                StaffStatus::Disabled(at) => { "disabled " (utc_time(at)) },
                StaffStatus::Removed(at) => { "removed " (utc_time(at)) },
            } }
            td { @if s.mfa_enrolled { "set up" } @else { "not set up" } }
            td.wide { @match s.last_login_at { Some(at) => (utc_time(at)), None => "never" } }
            td { (s.sessions) }
            td {
                @if a.manageable { (actions(staff, a)) }
                @else { span.muted { "Also works for another clinic: changed by the operator (clinic staff …)." } }
            }
        }
    }
}

fn button(staff: &Staff, id: i64, action: &str, label: &str) -> Markup {
    html! {
        form.inline method="post" action={ "/staff/" (id) "/" (action) } {
            input type="hidden" name="csrf" value=(staff.csrf);
            button type="submit" { (label) } " "
        }
    }
}

fn actions(staff: &Staff, a: &Account) -> Markup {
    let id = a.summary.id;
    let disabled = matches!(a.summary.status, StaffStatus::Disabled(_));
    html! {
        @if !a.own {
            @if disabled { (button(staff, id, "enable", "Enable")) }
            @else { (button(staff, id, "disable", "Disable")) }
            (button(staff, id, "remove", "Remove"))
        }
        (button(staff, id, "end-sessions", "End sessions"))
        (button(staff, id, "reset-mfa", "Reset second factor"))
        form method="post" action={ "/staff/" (id) "/password" } {
            input type="hidden" name="csrf" value=(staff.csrf);
            label { "New password " input type="password" name="password" required
                minlength=(MIN_CHARS) maxlength=(MAX_CHARS) autocomplete="new-password"; }
            " " button type="submit" { "Set password" }
        }
    }
}
