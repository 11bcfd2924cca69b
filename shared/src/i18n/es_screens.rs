//! Spanish for the everyday screens (keys in `screens.rs`; terms in `GLOSSARY.md`).

use super::screens::{
    NavigationWords, NoticeWords, ProfileWords, ScreeningWords, SessionFormWords, TimelineWords,
    TodayScreenWords,
};

pub(super) const TODAY: TodayScreenWords = TodayScreenWords {
    title: "Hoy",
    subtitle_day: "Día {day} después de su sesión · horas de su zona, {zone}",
    subtitle: "horas de su zona, {zone}",
    check_in: "¿Cómo está su piel hoy?",
    add_session: "Agregar otra sesión",
    what_column: "Actividad",
    when_column: "Desde (su hora)",
    warnings: "Hable con su clínica sobre",
    restrictions: "Cuándo puede volver a hacerlo",
    dos: "Haga",
    donts: "No haga",
    expected: "Lo que puede sentir",
    coming_up: "Próximamente",
    preparation: "Antes de su próxima sesión",
    next_session: "Próxima sesión",
    task_now: "Ahora: {task}",
    session: "Sesión {number}",
    unlock_from: "{unlock} desde {when}",
    phase_no_sessions: "Agregue su primera sesión",
    phase_preparing: "Preparándose para su sesión",
    interval_warning: "Su próxima sesión es {days} días después de la anterior; las clínicas suelen dejar al menos 4 semanas entre sesiones para que la piel sane: confirme la fecha con su clínica",
    clinic_protocol_note: "Las indicaciones de cuidados de su clínica se muestran tal como su clínica las escribió, en su idioma.",
};

pub(super) const TIMELINE: TimelineWords = TimelineWords {
    title: "Calendario",
    page: "Página {page} de {count}",
    earlier: "Antes",
    later: "Después",
    kind_session: "Sesión",
    kind_unlock: "Permitido de nuevo",
    kind_milestone: "Etapa",
    kind_prep: "Preparación",
    detail: "{kind} · sesión {number} · {when}",
};

pub(super) const NAVIGATION: NavigationWords = NavigationWords {
    today: "Hoy",
    timeline: "Calendario",
    checkins: "Control",
    photos: "Fotos",
    reminders: "Avisos",
    clinic: "Clínica",
    records: "Registros",
    about: "Acerca de",
    more: "Más",
    label: "Pantallas",
};

pub(super) const SESSION_FORM: SessionFormWords = SessionFormWords {
    title: "Su sesión de tratamiento",
    intro: "Indique a Afterglow cuándo fue (o será) su sesión de microneedling. Las horas son de su zona, {zone}.",
    session: "Sesión",
    start: "Inicio",
    depth: "Profundidad de las agujas (mm)",
    areas: "Zonas tratadas",
    device: "Aparato (opcional)",
    planned: "Esta sesión está programada (es en el futuro)",
    save: "Guardar y ver hoy",
    area_names: [
        "Cara",
        "Cuello",
        "Escote",
        "Manos",
        "Cuero cabelludo",
        "Cuerpo",
        "Cicatrices",
        "Estrías",
    ],
};

pub(super) const PROFILE: ProfileWords = ProfileWords {
    title: "Sobre usted",
    note: "Estas respuestas cambian los consejos que recibe; nunca deciden si puede tratarse.",
    cold_sores: "Me salen fuegos (herpes labial)",
    pregnant: "Estoy embarazada",
    isotretinoin: "Tomé isotretinoína (Roaccutane) en los últimos 6 meses",
    blood_thinners: "Tomo anticoagulantes",
    keloids: "Mi piel forma cicatrices abultadas (queloides)",
    skin_type_label: "Tipo de piel (Fitzpatrick), si lo sabe",
    not_sure: "No estoy seguro/a",
    skin_type: "Tipo {number}",
};

