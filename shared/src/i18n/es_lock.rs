//! Spanish for the app lock (keys in `lock.rs`).

use super::lock::LockWords;

pub(super) const LOCK: LockWords = LockWords {
    title: "Afterglow está bloqueada",
    body: "Sus controles y fotos quedan ocultos hasta que desbloquee.",
    unlock: "Desbloquear",
    reason: "Desbloquee para ver su registro de cuidados.",
    failed: "No se desbloqueó. Inténtelo de nuevo o use el código de su dispositivo.",
    setting_label: "Bloquear Afterglow",
    setting_hint: "Pedir Face ID, su huella o el código del dispositivo al volver a la app.",
};
