//! Spanish for the words the platform shows (keys in `platform.rs`).

use super::platform::PlatformWords;

pub(super) const PLATFORM: PlatformWords = PlatformWords {
    camera_usage: "Afterglow toma fotos del avance de su piel tratada. Las fotos se quedan en \
                   este iPhone.",
    photo_library_usage: "Elija fotos del avance para añadirlas a su diario de fotos. Solo se leen \
                          las fotos que usted elija.",
    face_id_usage: "Face ID desbloquea Afterglow si usted activó el bloqueo de la app.",
    reminder_channel_name: "Recordatorios de cuidados",
    reminder_channel_description: "Pasos para cuidar la piel, controles diarios y cuándo termina \
                                   cada restricción",
};
