//! `cargo xtask app-icon`: the app icon, drawn once and written for both platforms.
//!
//! The drawing (a sun above a horizon on a peach-to-rose sky) is defined here in the 108-unit
//! square of an Android adaptive icon. Android gets it as vector drawables (background,
//! foreground and a monochrome layer for themed icons); iOS gets the 72-unit middle that an
//! adaptive icon shows, rendered to the 1024-pixel PNG of the App Store icon (RGB: Apple refuses
//! an alpha channel there). `cargo xtask audit` fails when a committed file differs from what
//! this writes, so the icon changes here or not at all.

use std::path::Path;

use anyhow::Context;

const ANDROID_RES: &str = "Android/app/src/main/res";
const IOS_ICON_SET: &str = "iOS/Afterglow/Assets.xcassets/AppIcon.appiconset";
const IOS_PNG: &str = "AppIcon-1024.png";
const IOS_PIXELS: u32 = 1024;

/// An sRGB colour.
#[derive(Clone, Copy)]
struct Rgb(u8, u8, u8);

const SKY_TOP: Rgb = Rgb(0xFC, 0xD9, 0xBF);
const SKY_BOTTOM: Rgb = Rgb(0xE8, 0x85, 0x7A);
const LIGHT: Rgb = Rgb(0xFF, 0xF7, 0xEC);
/// The glow around the sun: this colour at `GLOW_CENTRE_ALPHA`, fading to nothing at its edge.
const GLOW: Rgb = Rgb(0xFF, 0xF1, 0xDC);
const GLOW_CENTRE_ALPHA: f64 = 0.55;

/// The sun and its glow (centre x, centre y, radius), in the 108-unit square.
const SUN: (f64, f64, f64) = (54.0, 50.0, 15.0);
const GLOW_RADIUS: f64 = 30.0;
/// The horizon: a pill from x0 to x1 between y0 and y1.
const HORIZON: (f64, f64, f64, f64) = (30.0, 78.0, 66.0, 70.0);
/// The part of the 108-unit square an adaptive icon shows (its middle 72 units).
const VISIBLE: (f64, f64) = (18.0, 90.0);

pub fn run() -> anyhow::Result<()> {
    for (path, bytes) in files()? {
        if let Some(dir) = Path::new(&path).parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, bytes).with_context(|| format!("writing {path}"))?;
        println!("wrote {path}");
    }
    Ok(())
}

/// The committed files that differ from what `run` would write (the audit's check).
pub fn stale() -> anyhow::Result<Vec<String>> {
    Ok(files()?
        .into_iter()
        .filter(|(path, bytes)| std::fs::read(path).ok().as_deref() != Some(bytes.as_slice()))
        .map(|(path, _)| path)
        .collect())
}

/// Every icon file, by path from the repository root.
fn files() -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let res = |name: &str| format!("{ANDROID_RES}/{name}");
    Ok(vec![
        (res("mipmap-anydpi-v26/ic_launcher.xml"), ADAPTIVE_ICON.as_bytes().to_vec()),
        (res("drawable/ic_launcher_background.xml"), android_background().into_bytes()),
        (res("drawable/ic_launcher_foreground.xml"), android_foreground(true).into_bytes()),
        (res("drawable/ic_launcher_monochrome.xml"), android_foreground(false).into_bytes()),
        (format!("{IOS_ICON_SET}/Contents.json"), IOS_CONTENTS.as_bytes().to_vec()),
        (format!("{IOS_ICON_SET}/{IOS_PNG}"), ios_png()?),
        (
            "iOS/Afterglow/Assets.xcassets/Contents.json".into(),
            CATALOG_CONTENTS.as_bytes().to_vec(),
        ),
    ])
}

const ADAPTIVE_ICON: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<!-- Written by `cargo xtask app-icon` (xtask/src/app_icon.rs); edit the drawing there. -->
<adaptive-icon xmlns:android="http://schemas.android.com/apk/res/android">
    <background android:drawable="@drawable/ic_launcher_background" />
    <foreground android:drawable="@drawable/ic_launcher_foreground" />
    <monochrome android:drawable="@drawable/ic_launcher_monochrome" />
</adaptive-icon>
"#;

const IOS_CONTENTS: &str = r#"{
  "images" : [
    {
      "filename" : "AppIcon-1024.png",
      "idiom" : "universal",
      "platform" : "ios",
      "size" : "1024x1024"
    }
  ],
  "info" : {
    "author" : "xcode",
    "version" : 1
  }
}
"#;

const CATALOG_CONTENTS: &str = r#"{
  "info" : {
    "author" : "xcode",
    "version" : 1
  }
}
"#;

fn hex(Rgb(r, g, b): Rgb, alpha: f64) -> String {
    format!("#{:02X}{r:02X}{g:02X}{b:02X}", (alpha * 255.0).round() as u8)
}

fn vector(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="utf-8"?>
<!-- Written by `cargo xtask app-icon` (xtask/src/app_icon.rs); edit the drawing there. -->
<vector xmlns:android="http://schemas.android.com/apk/res/android"
    xmlns:aapt="http://schemas.android.com/aapt"
    android:width="108dp"
    android:height="108dp"
    android:viewportWidth="108"
    android:viewportHeight="108">
{body}</vector>
"#
    )
}

fn android_background() -> String {
    vector(&format!(
        r#"    <path android:pathData="M0,0h108v108h-108z">
        <aapt:attr name="android:fillColor">
            <gradient
                android:type="linear"
                android:startX="0"
                android:startY="0"
                android:endX="0"
                android:endY="108"
                android:startColor="{}"
                android:endColor="{}" />
        </aapt:attr>
    </path>
"#,
        hex(SKY_TOP, 1.0),
        hex(SKY_BOTTOM, 1.0)
    ))
}

