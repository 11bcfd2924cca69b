//! English for the camera screen (keys in `camera.rs`).

use super::camera::CameraWords;

pub(super) const CAMERA: CameraWords = CameraWords {
    title: "Take a photo",
    area: "Area",
    open: "Open the camera",
    cancel: "Cancel",
    capture: "Take photo",
    close: "Close",
    switch_camera: "Switch camera",
    front: "Front camera",
    back: "Back camera",
    ghost: "Your first photo of this area, laid over the camera's view",
    needs_permission: "Afterglow needs the camera to take progress photos. You can also choose a \
                       photo instead.",
    unavailable: "The camera is not available here. Use \"{add_photo}\" instead.",
    capture_failed: "The photo could not be taken. Try again, or choose a photo instead.",
};
