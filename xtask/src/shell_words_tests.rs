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
fn the_line_number_is_given() {
    assert_eq!(words("let a = 1\nText(\"Older\")\n", false), [(2, "Older".to_owned())]);
}