fn circle_path(cx: f64, cy: f64, r: f64) -> String {
    format!("M{cx},{}a{r},{r} 0 1,1 0,{}a{r},{r} 0 1,1 0,-{}z", cy - r, 2.0 * r, 2.0 * r)
}

fn pill_path((x0, x1, y0, y1): (f64, f64, f64, f64)) -> String {
    let r = (y1 - y0) / 2.0;
    format!(
        "M{},{y0}h{}a{r},{r} 0 0,1 0,{}h-{}a{r},{r} 0 0,1 0,-{}z",
        x0 + r,
        x1 - x0 - 2.0 * r,
        2.0 * r,
        x1 - x0 - 2.0 * r,
        2.0 * r
    )
}

/// The sun and the horizon; in colour with the glow, or black only (the launcher tints a
/// monochrome layer).
fn android_foreground(colour: bool) -> String {
    let (cx, cy, r) = SUN;
    let fill = if colour { hex(LIGHT, 1.0) } else { "#FF000000".to_owned() };
    let glow = if colour {
        format!(
            r#"    <path android:pathData="{}">
        <aapt:attr name="android:fillColor">
            <gradient
                android:type="radial"
                android:centerX="{cx}"
                android:centerY="{cy}"
                android:gradientRadius="{GLOW_RADIUS}"
                android:startColor="{}"
                android:endColor="{}" />
        </aapt:attr>
    </path>
"#,
            circle_path(cx, cy, GLOW_RADIUS),
            hex(GLOW, GLOW_CENTRE_ALPHA),
            hex(GLOW, 0.0)
        )
    } else {
        String::new()
    };
    vector(&format!(
        r#"{glow}    <path android:fillColor="{fill}" android:pathData="{}" />
    <path android:fillColor="{fill}" android:pathData="{}" />
"#,
        circle_path(cx, cy, r),
        pill_path(HORIZON)
    ))
}

/// The colour at a point of the 108-unit square, each shape's edge anti-aliased over one pixel
/// (`pixel` units wide).
fn colour_at(x: f64, y: f64, pixel: f64) -> [f64; 3] {
    let mix = |a: [f64; 3], b: Rgb, t: f64| {
        let b = [f64::from(b.0), f64::from(b.1), f64::from(b.2)];
        [0, 1, 2].map(|i| a[i] + (b[i] - a[i]) * t.clamp(0.0, 1.0))
    };
    let top = [f64::from(SKY_TOP.0), f64::from(SKY_TOP.1), f64::from(SKY_TOP.2)];
    let mut c = mix(top, SKY_BOTTOM, y / 108.0);
    let (cx, cy, r) = SUN;
    let d = ((x - cx).powi(2) + (y - cy).powi(2)).sqrt();
    c = mix(c, GLOW, GLOW_CENTRE_ALPHA * (1.0 - d / GLOW_RADIUS).max(0.0));
    let coverage = |distance_outside: f64| 0.5 - distance_outside / pixel;
    c = mix(c, LIGHT, coverage(d - r));
    let (x0, x1, y0, y1) = HORIZON;
    let hr = (y1 - y0) / 2.0;
    let (px, py) = (x.clamp(x0 + hr, x1 - hr), (y0 + y1) / 2.0);
    let pill = ((x - px).powi(2) + (y - py).powi(2)).sqrt() - hr;
    mix(c, LIGHT, coverage(pill))
}

fn ios_png() -> anyhow::Result<Vec<u8>> {
    let (from, to) = VISIBLE;
    let pixel = (to - from) / f64::from(IOS_PIXELS);
    let mut rgb = Vec::with_capacity((IOS_PIXELS * IOS_PIXELS * 3) as usize);
    for row in 0..IOS_PIXELS {
        for column in 0..IOS_PIXELS {
            let x = from + (f64::from(column) + 0.5) * pixel;
            let y = from + (f64::from(row) + 0.5) * pixel;
            rgb.extend(colour_at(x, y, pixel).map(|v| v.round() as u8));
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, IOS_PIXELS, IOS_PIXELS);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::High);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgb)?;
    writer.finish()?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The App Store icon: 1024 × 1024, 8-bit RGB (an alpha channel is refused), and the sun's
    /// middle drawn in its light colour over the sky.
    #[test]
    fn the_ios_icon_is_an_opaque_1024_png_showing_the_sun() {
        let bytes = ios_png().unwrap();
        let decoder = png::Decoder::new(std::io::Cursor::new(bytes));
        let mut reader = decoder.read_info().unwrap();
        let info = reader.info();
        assert_eq!((info.width, info.height), (1024, 1024));
        assert_eq!((info.color_type, info.bit_depth), (png::ColorType::Rgb, png::BitDepth::Eight));
        let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
        reader.next_frame(&mut pixels).unwrap();
        let at = |x: f64, y: f64| {
            let to_px = |v: f64| ((v - VISIBLE.0) / (VISIBLE.1 - VISIBLE.0) * 1024.0) as usize;
            let i = (to_px(y) * 1024 + to_px(x)) * 3;
            (pixels[i], pixels[i + 1], pixels[i + 2])
        };
        assert_eq!(at(SUN.0, SUN.1), (LIGHT.0, LIGHT.1, LIGHT.2));
        assert_ne!(at(20.0, 20.0), (LIGHT.0, LIGHT.1, LIGHT.2));
    }

    #[test]
    fn every_android_drawable_names_the_file_that_writes_it() {
        for (path, bytes) in files().unwrap().iter().filter(|(p, _)| p.ends_with(".xml")) {
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(text.contains("cargo xtask app-icon"), "{path}");
        }
    }
}
