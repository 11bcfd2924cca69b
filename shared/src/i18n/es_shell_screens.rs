//! Spanish for the records screen and the native screens' labels (keys in `shell_screens.rs`).

use super::shell_screens::{DeviceWords, RecordsWords};

pub(super) const RECORDS: RecordsWords = RecordsWords {
    title: "Sus registros",
    fhir_intro: "Descargue sus sesiones y controles en un archivo FHIR R4 que los sistemas de su clínica pueden leer.",
    download_fhir: "Descargar FHIR (JSON)",
    fhir_done: "Se descargó el archivo FHIR.",
    fhir_failed: "No se pudo exportar: {reason}",
    pdf_intro: "O un informe de recuperación en PDF que cualquier clínica puede archivar: sesiones, controles con su nivel de clasificación, la gráfica de evolución y las fotos de su diario.",
    download_pdf: "Descargar el informe PDF",
    download_pdf_label: "Descargar el informe PDF (sesiones, controles, gráfica y fotos)",
    pdf_done: "Se descargó el informe PDF.",
    pdf_failed: "No se pudo hacer el informe: {reason}",
    share_pdf: "Compartir un informe PDF",
};

pub(super) const DEVICE: DeviceWords = DeviceWords {
    times_heading: "Cuándo",
    morning_picker: "Avisos de la mañana",
    evening_picker: "Aviso del control",
    quiet_hours: "Horas de silencio",
    quiet_from: "Desde",
    quiet_until: "Hasta",
    scheduled: "Programados ({count} de {cap} como máximo)",
    exact_alarms_title: "Los avisos pueden llegar unos minutos tarde",
    exact_alarms_body: "Permita las alarmas exactas para que los avisos lleguen a la hora justa.",
    exact_alarms_allow: "Permitir",
    photo_unreadable: "No se puede leer esta foto.",
    photo_not_prepared: "No se pudo preparar la foto para importarla.",
    heic_needs_android_9: "Las fotos HEIC necesitan Android 9 o posterior.",
    cannot_open: "Afterglow no puede abrir sus datos: {reason}",
    cannot_start: "Afterglow no puede iniciarse",
    worker_failed: "Este navegador no inició la parte de Afterglow que guarda su registro. Vuelva a cargar la página; si vuelve a ocurrir, pruebe con un navegador actualizado.",
    problem_title: "Algo salió mal",
    problem_dismiss: "Aceptar",
    timeline_pages: "Páginas del calendario",
};
