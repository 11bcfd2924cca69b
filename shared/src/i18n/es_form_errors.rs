//! Spanish for refused form input (keys in `form_errors.rs`).

use super::form_errors::FormErrorWords;

pub(super) const FORM_ERRORS: FormErrorWords = FormErrorWords {
    unknown_zone: "zona horaria desconocida `{zone}`: use un nombre IANA como Europe/Madrid o America/Mexico_City",
    unparseable_time: "no se puede leer `{typed}` como fecha y hora: use RFC 3339 (2026-03-07T22:00:00-05:00) o la hora local AAAA-MM-DDTHH:MM",
    skipped_by_dst: "{local} no existe en {zone}: esa noche se adelantaron los relojes; elija otra hora",
    ambiguous_time: "{local} ocurre dos veces en {zone} (se atrasaron los relojes): indique el desfase, por ejemplo {earlier} o {later}",
    time_out_of_range: "el instante está fuera de rango",
    depth_not_a_number: "la profundidad de la aguja \"{typed}\" no es un número de milímetros como 1,5 (como mucho 3 decimales)",
    depth_not_positive: "la profundidad de la aguja debe ser mayor que 0 mm",
    depth_too_deep: "una profundidad de {depth} mm supera los 3 mm, fuera de lo que cubre Afterglow; consulte a su clínica",
    no_area: "elija al menos una zona tratada",
    too_long_ago: "la sesión empieza hace más de 10 años; revise la fecha",
    too_far_ahead: "la sesión está reservada a más de 2 años vista; revise la fecha",
    planned_in_the_past: "una sesión planificada debe empezar en el futuro",
    text_too_long: "{field} es demasiado largo ({len} caracteres; como mucho {max})",
    text_control_characters: "{field} contiene caracteres no válidos",
    field_note: "la nota",
    field_device: "el dispositivo",
    field_notes: "las notas",
    photo_no_session: "agregue su primera sesión antes de agregar fotos: cada foto se ubica por días después de una sesión",
    photo_before_first_session: "la foto tiene fecha {taken}, anterior a su primera sesión ({first}); revise la fecha o agregue antes esa sesión",
    photo_in_the_future: "la foto tiene fecha {taken}, que está en el futuro; revise el reloj de la cámara o indique la fecha",
};
