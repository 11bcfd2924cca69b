//! Precompressed copies of the built web app: `<file>.br` (brotli, quality 11) and `<file>.gz`
//! (gzip, level 9) beside each text or wasm asset in `web/dist`, so the clinic server sends the
//! smallest encoding the browser accepts without compressing per request.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;

/// Extensions worth compressing; images (PNG) are compressed already.
const COMPRESSIBLE: &[&str] =
    &["html", "js", "mjs", "css", "wasm", "json", "webmanifest", "svg", "txt"];

/// One asset's size raw, gzip and brotli (bytes).
pub struct Sizes {
    pub path: String,
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

fn files(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            files(&path, out)?;
        } else {
            out.push(path);
        }
    }
    Ok(())
}

fn brotli(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, lgwin: 24, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
    Ok(out)
}

fn gzip(bytes: &[u8]) -> anyhow::Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// Writes `.br` and `.gz` beside every compressible file under `dist` (a variant that would not
/// be smaller is not written: the server then sends the file as it is). Returns the sizes.
pub fn precompress(dist: &Path) -> anyhow::Result<Vec<Sizes>> {
    let mut all = Vec::new();
    files(dist, &mut all).with_context(|| format!("listing {}", dist.display()))?;
    all.sort();
    let mut sizes = Vec::new();
    for path in all {
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or_default();
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let raw = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        let variant = |suffix: &str, bytes: Vec<u8>| -> anyhow::Result<usize> {
            let mut name = path.clone().into_os_string();
            name.push(suffix);
            if bytes.len() < raw.len() {
                std::fs::write(&name, &bytes)?;
                Ok(bytes.len())
            } else {
                Ok(raw.len())
            }
        };
        let brotli = variant(".br", brotli(&raw)?)?;
        let gzip = variant(".gz", gzip(&raw)?)?;
        let rel = path.strip_prefix(dist).unwrap_or(&path).to_string_lossy().into_owned();
        sizes.push(Sizes { path: rel, raw: raw.len(), gzip, brotli });
    }
    Ok(sizes)
}

/// The table `cargo xtask web-build` prints (and web/README.md quotes).
pub fn table(sizes: &[Sizes]) -> String {
    let mut out = format!("{:<48} {:>10} {:>10} {:>10}\n", "asset", "raw", "gzip", "brotli");
    let (mut raw, mut gz, mut br) = (0, 0, 0);
    for s in sizes {
        out.push_str(&format!("{:<48} {:>10} {:>10} {:>10}\n", s.path, s.raw, s.gzip, s.brotli));
        raw += s.raw;
        gz += s.gzip;
        br += s.brotli;
    }
    out.push_str(&format!("{:<48} {raw:>10} {gz:>10} {br:>10}\n", "total"));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_decode_to_the_original() {
        let text = "Afterglow ".repeat(500).into_bytes();
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &brotli(&text).unwrap()[..], &mut back).unwrap();
        assert_eq!(back, text);
        let mut back = Vec::new();
        std::io::Read::read_to_end(
            &mut flate2::read::GzDecoder::new(&gzip(&text).unwrap()[..]),
            &mut back,
        )
        .unwrap();
        assert_eq!(back, text);
    }
}