pub(super) const SCREENING: ScreeningWords = ScreeningWords {
    title: "Para esta sesión, ¿tiene alguno de estos? Cada uno es algo para hablar con su clínica, nunca un motivo para no tratarle.",
    questions: [
        "Acné, fuegos (herpes labial), una infección o un sarpullido donde le van a tratar",
        "Le salen fuegos (herpes labial)",
        "Defensas bajas: medicamentos que bajan las defensas, quimioterapia o radioterapia, o pastillas de esteroides",
        "Diabetes que no está bien controlada",
        "Un brote de eccema, psoriasis, rosácea o vitíligo",
        "Alergia a los metales (níquel) o a la crema anestésica",
        "Embarazo",
        "Lactancia",
        "Isotretinoína (Roaccutane) en los últimos 6 meses",
        "Anticoagulantes (por ejemplo warfarina, apixabán o aspirina diaria)",
        "Queloides o cicatrices abultadas",
        "Tiene menos de 22 años",
        "Esta sesión es de microneedling con radiofrecuencia (RF)",
    ],
    warnings: [
        "Acné, fuegos (herpes labial), una infección o un sarpullido en la zona: llame a su clínica antes de la sesión; normalmente cambian la cita",
        "Fuegos (herpes labial): antes de esta sesión, pregunte a su clínica o a quien le receta por un medicamento antiviral",
        "Las defensas bajas aumentan el riesgo de infección: dígaselo a su clínica antes de la sesión",
        "La diabetes que no está bien controlada hace que la piel sane más despacio: dígaselo a su clínica antes de la sesión",
        "Un brote de una enfermedad de la piel en la zona: dígaselo a su clínica; puede que esperen a que se calme",
        "Alergia a los metales o a la crema anestésica: dígaselo a su clínica para que elijan las agujas y la crema",
        "Embarazo: las clínicas suelen posponer el microneedling; hable de ello con su clínica",
        "Lactancia: las clínicas suelen posponer el microneedling; hable de ello con su clínica",
        "Isotretinoína en los últimos 6 meses: hable con su clínica sobre cuándo tratarse",
        "Los anticoagulantes aumentan el sangrado y los moretones: dígaselo a su clínica; no los deje sin hablar con su médico",
        "Queloides o cicatrices abultadas: hable con su clínica sobre si el microneedling es adecuado para usted",
        "Menos de 22 años: los aparatos de microneedling están aprobados para adultos de 22 años o más; hable de ello con su clínica",
        "El microneedling con RF tarda más en sanar y tiene riesgos que el plan de esta app no cubre: siga los cuidados de RF de su clínica y pregúnteles qué síntomas debe avisarles",
    ],
};

pub(super) const NOTICE: NoticeWords = NoticeWords {
    title: "Antes de empezar",
    about_title: "Acerca de Afterglow",
    what_it_is: "Afterglow le ayuda a cuidar su piel después del microneedling: qué hacer y qué evitar cada día, cuándo termina cada restricción, un control diario, avisos y un diario de fotos privado que puede compartir con su clínica.",
    privacy: "Su registro se queda en este dispositivo. No se envía nada a su clínica hasta que usted la vincule y comparta, elemento por elemento o automáticamente si lo activa.",
    triage_table: "Tabla de clasificación de los controles, versión {version}: {status}.",
    triage_table_status: "una propuesta de la investigación clínica del proyecto y de una revisión clínica independiente; aún no la ha aprobado el director médico de una clínica",
    care_protocol: "Plan de cuidados: {name}, versión {version} ({whose}).",
    protocol_default: "el de la app; su clínica puede darle el suyo",
    protocol_clinic: "de su clínica, en el idioma en que lo escribió",
    not_a_diagnosis: "Afterglow no hace diagnósticos. El resultado de un control ordena sus respuestas con una tabla fija; no puede ver su piel.",
    not_monitored: "Su clínica no sigue en tiempo real lo que usted comparte: puede que un control compartido no se lea hasta dentro de un día o más. Para lo que no puede esperar, llámeles.",
    follow_your_clinic: "No sustituye las indicaciones de su clínica: si no coinciden, siga las de su clínica.",
    in_an_emergency: "En una emergencia, llame a su número local de emergencias o vaya a la sala de emergencias de un hospital.",
};
