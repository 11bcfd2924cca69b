//! The catalogue's keys for the camera screen, where the area's first photo lies over the live
//! view as a faint "ghost" to match distance and angle (review #17).

use serde::Serialize;

use super::{Language, en_camera, es_camera};

#[derive(Serialize, Debug)]
pub struct CameraWords {
    /// The screen's title, and the dialog's accessible name on the web.
    pub title: &'static str,
    /// The area picker's label.
    pub area: &'static str,
    pub open: &'static str,
    pub cancel: &'static str,
    /// The shutter button.
    pub capture: &'static str,
    pub close: &'static str,
    /// The button that swaps the front and the back camera, and what each is called.
    pub switch_camera: &'static str,
    pub front: &'static str,
    pub back: &'static str,
    /// The ghost's description for screen readers.
    pub ghost: &'static str,
    /// The camera permission was refused.
    pub needs_permission: &'static str,
    /// `{add_photo}`: the journal's "add a photo" button, the way round a missing camera.
    pub unavailable: &'static str,
    pub capture_failed: &'static str,
}

impl Language {
    /// The camera screen's words in this language.
    pub fn camera_words(self) -> &'static CameraWords {
        match self {
            Self::En => &en_camera::CAMERA,
            Self::Es => &es_camera::CAMERA,
        }
    }
}
