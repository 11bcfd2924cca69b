//! The full series timeline, one page at a time.

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::format::{at_label_in, rfc3339};
use crate::domain::{Profile, Session, clock::Now};
use crate::i18n::{Language, fill};
use crate::protocol::CareProtocol;
use crate::timeline::{EntryKind, series_entries};

/// Entries per page: enough for a screen, small enough to cross the bridge in microseconds.
pub const PAGE_SIZE: usize = 40;

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct TimelinePage {
    pub entries: Vec<TimelineEntryView>,
    /// 0-based page shown; by default the page holding "now".
    pub page: u32,
    pub page_count: u32,
    pub total: u32,
    /// The screen's words: its title, "Page 2 of 5" and the two page buttons.
    pub title: String,
    pub page_label: String,
    pub earlier: String,
    pub later: String,
    /// The page buttons' accessible name.
    pub pages_label: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct TimelineEntryView {
    pub at: String,
    pub at_label: String,
    pub kind: EntryKindView,
    pub id: String,
    pub title: String,
    pub session_number: u32,
    pub past: bool,
    /// "Allowed again · session 1 · Sat 10:30"
    pub detail: String,
}

#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
#[repr(C)]
pub enum EntryKindView {
    Session,
    Unlock,
    Milestone,
    Prep,
}

pub(super) fn build(
    sessions: &[Session],
    protocol: &CareProtocol,
    profile: &Profile,
    now: Now,
    page: Option<u32>,
    language: Language,
) -> TimelinePage {
    let w = &language.words().timeline;
    let entries = series_entries(sessions, protocol, profile);
    let total = entries.len();
    let page_count = total.div_ceil(PAGE_SIZE).max(1);
    let now_page = entries.partition_point(|e| e.at <= now.instant) / PAGE_SIZE;
    let page =
        page.map_or(now_page, |p| usize::try_from(p).unwrap_or(usize::MAX)).min(page_count - 1);
    let to_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    TimelinePage {
        entries: entries
            .iter()
            .skip(page * PAGE_SIZE)
            .take(PAGE_SIZE)
            .map(|e| {
                let (kind, kind_label) = match e.kind {
                    EntryKind::Session => (EntryKindView::Session, w.kind_session),
                    EntryKind::Unlock(_) => (EntryKindView::Unlock, w.kind_unlock),
                    EntryKind::Milestone(_) => (EntryKindView::Milestone, w.kind_milestone),
                    EntryKind::Prep(_) => (EntryKindView::Prep, w.kind_prep),
                };
                let at_label = at_label_in(language, e.at, now.zone, now.instant);
                let number = e.session_number.to_string();
                TimelineEntryView {
                    at: rfc3339(e.at, now.zone),
                    detail: fill(
                        w.detail,
                        &[("kind", kind_label), ("number", &number), ("when", &at_label)],
                    ),
                    at_label,
                    kind,
                    id: e.id(protocol).to_owned(),
                    title: match e.kind {
                        EntryKind::Session => {
                            fill(language.words().today.session, &[("number", &number)])
                        }
                        _ => e.title(protocol),
                    },
                    session_number: e.session_number,
                    past: e.at <= now.instant,
                }
            })
            .collect(),
        page: to_u32(page),
        page_count: to_u32(page_count),
        total: to_u32(total),
        title: w.title.to_owned(),
        page_label: fill(
            w.page,
            &[("page", &(page + 1).to_string()), ("count", &page_count.to_string())],
        ),
        earlier: w.earlier.to_owned(),
        later: w.later.to_owned(),
        pages_label: language.words().device.timeline_pages.to_owned(),
    }
}
