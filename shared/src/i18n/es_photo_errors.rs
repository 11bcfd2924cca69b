//! Spanish for failed photo operations (keys in `photo_errors.rs`).

use super::photo_errors::PhotoErrorWords;

pub(super) const PHOTO_ERRORS: PhotoErrorWords = PhotoErrorWords {
    empty: "el archivo está vacío",
    too_many_bytes: "el archivo pesa más de {max_mb} MB; solo se pueden agregar fotos de hasta {max_mb} MB",
    heic: "las fotos HEIC/HEIF no son compatibles: conviértala primero a JPEG (en iPhone: Ajustes > Cámara > Formatos > Más compatible)",
    not_a_photo: "este archivo no es una foto JPEG ni PNG",
    too_many_pixels: "la foto mide {width} x {height} píxeles; solo se pueden agregar fotos de hasta {max_side} píxeles por lado y {max_mp} megapíxeles",
    unsupported_colour: "las imágenes {colour} no son compatibles; exporte la foto como JPEG RGB",
    truncated: "la foto está incompleta (el archivo se cortó); vuelva a copiarla desde la cámara",
    corrupt: "la foto está dañada y no se puede leer",
    duplicate: "esta foto ya está en el diario de fotos (foto {id})",
    no_such_photo: "no hay ninguna foto {id}",
    picked_gone: "la foto elegida ya no está disponible; vuelva a elegirla",
    unreadable: "no se puede leer el archivo de la foto: {detail}",
    disk_full: "el dispositivo no tiene espacio de almacenamiento; no se agregó la foto: libere espacio y vuelva a intentarlo",
    write_failed: "no se pudo guardar la foto ({detail}); no se cambió nada",
    cannot_draw: "este navegador no puede mostrar la foto",
    unavailable: "el diario de fotos no está disponible",
    internal: "falló el procesamiento de la foto: {detail}",
};
