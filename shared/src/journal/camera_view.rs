//! The camera screen's words in the patient's language (review #17). What the shells decide
//! themselves is drawing only: the live view and the ghost framed the same way (aspect-fill into
//! one frame), and the ghost mirrored while the front camera's view is (a stored photo is never
//! mirrored; the front preview is).

use facet::Facet;
use serde::{Deserialize, Serialize};

use crate::i18n::{Language, fill};

#[derive(Facet, Serialize, Deserialize, Clone, Debug, PartialEq, Eq, Default)]
pub struct CameraScreenWords {
    pub title: String,
    pub area: String,
    pub open_camera: String,
    pub cancel: String,
    pub capture: String,
    pub close: String,
    pub switch_camera: String,
    pub front: String,
    pub back: String,
    /// The ghost photo's description for screen readers.
    pub ghost: String,
    /// Shown instead of the camera when its permission was refused.
    pub needs_permission: String,
    /// Shown instead of the camera when the device has none (or the browser offers none).
    pub unavailable: String,
    pub capture_failed: String,
}

impl CameraScreenWords {
    pub(crate) fn of(language: Language) -> Self {
        let w = language.camera_words();
        let add_photo = language.words().journal.add_photo;
        Self {
            title: w.title.into(),
            area: w.area.into(),
            open_camera: w.open.into(),
            cancel: w.cancel.into(),
            capture: w.capture.into(),
            close: w.close.into(),
            switch_camera: w.switch_camera.into(),
            front: w.front.into(),
            back: w.back.into(),
            ghost: w.ghost.into(),
            needs_permission: w.needs_permission.into(),
            unavailable: fill(w.unavailable, &[("add_photo", add_photo)]),
            capture_failed: w.capture_failed.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_camera_screen_reads_in_each_language_and_names_the_way_round() {
        let en = CameraScreenWords::of(Language::En);
        assert_eq!(en.switch_camera, "Switch camera");
        assert_eq!(
            en.unavailable,
            "The camera is not available here. Use \"Add a photo\" instead."
        );
        let es = CameraScreenWords::of(Language::Es);
        assert_eq!(es.switch_camera, "Cambiar de cámara");
        assert_eq!(es.unavailable, "La cámara no está disponible aquí. Use \"Agregar una foto\".");
        assert!(!es.unavailable.contains('{'), "{}", es.unavailable);
    }
}
