//! Spanish for storage failures (keys in `storage.rs`).

use super::storage::StorageWords;

pub(super) const STORAGE: StorageWords = StorageWords {
    newer_version: "sus datos se guardaron con una versión más nueva de Afterglow: actualice la aplicación para abrirlos (no se cambió nada)",
    not_a_database: "el archivo de datos no es una base de datos de Afterglow o está dañado; no se ha tocado",
    disk_full: "este dispositivo no tiene espacio de almacenamiento; no se cambió nada: libere espacio y vuelva a intentarlo",
    write_failed: "no se puede escribir el archivo de datos (¿está lleno el dispositivo?); no se cambió nada: libere espacio y vuelva a intentarlo",
    read_only: "no se puede escribir el archivo de datos (permisos); no se cambió nada",
    busy: "el archivo de datos está en uso en otra ventana o copia de la aplicación; vuelva a intentarlo",
    not_found: "ese registro ya no está guardado; no se cambió nada",
    other: "falló el almacenamiento ({detail}); no se cambió nada",
    out_of_turn: "un paso interno respondió fuera de turno ({detail})",
};
