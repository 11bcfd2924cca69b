//! The shipped default protocol in Spanish: its texts by rule id, laid over the English JSON so
//! the windows, hours and sources stay written once (`default_protocol.json`). Only the app's
//! own protocol is translated; a clinic's stays in the clinic's words (the view says so).
//! Terms as in `i18n/GLOSSARY.md`: "usted", plain words, "piel que se pela" not "descamación".

use super::CareProtocol;

/// `section.id` (or `restrictions.id.title` / `.unlock`) → the Spanish text. A test holds this
/// table to the JSON: every text of the default has exactly one translation here.
pub(super) const SPANISH: &[(&str, &str)] = &[
    ("name", "Plan conservador de Afterglow (para que lo revise el director médico de su clínica)"),
    ("phases.fresh", "Piel recién tratada: las primeras 24 horas"),
    ("phases.early_healing", "Primeros días de curación"),
    ("phases.recovery", "Recuperación: piel seca que se pela"),
    ("phases.remodelling", "El colágeno se renueva"),
    ("phases.next_session_window", "Momento para su próxima sesión"),
    ("phases.maintenance", "Renovación a largo plazo"),
    ("phases.results_check", "Momento de revisar sus resultados"),
    ("restrictions.no_makeup.title", "Nada de maquillaje, y no se toque la piel tratada"),
    ("restrictions.no_makeup.unlock", "Maquillaje permitido (use brochas limpias)"),
    ("restrictions.no_sweating.title", "Nada de ejercicio intenso ni de sudar mucho"),
    ("restrictions.no_sweating.unlock", "Ejercicio permitido"),
    (
        "restrictions.no_swimming_sauna.title",
        "Nada de piscinas, lagos, mar, sauna, baño de vapor ni jacuzzi",
    ),
    ("restrictions.no_swimming_sauna.unlock", "Natación y sauna permitidas"),
    (
        "restrictions.no_actives.title",
        "Nada de retinoides, ácidos (AHA/BHA), vitamina C, peróxido de benzoilo, tónicos ni exfoliantes",
    ),
    ("restrictions.no_actives.unlock", "Productos activos para la piel permitidos"),
    ("restrictions.no_sun.title", "Evite el sol directo"),
    (
        "restrictions.no_sun.unlock",
        "Sol permitido (siga usando protector solar FPS (SPF) 30 o más)",
    ),
    ("restrictions.no_picking.title", "No arranque ni pele la piel que se desprende; no se frote"),
    (
        "restrictions.no_picking.unlock",
        "Exfoliación suave permitida (siga dejando que la piel se desprenda sola)",
    ),
    ("dos.cold_compress", "Una compresa fresca puede aliviar el calor y la tirantez"),
    (
        "dos.clean_pillowcase",
        "Duerma sobre una funda de almohada limpia; limpie la pantalla de su teléfono; lávese las manos antes de tocarse la cara",
    ),
    (
        "dos.gentle_cleanse",
        "Lávese con suavidad, con agua tibia, las yemas de los dedos y un limpiador suave, sin toallita ni cepillo",
    ),
    (
        "dos.moisturise",
        "Hidrate la piel con una crema sencilla, sin perfume, o con ácido hialurónico",
    ),
    (
        "dos.spf_daily",
        "Use protector solar FPS (SPF) 30 o más todos los días (al principio, el mineral irrita menos)",
    ),
    (
        "donts.no_unapproved_serums",
        "No se ponga en la piel tratada sueros que su clínica no le haya dado (PRP, exosomas, vitamina C)",
    ),
    (
        "donts.no_other_procedures",
        "Nada de cera, peelings, láser ni otros tratamientos en la zona durante dos semanas, y después solo cuando su clínica lo diga",
    ),
    ("expected.sunburn_redness", "Enrojecimiento como el de una quemadura de sol moderada"),
    ("expected.bruising", "Un moretón pequeño, más donde la piel es fina (debajo de los ojos)"),
    (
        "expected.glands",
        "Ganglios un poco sensibles o hinchados debajo de la mandíbula o en el cuello durante unos días",
    ),
    ("expected.pinpoint_bleeding", "Puntitos de sangre o líquido transparente que paran solos"),
    ("expected.warm_tight_stinging", "Calor, tirantez, ardor o pinchazos"),
    ("expected.mild_swelling", "Hinchazón leve, más donde la piel es fina"),
    ("expected.tiny_crusts", "Puntitos secos o costritas"),
    ("expected.dry_rough", "Piel seca y áspera, sensible a los productos y al sol"),
    (
        "expected.flaking_itch",
        "Piel que se pela y picazón leve; las manchas tratadas pueden verse más oscuras por un tiempo",
    ),
    ("milestones.h24", "24 horas: normalmente ya puede volver a maquillarse"),
    (
        "milestones.h48",
        "48 horas: el enrojecimiento baja tras un tratamiento superficial (tras uno profundo puede tardar hasta 5 días)",
    ),
    (
        "milestones.h72",
        "72 horas: la hinchazón se ha ido; normalmente ya puede nadar y usar la sauna",
    ),
    ("milestones.week1", "1 semana: los efectos esperados deberían haber pasado"),
    ("milestones.next_session_window", "Momento para la próxima sesión (de 4 a 6 semanas)"),
    ("milestones.results_check", "Revise sus resultados: compare sus fotos (unos 3 meses)"),
    (
        "prep_tasks.avoid_tanning",
        "Evite broncearse y quemarse con el sol; use protector solar FPS (SPF) 30 o más todos los días",
    ),
    (
        "prep_tasks.no_other_procedures_before",
        "Nada de peelings profundos ni otros tratamientos en la zona",
    ),
    (
        "prep_tasks.pause_blood_thinning_supplements",
        "Deje la aspirina, el ibuprofeno, el aceite de pescado, la vitamina E, el ginkgo y la hierba de San Juan si no los necesita por motivos médicos (nunca deje un medicamento recetado sin hablar con su médico)",
    ),
    ("prep_tasks.stop_retinoids", "Deje de usar retinoides, ácidos y exfoliantes"),
    (
        "prep_tasks.antiviral",
        "Si le salen fuegos (herpes labial): pregunte ya a quien le receta por un medicamento antiviral, para tenerlo a tiempo (normalmente se empieza el día antes)",
    ),
    ("prep_tasks.no_alcohol", "Nada de alcohol el día antes"),
    (
        "prep_tasks.check_skin",
        "¿Tiene herpes labial, un brote de acné, una infección o un sarpullido en la zona? Llame a la clínica para cambiar la cita",
    ),
    (
        "warnings.warn_cold_sores",
        "Si le salen fuegos (herpes labial): antes de cada sesión, hable con su clínica sobre un antiviral para prevenirlos",
    ),
    (
        "warnings.warn_pigmentation",
        "La piel de tipo IV a VI se oscurece con más facilidad después del tratamiento: protegerse bien del sol es importante; hable con su clínica sobre la configuración del tratamiento",
    ),
    (
        "warnings.warn_pregnancy",
        "Embarazo o lactancia: las clínicas suelen posponer el microneedling; hable de ello con su clínica",
    ),
    (
        "warnings.warn_isotretinoin",
        "Isotretinoína en los últimos 6 meses: hable con su clínica sobre cuándo tratarse",
    ),
    (
        "warnings.warn_anticoagulants",
        "Los anticoagulantes aumentan el sangrado y los moretones: dígaselo a su clínica; no los deje sin hablar con su médico",
    ),
    (
        "warnings.warn_keloid",
        "Tendencia a queloides o cicatrices abultadas: hable con su clínica sobre si el microneedling es adecuado para usted",
    ),
];

