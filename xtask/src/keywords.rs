//! Names in generated Swift and Kotlin that are the language's keywords. Neither generator (the
//! Crux type generator, uniffi) escapes every position, and a keyword there is a compile error
//! on a Mac or in Android Studio: `case import(photoImport:)` from `PhotoOperation::Import` was
//! one. Checked here, before any compiler, with the file and line.
//!
//! Covered: type names, properties (`var`/`let`/`val`), enum cases, their associated-value
//! labels, and function and initialiser parameter names and labels. A name in backticks is
//! escaped and fine. Swift accepts most keywords as argument labels, but generated initialisers
//! then assign `self.x = x` unescaped, so every keyword is refused in every position.

use std::path::Path;

use crate::tools::files_with_extension;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Language {
    Swift,
    Kotlin,
}

const SWIFT: &[&str] = &[
    "associatedtype",
    "class",
    "deinit",
    "enum",
    "extension",
    "fileprivate",
    "func",
    "import",
    "init",
    "inout",
    "internal",
    "let",
    "open",
    "operator",
    "private",
    "precedencegroup",
    "protocol",
    "public",
    "rethrows",
    "static",
    "struct",
    "subscript",
    "typealias",
    "var",
    "break",
    "case",
    "catch",
    "continue",
    "default",
    "defer",
    "do",
    "else",
    "fallthrough",
    "for",
    "guard",
    "if",
    "in",
    "repeat",
    "return",
    "throw",
    "switch",
    "where",
    "while",
    "as",
    "false",
    "is",
    "nil",
    "self",
    "Self",
    "super",
    "throws",
    "true",
    "try",
    "Any",
];

/// Kotlin's hard keywords (soft ones such as `import` or `value` are valid names).
const KOTLIN: &[&str] = &[
    "as",
    "break",
    "class",
    "continue",
    "do",
    "else",
    "false",
    "for",
    "fun",
    "if",
    "in",
    "interface",
    "is",
    "null",
    "object",
    "package",
    "return",
    "super",
    "this",
    "throw",
    "true",
    "try",
    "typealias",
    "typeof",
    "val",
    "var",
    "when",
    "while",
];

/// Every keyword declared as a name in the `.swift` or `.kt` files under `dir`, as
/// `file:line: name`.
pub fn in_dir(dir: &Path, language: Language) -> anyhow::Result<Vec<String>> {
    let extension = if language == Language::Swift { "swift" } else { "kt" };
    let mut found = Vec::new();
    for file in files_with_extension(dir, extension)? {
        let text = std::fs::read_to_string(&file)?;
        found.extend(
            declared_keywords(&text, language)
                .into_iter()
                .map(|(line, name)| format!("{}:{line}: {name}", file.display())),
        );
    }
    Ok(found)
}

/// (line number, name) of each keyword declared as a name in `source`.
pub fn declared_keywords(source: &str, language: Language) -> Vec<(usize, String)> {
    let keywords = if language == Language::Swift { SWIFT } else { KOTLIN };
    let mut found = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("").trim();
        if code.starts_with('*') || code.starts_with("/*") {
            continue;
        }
        for name in declared_names(code, language) {
            if keywords.contains(&name.as_str()) {
                found.push((index + 1, name));
            }
        }
    }
    found
}

/// The names a line declares (unescaped ones only: a backticked name is never returned).
fn declared_names(code: &str, language: Language) -> Vec<String> {
    // `CoreFailure::class` is a class literal, not a declaration.
    let code = &code.replace("::class", "");
    let tokens = tokens(code);
    let mut names = Vec::new();
    let introducers: &[&str] = match language {
        Language::Swift => &["var", "let", "struct", "enum", "class", "protocol", "typealias"],
        Language::Kotlin => &["val", "var", "class", "object", "interface", "typealias"],
    };
    for pair in tokens.windows(2) {
        if introducers.contains(&pair[0]) && is_identifier(pair[1]) {
            names.push(pair[1]);
        }
    }
    // Swift enum cases (not `case .x:` patterns in a switch, which end with a colon).
    if language == Language::Swift
        && let Some(rest) =
            code.strip_prefix("case ").or_else(|| code.strip_prefix("indirect case "))
        && !code.ends_with(':')
    {
        for element in top_level(rest, ',') {
            let element = element.trim();
            let (name, params) = element.split_once('(').unwrap_or((element, ""));
            if is_identifier(name.trim()) {
                names.push(name.trim());
            }
            names.extend(parameter_names(params));
        }
    }
    // Parameters of functions and initialisers (and Kotlin primary constructors): the list
    // after the opener, not an annotation's (`@Throws(CoreFailure::class) fun f(...)`).
    let openers: &[&str] = match language {
        Language::Swift => &["func", "init"],
        Language::Kotlin => &["fun", "class", "constructor"],
    };
    if let Some(at) = openers.iter().filter_map(|opener| word_at(code, opener)).min()
        && let Some(open) = code[at..].find('(')
    {
        names.extend(parameter_names(&code[at + open + 1..]));
    }
    // `data class A(val x: T)` finds `x` twice (after `val` and as a parameter).
    let mut seen = Vec::new();
    names.retain(|name| {
        let first = !seen.contains(name);
        seen.push(name);
        first
    });
    names.into_iter().map(str::to_owned).collect()
}

/// Label and name of each parameter in a list that starts after its `(`: `a b: T`, `a: T`,
/// Kotlin `val a: T`. Stops at the list's closing parenthesis.
fn parameter_names(list: &str) -> Vec<&str> {
    let mut depth = 0usize;
    let end = list
        .char_indices()
        .find(|&(_, c)| {
            match c {
                '(' | '[' | '<' => depth += 1,
                ')' | ']' | '>' if depth > 0 => depth -= 1,
                ')' => return true,
                _ => {}
            }
            false
        })
        .map_or(list.len(), |(at, _)| at);
    top_level(&list[..end], ',')
        .into_iter()
        .filter_map(|param| param.split_once(':').map(|(names, _)| names))
        .flat_map(|names| names.split_whitespace().filter(|n| is_identifier(n)))
        .filter(|n| !matches!(*n, "val" | "var" | "_" | "inout" | "override" | "private"))
        .collect()
}

/// `text` split at `separator` where no bracket is open.
fn top_level(text: &str, separator: char) -> Vec<&str> {
    let mut parts = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (at, c) in text.char_indices() {
        match c {
            '(' | '[' | '<' | '{' => depth += 1,
            ')' | ']' | '>' | '}' => depth = depth.saturating_sub(1),
            c if c == separator && depth == 0 => {
                parts.push(&text[start..at]);
                start = at + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// Where `word` first appears as a whole word in `code`.
fn word_at(code: &str, word: &str) -> Option<usize> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '`';
    code.match_indices(word).map(|(at, _)| at).find(|&at| {
        !code[..at].ends_with(is_ident) && !code[at + word.len()..].starts_with(is_ident)
    })
}

/// Words and backticked words (kept with their backticks, so they are never keywords).
fn tokens(code: &str) -> Vec<&str> {
    code.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '`'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn is_identifier(name: &str) -> bool {
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
#[path = "keywords_tests.rs"]
mod tests;
