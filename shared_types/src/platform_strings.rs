//! `cargo run -p shared_types -- platform-strings <repo-root>`: the core's catalogue of the words
//! the operating system shows for the app (`shared::i18n::platform`), written into the
//! platforms' own string files, one per language: iOS `*.lproj/InfoPlist.strings` (permission
//! prompts) and Android `values*/strings.xml` (the notification channel). `iOS/project.yml`
//! keeps the English usage descriptions as Info.plist's own values (iOS needs the keys there);
//! they are rewritten too. The test below fails when a committed file is not what this writes.

use std::path::Path;

use anyhow::{Context, bail};
use shared::i18n::Language;
use shared::i18n::platform::PlatformWords;

const HEADER: &str = "Written by `cargo run -p shared_types -- platform-strings .` from the \
                      core's catalogue (shared/src/i18n/platform.rs); edit the words there.";
const PROJECT_YML: &str = "iOS/project.yml";

/// The Info.plist key of each usage description.
fn usage_descriptions(words: &PlatformWords) -> [(&'static str, &'static str); 3] {
    [
        ("NSCameraUsageDescription", words.camera_usage),
        ("NSPhotoLibraryUsageDescription", words.photo_library_usage),
        ("NSFaceIDUsageDescription", words.face_id_usage),
    ]
}

pub fn write(root: &Path) -> anyhow::Result<()> {
    for (path, text) in files(root)? {
        let path = root.join(path);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, text).with_context(|| format!("writing {}", path.display()))?;
        println!("wrote {}", path.display());
    }
    Ok(())
}

/// Every file, by path from the repository root, with the text it should have.
fn files(root: &Path) -> anyhow::Result<Vec<(String, String)>> {
    let mut files = Vec::new();
    for language in Language::ALL {
        let words = language.platform_words();
        let tag = language.tag();
        files.push((
            format!("iOS/Afterglow/{tag}.lproj/InfoPlist.strings"),
            info_plist_strings(words),
        ));
        let values =
            if language == Language::En { "values".to_owned() } else { format!("values-{tag}") };
        files.push((
            format!("Android/app/src/main/res/{values}/strings.xml"),
            android_strings(words, language == Language::En),
        ));
    }
    let yml = std::fs::read_to_string(root.join(PROJECT_YML))
        .with_context(|| format!("reading {PROJECT_YML}"))?;
    files.push((PROJECT_YML.to_owned(), with_english_usage(&yml)?));
    Ok(files)
}

fn info_plist_strings(words: &PlatformWords) -> String {
    let quote = |text: &str| text.replace('\\', "\\\\").replace('"', "\\\"");
    let mut out = format!("/* {HEADER} */\n");
    for (key, text) in usage_descriptions(words) {
        out.push_str(&format!("\"{key}\" = \"{}\";\n", quote(text)));
    }
    out
}

/// Android's string resources; the app's name (a brand, not translated) only in the default.
fn android_strings(words: &PlatformWords, default: bool) -> String {
    // aapt reads `'` and `"` as syntax and `@`/`?` at the start as references: escape them.
    let escape = |text: &str| {
        let text = text
            .replace('\\', "\\\\")
            .replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('\'', "\\'")
            .replace('"', "\\\"");
        if text.starts_with(['@', '?']) { format!("\\{text}") } else { text }
    };
    let mut out =
        format!("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!-- {HEADER} -->\n<resources>\n");
    if default {
        out.push_str("    <string name=\"app_name\" translatable=\"false\">Afterglow</string>\n");
    }
    for (name, text) in [
        ("reminder_channel_name", words.reminder_channel_name),
        ("reminder_channel_description", words.reminder_channel_description),
    ] {
        out.push_str(&format!("    <string name=\"{name}\">{}</string>\n", escape(text)));
    }
    out.push_str("</resources>\n");
    out
}

/// `project.yml` with each usage description's value set to the English catalogue's words.
fn with_english_usage(yml: &str) -> anyhow::Result<String> {
    let words = Language::En.platform_words();
    let mut out = String::with_capacity(yml.len());
    let mut replaced = 0;
    for line in yml.split_inclusive('\n') {
        let key = line.trim_start().split(':').next().unwrap_or_default();
        match usage_descriptions(words).iter().find(|(k, _)| *k == key) {
            Some((key, text)) => {
                let indent = &line[..line.len() - line.trim_start().len()];
                let text = text.replace('\\', "\\\\").replace('"', "\\\"");
                out.push_str(&format!("{indent}{key}: \"{text}\"\n"));
                replaced += 1;
            }
            None => out.push_str(line),
        }
    }
    if replaced != usage_descriptions(words).len() {
        bail!("{PROJECT_YML}: expected each usage description key once, found {replaced}");
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn root() -> &'static Path {
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
    }

    #[test]
    fn the_committed_platform_string_files_are_the_catalogues_words() {
        for (path, expected) in files(root()).unwrap() {
            let committed = std::fs::read_to_string(root().join(&path)).unwrap_or_default();
            assert!(
                committed == expected,
                "{path} is not what the catalogue says: run `cargo run -p shared_types -- platform-strings .`"
            );
        }
    }

    #[test]
    fn quotes_and_markup_in_a_word_are_escaped_for_each_format() {
        let words = PlatformWords {
            camera_usage: "the \"camera\" \\ here",
            photo_library_usage: "",
            face_id_usage: "",
            reminder_channel_name: "@clinic's <b> & \"more\"",
            reminder_channel_description: "",
        };
        assert!(
            info_plist_strings(&words)
                .contains(r#""NSCameraUsageDescription" = "the \"camera\" \\ here";"#)
        );
        let xml = android_strings(&words, false);
        assert!(xml.contains(r#">\@clinic\'s &lt;b> &amp; \"more\"</string>"#), "{xml}");
        assert!(!xml.contains("app_name"));
    }

    #[test]
    fn the_spanish_files_carry_the_spanish_words() {
        let files = files(root()).unwrap();
        let ios = &files.iter().find(|(p, _)| p.contains("es.lproj")).unwrap().1;
        assert!(ios.contains(Language::Es.platform_words().camera_usage));
        let android = &files.iter().find(|(p, _)| p.contains("values-es")).unwrap().1;
        assert!(android.contains("Recordatorios de cuidados"));
    }
}
