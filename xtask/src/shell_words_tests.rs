use super::words;

fn found(source: &str, tsx: bool) -> Vec<String> {
    words(source, tsx).into_iter().map(|(_, w)| w).collect()
}

#[test]
fn sentences_and_capitalised_words_count_in_every_shell() {
    assert_eq!(
        found(r#"Text("Send this check-in to my clinic")"#, false),
        ["Send this check-in to my clinic"]
    );
    assert_eq!(found(r#"Button("Done") { }"#, false), ["Done"]);
    assert_eq!(found(r#"Text("Day \(day) · \(label)")"#, false), [r"Day \(day) · \(label)"]);
    assert_eq!(found("      <h2>History</h2>", true), ["History"]);
    assert_eq!(
        found(r#"<button aria-label="Close the menu">x</button>"#, true),
        ["Close the menu"]
    );
}

#[test]
fn code_that_is_not_read_is_left_out() {
    let tsx =
        r#"<p className="card warn" data-testid="form-problem" role="alert">{form.problem}</p>"#;
    assert!(found(tsx, true).is_empty(), "{:?}", found(tsx, true));
    assert!(found(r#"if (step === "UrgentFirst") {}"#, true).is_empty());
    assert!(found(r#"import { x } from "../shell/types";"#, true).is_empty());
    assert!(found(r#"  // "A comment" is not drawn"#, false).is_empty());
    assert!(
        found("const f = (a: A) => Promise<void>; next: () => Promise<void>;", true).is_empty()
    );
    assert!(found(r#"val path = "afterglow/photos""#, false).is_empty());
    assert!(found(r#"case "pain": break"#, false).is_empty());
    assert!(
        found(r#"log("effect")"#, false).is_empty(),
        "one lower-case word is a key, not a sentence"
    );
}

#[test]
fn letters_only_from_interpolations_are_data_not_words() {
    assert!(found(r#"Text("• $it")"#, false).is_empty());
    assert!(found(r#"Text("${a.fireLabel} · ${a.body}")"#, false).is_empty());
    assert!(found(r#"Text("\(reminder.fireLabel) · \(reminder.body)")"#, false).is_empty());
    assert!(found(r#"Text("\(f(x)) · \(y)")"#, false).is_empty(), "nested brackets");
    // The literal's own words still count, with the interpolation shown as written.
    assert_eq!(found(r#"Text("Saved: ${it.dayLabel}")"#, false), ["Saved: ${it.dayLabel}"]);
    assert_eq!(found(r#"Text("Saved: $day")"#, false), ["Saved: $day"]);
    assert_eq!(found(r#"Text("Scheduled (\(n))")"#, false), [r"Scheduled (\(n))"]);
}

#[test]
fn the_allow_list_is_by_file_and_exact_text() {
    assert!(super::not_patient_words("web/src/ui/App.tsx", "Afterglow"));
    assert!(!super::not_patient_words("web/src/ui/App.tsx", "Afterglow cannot start"));
    assert!(!super::not_patient_words("web/src/ui/Today.tsx", "Afterglow"));
}

#[test]
fn the_line_number_is_given() {
    assert_eq!(words("let a = 1\nText(\"Older\")\n", false), [(2, "Older".to_owned())]);
}
