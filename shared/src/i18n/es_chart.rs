//! Spanish for the trend chart (keys in `chart.rs`; clinical words as in `GLOSSARY.md`).

use super::chart::ChartWords;

pub(super) const CHART: ChartWords = ChartWords {
    title: "Sus controles frente a la evolución esperada",
    description: "Dolor, enrojecimiento e hinchazón por día después de la sesión; el área \
                  sombreada es el dolor que se espera.",
    caption: "Abajo, el día después de la sesión; cada medida va de nada (abajo) a lo peor \
              (arriba); lo sombreado: el dolor que se espera ese día.",
    day_axis: "Día después de la sesión",
    pain: "Dolor",
    redness: "Enrojecimiento",
    swelling: "Hinchazón",
    expected_pain: "Dolor esperado",
};
