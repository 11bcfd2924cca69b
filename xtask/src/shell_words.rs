//! Words a patient reads, written in a shell instead of the core (issue "Every word from the
//! core"). Every such word is a copy that drifts from the other shells and cannot be translated
//! once, so the count may only go down: `xtask/shell-words.baseline` holds it per file, a file
//! with more than its line fails, and one with fewer asks for the baseline to be lowered
//! (`cargo xtask shell-words --update`), so the file always says how many are left.
//!
//! What counts, by a deliberately simple reading of the source: a string literal with a space
//! and a word in it, or one capitalised word ("Done"); and in TSX, text between tags. Left out:
//! imports and comments, attribute values that are not read (class names, test ids, roles…),
//! and literals compared with `==`/`===` or after `case` (enum kinds). It over-counts a little
//! (an error a developer reads, a chart's axis name); those stay in the baseline until moved.
//! Letters that come only from interpolations (`"• $it"`, `"\(time) · \(body)"`) are the view's
//! data, not words of the shell, so they do not count; the literal's own text still does.
//!
//! [`NOT_PATIENT_WORDS`] lists the literals that read like words but are not a sentence a
//! patient reads, each by file and exact text with the reason, so a new sentence in the same
//! file still counts.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{Context, bail};

use crate::tools::{files_with_extension, root};

const BASELINE: &str = "xtask/shell-words.baseline";

/// Where the shells' source lives, and its extension.
const SOURCES: &[(&str, &str)] = &[
    ("web/src", "tsx"),
    ("web/src", "ts"),
    ("Android/app/src/main/java", "kt"),
    ("iOS/Afterglow", "swift"),
    ("cli/src", "rs"),
];

/// TSX attributes whose values nobody reads.
const SILENT_ATTRIBUTES: &[&str] = &[
    "className",
    "name",
    "type",
    "id",
    "key",
    "role",
    "href",
    "inputMode",
    "aria-controls",
    "aria-labelledby",
    "aria-describedby",
    "src",
    "rel",
    "autoComplete",
    "accept",
    "capture",
    "method",
    "viewBox",
    "textAnchor",
    "fontSize",
    "mode",
    "lang",
    "target",
    "htmlFor",
];

/// Literals that look like words to the reading above but are not words a patient reads, by
/// file and exact text, each with why. Add one only if that is true; a sentence a patient reads
/// belongs in the core's catalogue.
const NOT_PATIENT_WORDS: &[(&str, &str, &str)] = &[
    ("web/src/worker/photos.ts", "28px sans-serif", "a canvas font (the comparison's date stamp)"),
    (
        "web/src/ui/context.ts",
        "useApp outside the app",
        "a programming error's message, never drawn",
    ),
    (
        "cli/src/args.rs",
        "Microneedling aftercare companion (terminal shell)",
        "clap's `--help`, English like the flags it documents (i18n/terminal.rs)",
    ),
    (
        "cli/src/lib.rs",
        "afterglow: error: {error:#}",
        "the Unix `program: error:` prefix to a message the catalogue words",
    ),
    (
        "cli/src/shell.rs",
        "{name} must be a number of milliseconds",
        "a test-only environment variable's value (AFTERGLOW_CLINIC_TIMEOUT_MS)",
    ),
    (
        "web/src/ui/App.tsx",
        "Afterglow",
        "the product's name in the header, the same in every language",
    ),
    ("web/src/ui/App.tsx", "Today", "a `Place` kind: the id of the tab shown first, never drawn"),
    ("web/src/ui/Journal.tsx", "thumb selected", "two CSS class names"),
    ("web/src/ui/Exports.tsx", "Photos", "a type name for the wasm's JSON reader"),
    (
        "web/src/ui/Onboarding.tsx",
        "Face",
        "a `TreatedArea` kind (the area ticked at first); drawn by its `AreaChoice` label",
    ),
    (
        "iOS/Afterglow/Platform/DataDirectory.swift",
        "Afterglow",
        "the data folder's name, never shown",
    ),
    (
        "iOS/Afterglow/Platform/KeychainSecretStore.swift",
        "OSStatus \\(status): \\(message)",
        "the Keychain's own error, the detail inside the core's sentence (`ClinicReason::SecretStore`)",
    ),
    (
        "iOS/Afterglow/Platform/KeychainSecretStore.swift",
        "status \\(status)",
        "the Keychain's status code when it has no message, as above",
    ),
    (
        "Android/app/src/main/java/app/afterglow/android/secrets/KeystoreSecretStore.kt",
        "rename failed",
        "the platform detail of an IOException, inside the core's sentence (`ClinicReason::SecretStore`)",
    ),
    (
        "Android/app/src/main/java/app/afterglow/android/secrets/KeystoreSecretStore.kt",
        "File.delete: false",
        "the platform call that failed, inside the core's sentence",
    ),
    (
        "cli/src/commands/sharing.rs",
        "{}\\n{}: afterglow clinic unlink\\n{}: afterglow clinic unlink --here-only\\n{}",
        "a command the patient types, the same in every language; the core words the line around it",
    ),
    (
        "cli/src/commands/sharing.rs",
        "afterglow clinic link --server URL --code CODE",
        "a command the patient types, the same in every language; the core words the line around it",
    ),
    (
        "cli/src/commands/sharing.rs",
        "afterglow sync",
        "a command the patient types, the same in every language; the core words the line around it",
    ),
    (
        "cli/src/commands/checkin.rs",
        "{}: afterglow share --checkin {id}\\n",
        "a command the patient types, the same in every language; the core words the line around it",
    ),
];

