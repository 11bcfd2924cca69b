//! The Swift side, checked without a Swift compiler (fast, and on machines without root; the
//! compiler runs in `swift_root`): the generated C header must compile and declare exactly the
//! functions the library exports, the module names the Swift code imports must be the ones the
//! module map and Package.swift declare, and no generated name may be a Swift keyword.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use anyhow::{Context, bail};

use crate::keywords::{self, Language};
use crate::tools::{path_str, run_tool, target_dir};

/// The uniffi module name (`uniffi.toml`) and its C module.
const MODULE: &str = "AfterglowCore";
const FFI_MODULE: &str = "AfterglowCoreFFI";

/// `swift` is a `cargo xtask generate swift` output folder; `library` the library it came from.
pub fn check(swift: &Path, library: &Path) -> anyhow::Result<()> {
    let bindings = swift.join("bindings");
    let header = bindings.join(format!("{FFI_MODULE}.h"));
    compile_header(&header)?;

    let declared = ffi_functions(&std::fs::read_to_string(&header)?);
    let exported = exported_functions(library)?;
    if declared.is_empty() || declared != exported {
        let missing: Vec<_> = declared.difference(&exported).collect();
        let extra: Vec<_> = exported.difference(&declared).collect();
        bail!(
            "{} does not match {}: declared but not exported {missing:?}, exported but not declared {extra:?}",
            header.display(),
            library.display()
        );
    }

    let modulemap = std::fs::read_to_string(bindings.join(format!("{FFI_MODULE}.modulemap")))?;
    if !modulemap.contains(&format!("module {FFI_MODULE}")) {
        bail!("the module map does not declare module {FFI_MODULE}");
    }
    let swift_source = std::fs::read_to_string(bindings.join(format!("{MODULE}.swift")))?;
    if !swift_source.contains(&format!("import {FFI_MODULE}")) {
        bail!("{MODULE}.swift does not import {FFI_MODULE}");
    }
    for api in ["open class CoreFfi", "public protocol CruxShell", "public enum CoreFailure"] {
        if !swift_source.contains(api) {
            bail!("{MODULE}.swift lacks `{api}`");
        }
    }
    let types = swift.join("types/SharedTypes");
    let package = std::fs::read_to_string(types.join("Package.swift"))
        .with_context(|| format!("no Package.swift in {}", types.display()))?;
    if !package.contains("\"SharedTypes\"") {
        bail!("the generated types package is not named SharedTypes");
    }
    let mut clashes = keywords::in_dir(&types, Language::Swift)?;
    clashes.extend(keywords::in_dir(&bindings, Language::Swift)?);
    if !clashes.is_empty() {
        bail!(
            "the generated Swift declares names that are Swift keywords (the generators do not \
             escape them; Swift will not compile them):\n  {}\nRename the Rust field or variant.",
            clashes.join("\n  ")
        );
    }
    println!(
        "swift: {} FFI functions declared = exported; header compiles as C; module names agree",
        declared.len()
    );
    Ok(())
}

/// Compiles the header as C (clang's nullability keywords blanked: gcc does not know them).
fn compile_header(header: &Path) -> anyhow::Result<()> {
    let dir = target_dir().join("swift-check");
    std::fs::create_dir_all(&dir)?;
    let source = dir.join("header.c");
    std::fs::write(
        &source,
        format!("#include \"{}\"\nint main(void) {{ return 0; }}\n", path_str(header)?),
    )?;
    run_tool(
        Command::new("cc")
            .args(["-std=c11", "-Wall", "-Werror", "-fsyntax-only", "-D_Nonnull=", "-D_Nullable="])
            .arg(&source),
    )
    .context("the generated Swift FFI header does not compile as C")
}

/// The uniffi functions a header declares (`uniffi_afterglow_*` and `ffi_afterglow_*`).
fn ffi_functions(header: &str) -> BTreeSet<String> {
    identifiers(header)
        .filter(|(name, next)| is_ffi_name(name) && *next == Some('('))
        .map(|(name, _)| name.to_owned())
        .collect()
}

/// The uniffi functions the library exports (its dynamic symbol table).
fn exported_functions(library: &Path) -> anyhow::Result<BTreeSet<String>> {
    let out = Command::new("nm")
        .args(["-D", "--defined-only", "--format=just-symbols"])
        .arg(library)
        .output()
        .context("running nm")?;
    if !out.status.success() {
        bail!("nm {} failed", library.display());
    }
    Ok(String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::trim)
        .filter(|name| is_ffi_name(name))
        .map(str::to_owned)
        .collect())
}

fn is_ffi_name(name: &str) -> bool {
    name.starts_with("uniffi_afterglow_") || name.starts_with("ffi_afterglow_")
}

/// Each C identifier in `text` with the next non-space character after it.
fn identifiers(text: &str) -> impl Iterator<Item = (&str, Option<char>)> {
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = rest.find(|c: char| c.is_ascii_alphabetic() || c == '_')?;
        let tail = &rest[start..];
        let end = tail.find(|c: char| !is_ident(c)).unwrap_or(tail.len());
        let (name, after) = tail.split_at(end);
        rest = after;
        Some((name, after.trim_start().chars().next()))
    })
}

#[cfg(test)]
mod tests {
    use super::ffi_functions;

    #[test]
    fn declarations_are_found_and_guards_are_not() {
        let header = "#ifndef UNIFFI_FFIDEF_UNIFFI_AFTERGLOW_FN_X\n\
            RustBuffer uniffi_afterglow_fn_method_coreffi_update(void*_Nonnull ptr,\n\
            RustCallStatus *_Nonnull out_status\n);\n\
            uint32_t ffi_afterglow_uniffi_contract_version (void);\n\
            typedef void (*UniffiCallbackInterfaceCruxShellMethod0)(uint64_t);\n";
        let found: Vec<String> = ffi_functions(header).into_iter().collect();
        assert_eq!(
            found,
            vec![
                "ffi_afterglow_uniffi_contract_version",
                "uniffi_afterglow_fn_method_coreffi_update"
            ]
        );
    }
}