/// Every text of `protocol` with its key in [`SPANISH`], for the overlay and its test.
pub(super) fn texts_mut(protocol: &mut CareProtocol) -> Vec<(String, &mut String)> {
    let mut out: Vec<(String, &mut String)> = vec![("name".into(), &mut protocol.name)];
    for p in &mut protocol.phases {
        out.push((format!("phases.{}", p.id), &mut p.title));
    }
    for r in &mut protocol.restrictions {
        out.push((format!("restrictions.{}.title", r.id), &mut r.title));
        out.push((format!("restrictions.{}.unlock", r.id), &mut r.unlock));
    }
    for (section, items) in [("dos", &mut protocol.dos), ("donts", &mut protocol.donts)] {
        for d in items.iter_mut() {
            out.push((format!("{section}.{}", d.id), &mut d.text));
        }
    }
    for e in &mut protocol.expected {
        out.push((format!("expected.{}", e.id), &mut e.text));
    }
    for m in &mut protocol.milestones {
        out.push((format!("milestones.{}", m.id), &mut m.title));
    }
    for t in &mut protocol.prep_tasks {
        out.push((format!("prep_tasks.{}", t.id), &mut t.title));
    }
    for w in &mut protocol.warnings {
        out.push((format!("warnings.{}", w.id), &mut w.text));
    }
    out
}

/// The default protocol with its texts in Spanish; a text without a translation keeps the
/// English (the test below makes that impossible for the shipped default).
pub(super) fn spanish(english: &CareProtocol) -> CareProtocol {
    let mut protocol = english.clone();
    for (key, text) in texts_mut(&mut protocol) {
        if let Some((_, spanish)) = SPANISH.iter().find(|(k, _)| *k == key) {
            *text = (*spanish).to_owned();
        }
    }
    protocol
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    #[test]
    fn every_text_of_the_default_has_one_spanish_translation() {
        let mut english = super::super::default_protocol().clone();
        let keys: BTreeSet<String> = texts_mut(&mut english).into_iter().map(|(k, _)| k).collect();
        let table: BTreeSet<String> = SPANISH.iter().map(|(k, _)| (*k).to_owned()).collect();
        assert_eq!(SPANISH.len(), table.len(), "a key is translated twice");
        assert_eq!(keys, table, "the Spanish table and default_protocol.json differ");
        let spanish = spanish(super::super::default_protocol());
        let mut english = super::super::default_protocol().clone();
        let mut spanish_copy = spanish.clone();
        let pairs = texts_mut(&mut english).into_iter().zip(texts_mut(&mut spanish_copy));
        for ((key, en), (_, es)) in pairs {
            assert_ne!(en, es, "{key} is not translated");
            assert!(!es.trim().is_empty(), "{key} is empty");
        }
        // Only words change: the windows are the English protocol's.
        assert_eq!(
            spanish.restrictions.iter().map(|r| r.hours).collect::<Vec<_>>(),
            super::super::default_protocol()
                .restrictions
                .iter()
                .map(|r| r.hours)
                .collect::<Vec<_>>()
        );
    }
}