fn not_patient_words(file: &str, literal: &str) -> bool {
    NOT_PATIENT_WORDS.iter().any(|(f, l, _)| *f == file && *l == literal)
}

pub fn run(update: bool) -> anyhow::Result<()> {
    let root = root();
    let mut counts = BTreeMap::new();
    for (dir, extension) in SOURCES {
        for file in files_with_extension(&root.join(dir), extension)? {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("reading {}", file.display()))?;
            let name = file.strip_prefix(&root)?.to_string_lossy().into_owned();
            let found: Vec<_> = words(&text, *extension == "tsx")
                .into_iter()
                .filter(|(_, literal)| !not_patient_words(&name, literal))
                .collect();
            if !found.is_empty() {
                counts.insert(name, found);
            }
        }
    }
    let total: usize = counts.values().map(Vec::len).sum();
    let baseline_path = root.join(BASELINE);
    if update {
        let lines: String = counts.iter().map(|(f, w)| format!("{} {f}\n", w.len())).collect();
        std::fs::write(&baseline_path, lines)?;
        println!("shell words: {total} left, baseline written to {BASELINE}");
        return Ok(());
    }
    let baseline = read_baseline(&baseline_path)?;
    let mut problems = Vec::new();
    for (file, found) in &counts {
        let allowed = baseline.get(file).copied().unwrap_or(0);
        if found.len() > allowed {
            let list: Vec<String> =
                found.iter().map(|(line, w)| format!("  {line}: {w}")).collect();
            problems.push(format!(
                "{file}: {} patient words, the baseline allows {allowed}; put new words in the core's view model:\n{}",
                found.len(),
                list.join("\n")
            ));
        } else if found.len() < allowed {
            problems.push(format!(
                "{file}: {} patient words, fewer than the baseline's {allowed}: lower it with `cargo xtask shell-words --update`",
                found.len()
            ));
        }
    }
    for (file, allowed) in &baseline {
        if !counts.contains_key(file) {
            problems.push(format!(
                "{file}: no patient words left (baseline {allowed}): `cargo xtask shell-words --update`"
            ));
        }
    }
    if !problems.is_empty() {
        bail!("shell words:\n{}", problems.join("\n"));
    }
    println!("shell words: {total} left in {} files, as the baseline says", counts.len());
    Ok(())
}

fn read_baseline(path: &Path) -> anyhow::Result<BTreeMap<String, usize>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {BASELINE}"))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let (count, file) = line
                .split_once(' ')
                .with_context(|| format!("{BASELINE}: `{line}` is not `<count> <file>`"))?;
            Ok((file.to_owned(), count.parse().with_context(|| format!("{BASELINE}: `{line}`"))?))
        })
        .collect()
}

