use std::collections::{BTreeMap, BTreeSet};

use super::*;

/// Every text of a language, by key ("form.redness.3"), read through serde so no key is
/// listed by hand.
fn texts(language: Language) -> BTreeMap<String, String> {
    fn walk(prefix: &str, value: &serde_json::Value, out: &mut BTreeMap<String, String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (k, v) in map {
                    walk(&format!("{prefix}{k}."), v, out);
                }
            }
            serde_json::Value::Array(items) => {
                for (i, v) in items.iter().enumerate() {
                    walk(&format!("{prefix}{i}."), v, out);
                }
            }
            serde_json::Value::String(s) => {
                out.insert(prefix.trim_end_matches('.').to_owned(), s.clone());
            }
            other => panic!("{prefix}: not a text: {other}"),
        }
    }
    let mut out = BTreeMap::new();
    walk("", &serde_json::to_value(language.words()).unwrap(), &mut out);
    out
}

fn placeholders(text: &str) -> BTreeSet<String> {
    text.split('{').skip(1).filter_map(|s| s.split_once('}')).map(|(n, _)| n.to_owned()).collect()
}

/// Texts that read the same in both languages on purpose.
const SAME_IN_BOTH: [&str; 4] = [
    "result.score",
    "advice.reasons_separator",
    "sharing.status_separator",
    "sharing.share_photo_label",
];

/// A key missing from a language does not compile (each language is a `Words` literal); this
/// test fails for what the compiler lets through: an empty text, a placeholder one language
/// lacks, or English pasted into the Spanish.
#[test]
fn every_key_is_written_in_both_languages() {
    let en = texts(Language::En);
    let es = texts(Language::Es);
    assert_eq!(en.keys().collect::<Vec<_>>(), es.keys().collect::<Vec<_>>());
    assert!(en.len() > 150, "{} keys", en.len());
    for (key, english) in &en {
        let spanish = &es[key];
        assert!(!english.trim().is_empty() && !spanish.trim().is_empty(), "{key} is empty");
        assert_eq!(placeholders(english), placeholders(spanish), "{key}: placeholders differ");
        if !SAME_IN_BOTH.contains(&key.as_str()) {
            assert_ne!(english, spanish, "{key} is not translated");
        }
    }
}

#[test]
fn tags_choose_the_language_and_unknown_reads_english() {
    for tag in ["es", "es-ES", "es-419", "es_MX", "ES-us", " es-US "] {
        assert_eq!(Language::from_tag(tag), Language::Es, "{tag}");
    }
    for tag in ["en-US", "en", "fr-FR", "", "e", "spanish", "eses"] {
        assert_eq!(Language::from_tag(tag), Language::En, "{tag}");
    }
    let view = LanguageView::of(Language::Es);
    assert_eq!((view.tag.as_str(), view.switch_tag.as_str()), ("es", "en"));
    assert_eq!(view.switch_label, "View in English");
}

#[test]
fn fill_puts_data_in_and_leaves_unknown_placeholders_visible() {
    assert_eq!(
        fill("Día {day} · reglas {rules}", &[("day", "3"), ("rules", "C3")]),
        "Día 3 · reglas C3"
    );
    assert_eq!(fill("{a}{a} {b}", &[("a", "x")]), "xx {b}");
    assert_eq!(fill("no braces {", &[]), "no braces {");
    assert_eq!(fill("", &[]), "");
}

#[test]
fn spanish_says_e_before_an_i_sound() {
    let es = Language::Es.words();
    assert_eq!(join_and(es, &["enrojecimiento", "hinchazón"]), "enrojecimiento e hinchazón");
    assert_eq!(join_and(es, &["hinchazón", "dolor"]), "hinchazón y dolor");
    assert_eq!(join_and(Language::En.words(), &["redness", "itch"]), "redness and itch");
}

#[test]
fn the_english_about_screen_states_the_triage_tables_status_as_the_rules_do() {
    assert_eq!(
        Language::En.words().notice.triage_table_status,
        crate::checkin::TRIAGE_TABLE_STATUS
    );
}
