//! The app's places as every shell's navigation names and orders them: the first `in_bar` go in
//! a phone's bottom bar (or tab bar), the rest under "More". Before, the web said "Check-in" and
//! "Photos" where the native apps said "Check-ins" and "Journal", and each chose its own order.

use facet::Facet;
use serde::{Deserialize, Serialize};

use super::Screen;
use crate::i18n::Language;

#[derive(Facet, Serialize, Deserialize, Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub enum Place {
    Today,
    Timeline,
    Checkins,
    Photos,
    Reminders,
    Clinic,
    Records,
    About,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq)]
pub struct PlaceView {
    pub place: Place,
    pub label: String,
    /// The core screen to show (`Event::Show`) on arriving there; `None` for places whose
    /// content the view always carries.
    pub screen: Option<Screen>,
}

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct NavigationView {
    /// In order.
    pub places: Vec<PlaceView>,
    /// How many of the first places fit a phone's bar; "More" holds the rest.
    pub in_bar: u32,
    pub more: String,
    /// The navigation's accessible name.
    pub label: String,
    /// The frame's words: its skip link and the loading line.
    pub skip_to_content: String,
    pub loading: String,
    /// The title of the native alert that shows `ViewModel.error` or a platform failure.
    pub problem_title: String,
    pub problem_dismiss: String,
}

pub(super) fn build(language: Language) -> NavigationView {
    let w = &language.words().navigation;
    let place = |place, label: &str, screen| PlaceView { place, label: label.to_owned(), screen };
    NavigationView {
        places: vec![
            place(Place::Today, w.today, Some(Screen::Today)),
            place(Place::Timeline, w.timeline, Some(Screen::Timeline)),
            place(Place::Checkins, w.checkins, Some(Screen::Checkins)),
            place(Place::Photos, w.photos, Some(Screen::Journal)),
            place(Place::Reminders, w.reminders, Some(Screen::Reminders)),
            place(Place::Clinic, w.clinic, Some(Screen::Sharing)),
            place(Place::Records, w.records, None),
            place(Place::About, w.about, None),
        ],
        in_bar: 4,
        more: w.more.to_owned(),
        label: w.label.to_owned(),
        skip_to_content: w.skip_to_content.to_owned(),
        loading: w.loading.to_owned(),
        problem_title: language.words().device.problem_title.to_owned(),
        problem_dismiss: language.words().device.problem_dismiss.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_place_once_and_the_bar_fits_with_more() {
        for language in crate::i18n::Language::ALL {
            let nav = super::build(language);
            let mut places: Vec<_> = nav.places.iter().map(|p| p.place).collect();
            places.dedup();
            assert_eq!(places.len(), nav.places.len());
            // A phone's bar holds at most five: the first places and "More".
            assert!((nav.in_bar as usize) < 5 && (nav.in_bar as usize) < nav.places.len());
            assert!(nav.places.iter().all(|p| !p.label.is_empty()));
        }
    }
}