/// The patient words in one file, with their line numbers.
pub fn words(source: &str, tsx: bool) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let trimmed = line.trim_start();
        if ["import ", "package ", "//", "*", "/*"].iter().any(|p| trimmed.starts_with(p)) {
            continue;
        }
        for (start, literal) in literals(line) {
            let before = line.get(..start).unwrap_or_default().trim_end();
            if !silent_position(before, tsx) && readable(&without_interpolations(&literal)) {
                found.push((index + 1, literal));
            }
        }
        if tsx {
            found.extend(jsx_text(line).into_iter().map(|t| (index + 1, t)));
        }
    }
    found
}

/// Each double-quoted literal on the line with the byte offset of its opening quote.
fn literals(line: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut chars = line.char_indices();
    while let Some((start, c)) = chars.next() {
        if c != '"' {
            continue;
        }
        let mut text = String::new();
        let mut closed = false;
        while let Some((_, c)) = chars.next() {
            match c {
                '\\' => {
                    text.push(c);
                    if let Some((_, escaped)) = chars.next() {
                        text.push(escaped);
                    }
                }
                '"' => {
                    closed = true;
                    break;
                }
                _ => text.push(c),
            }
        }
        if closed {
            out.push((start, text));
        }
    }
    out
}

fn silent_position(before: &str, tsx: bool) -> bool {
    let compared = ["===", "!==", "==", "!=", "case"].iter().any(|op| before.ends_with(op));
    let attribute = tsx
        && before.strip_suffix('=').is_some_and(|b| {
            SILENT_ATTRIBUTES.iter().any(|a| b.ends_with(a)) || b.ends_with("testid")
        });
    compared || attribute
}

/// The literal without Kotlin's `$name` and `${…}`, Swift's `\(…)` and Rust's `{name:fmt}`:
/// what they put in is the view's data, already in the patient's language.
fn without_interpolations(literal: &str) -> String {
    let mut out = String::with_capacity(literal.len());
    let mut chars = literal.chars().peekable();
    while let Some(c) = chars.next() {
        let opening = match (c, chars.peek()) {
            ('$', Some('{')) | ('\\', Some('(')) => chars.next(),
            // Rust's format arguments: `{}`, `{name}`, `{:<4}`, `{other:?}`; `{{` is a brace.
            ('{', Some(n)) if *n != '{' => Some('{'),
            ('$', Some(n)) if n.is_ascii_alphabetic() || *n == '_' => {
                while chars.peek().is_some_and(|n| n.is_ascii_alphanumeric() || *n == '_') {
                    chars.next();
                }
                continue;
            }
            _ => None,
        };
        let Some(opening) = opening else {
            out.push(c);
            continue;
        };
        let closing = if opening == '{' { '}' } else { ')' };
        let mut depth = 1;
        for n in chars.by_ref() {
            if n == opening {
                depth += 1;
            } else if n == closing {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
        }
    }
    out
}

fn has_word(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| w.iter().all(u8::is_ascii_alphabetic))
}

fn readable(text: &str) -> bool {
    if !has_word(text) || (text.contains('/') && !text.contains(' ')) {
        return false;
    }
    if text.contains(' ') {
        return true;
    }
    // One capitalised word, perhaps with a hyphen or closing punctuation: "Done", "Check-in".
    let word = text.trim_end_matches(['.', '…', '!', '?', ':']);
    let mut chars = word.chars();
    chars.next().is_some_and(|c| c.is_ascii_uppercase())
        && chars.clone().count() > 0
        && chars.all(|c| c.is_ascii_lowercase() || c == '-')
}

/// Text between a `>` and the next `<` that reads as words, not as code (TypeScript generics
/// such as `Promise<void>; next: () => …` have brackets and punctuation a sentence lacks).
fn jsx_text(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(open) = rest.find('>') {
        let after = rest.get(open + 1..).unwrap_or_default();
        // An arrow's `>` opens no text.
        if rest.get(..open).is_some_and(|b| b.ends_with('=')) {
            rest = after;
            continue;
        }
        let Some(close) = after.find('<') else { break };
        let text = after.get(..close).unwrap_or_default().trim();
        let code = text.contains([';', '(', ')', '{', '}', '=', '&', '|']);
        if has_word(text) && !code {
            out.push(text.to_owned());
        }
        rest = after.get(close..).unwrap_or_default();
    }
    out
}

#[cfg(test)]
#[path = "shell_words_tests.rs"]
mod tests;
