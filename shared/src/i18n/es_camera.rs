//! Spanish for the camera screen (keys in `camera.rs`).

use super::camera::CameraWords;

pub(super) const CAMERA: CameraWords = CameraWords {
    title: "Tomar una foto",
    area: "Zona",
    open: "Abrir la cámara",
    cancel: "Cancelar",
    capture: "Tomar foto",
    close: "Cerrar",
    switch_camera: "Cambiar de cámara",
    front: "Cámara frontal",
    back: "Cámara trasera",
    ghost: "Su primera foto de esta zona, sobre la vista de la cámara",
    needs_permission: "Afterglow necesita la cámara para tomar fotos del avance. También puede \
                       elegir una foto.",
    unavailable: "La cámara no está disponible aquí. Use \"{add_photo}\".",
    capture_failed: "No se pudo tomar la foto. Inténtelo de nuevo o elija una foto.",
};
