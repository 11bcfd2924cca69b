//! The page frame: escaped by construction (maud escapes every interpolation).

use axum::response::Html;
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use maud::{DOCTYPE, Markup, html};

use super::session::Staff;
use crate::store::{Level, Role};

const STYLE: &str = "
body{font-family:system-ui,sans-serif;margin:0;padding:0 1rem 2rem;max-width:60rem;margin:auto;line-height:1.4}
header{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;justify-content:space-between;border-bottom:1px solid #ccc;padding:.5rem 0;margin-bottom:1rem}
nav a{margin-right:1rem}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.35rem;border-bottom:1px solid #eee;vertical-align:top}
.level{padding:.1rem .4rem;border-radius:.3rem;font-size:.85rem;white-space:nowrap}
.urgent{background:#b00020;color:#fff}.contact_clinic{background:#e65100;color:#fff}.watch{background:#fbc02d}.expected{background:#c8e6c9}
.day{display:flex;flex-wrap:wrap;gap:.5rem;margin-bottom:1rem}.day img{width:10rem;height:auto;border:1px solid #ccc}
form.inline{display:inline}input,textarea,button{font-size:1rem;max-width:100%}
.note{white-space:pre-wrap;overflow-wrap:anywhere}.muted{color:#666}.error{color:#b00020}
@media (max-width:40rem){th.wide,td.wide{display:none}}
";

/// A whole page; `staff` adds the header with navigation and logout.
pub fn page(title: &str, staff: Option<&Staff>, body: Markup) -> Html<String> {
    let markup = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — Afterglow clinic" }
                style { (maud::PreEscaped(STYLE)) }
            }
            body {
                @if let Some(staff) = staff {
                    header {
                        nav {
                            @match staff.role {
                                Role::Clinician => {
                                    a href="/patients" { "Patients" }
                                    a href="/alerts" { "Alerts" }
                                },
                                Role::Admin => {
                                    a href="/audit" { "Audit log" }
                                    a href="/staff" { "Staff" }
                                    a href="/erase" { "Erase a patient" }
                                    a href="/settings" { "Settings" }
                                },
                            }
                        }
                        div {
                            (clinic_switcher(staff))
                            span.muted { (staff.email) " " }
                            form.inline method="post" action="/logout" {
                                input type="hidden" name="csrf" value=(staff.csrf);
                                button type="submit" { "Log out" }
                            }
                        }
                    }
                }
                main { (body) }
            }
        }
    };
    Html(markup.into_string())
}

/// The clinic this session works in, and a form to move to another when the account works
/// for several (plain HTML: no script needed).
fn clinic_switcher(staff: &Staff) -> Markup {
    let current = staff.memberships.iter().find(|m| m.clinic == staff.clinic);
    html! {
        @if staff.memberships.len() > 1 {
            form.inline method="post" action="/clinic" {
                input type="hidden" name="csrf" value=(staff.csrf);
                label { "Clinic " select name="clinic" {
                    @for m in &staff.memberships {
                        option value=(m.clinic.get()) selected[m.clinic == staff.clinic] { (m.name) }
                    }
                } }
                " " button type="submit" { "Switch" }
                " "
            }
        } @else if let Some(m) = current {
            span.clinic { (m.name) " · " }
        }
    }
}

/// A coloured level badge.
pub fn level_badge(level: Level) -> Markup {
    let text = match level {
        Level::Expected => "expected",
        Level::Watch => "watch",
        Level::ContactClinic => "contact clinic",
        Level::Urgent => "urgent",
    };
    html! { span class={ "level " (level.as_str()) } { (text) } }
}

/// A time shown in the zone it happened in (falls back to UTC for an unknown zone).
pub fn local_time(at: DateTime<Utc>, zone: &str) -> String {
    match zone.parse::<Tz>() {
        Ok(tz) => at.with_timezone(&tz).format("%Y-%m-%d %H:%M %Z").to_string(),
        Err(_) => at.format("%Y-%m-%d %H:%M UTC").to_string(),
    }
}

/// A time in UTC.
pub fn utc_time(at: DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M UTC").to_string()
}
