use super::{android_problems, ios_problems, privacy_problems};

const PRIVACY: &str = include_str!("../../iOS/Afterglow/PrivacyInfo.xcprivacy");

fn swift(text: &str) -> Vec<(String, String)> {
    vec![("Settings.swift".to_owned(), text.to_owned())]
}

#[test]
fn the_committed_privacy_manifest_declares_what_the_rust_library_uses() {
    assert_eq!(privacy_problems(PRIVACY, &swift("let x = 1")), Vec::<String>::new());
}

#[test]
fn a_category_the_swift_uses_but_the_manifest_lacks_is_named_with_its_file() {
    let problems =
        privacy_problems(PRIVACY, &swift("UserDefaults.standard.set(true, forKey: \"k\")"));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("NSPrivacyAccessedAPICategoryUserDefaults"), "{problems:?}");
    assert!(problems[0].contains("Settings.swift uses `UserDefaults`"), "{problems:?}");
}

#[test]
fn a_category_without_a_reason_or_only_in_a_comment_does_not_count() {
    let no_reason = PRIVACY.replace("<string>C617.1</string>", "");
    let problems = privacy_problems(&no_reason, &swift(""));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("FileTimestamp"), "{problems:?}");

    let commented = PRIVACY
        .replace("<dict>\n\t\t\t<key>NSPrivacyAccessedAPIType</key>", "<!-- <dict>")
        .replace("<string>35F9.1</string>", "<string>35F9.1</string> -->");
    assert!(!privacy_problems(&commented, &swift("")).is_empty());
}

#[test]
fn tracking_on_or_a_missing_manifest_is_a_problem() {
    let tracking = PRIVACY.replacen(
        "<key>NSPrivacyTracking</key>\n\t<false/>",
        "<key>NSPrivacyTracking</key>\n\t<true/>",
        1,
    );
    assert!(
        privacy_problems(&tracking, &swift("")).iter().any(|p| p.contains("NSPrivacyTracking"))
    );
    assert_eq!(privacy_problems("", &swift("")).len(), 1);
}

#[test]
fn the_plist_keys_the_stores_ask_for_are_checked() {
    let yml = "    info:\n      properties:\n        ITSAppUsesNonExemptEncryption: false\n\
               settings:\n  base:\n    ASSETCATALOG_COMPILER_APPICON_NAME: AppIcon\n";
    assert!(ios_problems(yml).is_empty());
    let problems = ios_problems("ITSAppUsesNonExemptEncryption: true\n");
    assert_eq!(problems.len(), 2, "{problems:?}");
}

#[test]
fn the_android_launcher_icon_must_be_named_on_the_application() {
    let with = "<manifest><application android:icon=\"@mipmap/ic_launcher\" android:label=\"x\"><activity android:icon=\"@mipmap/other\"/></application></manifest>";
    assert!(android_problems(with).is_empty());
    let on_activity_only = "<manifest><application android:label=\"x\"><activity android:icon=\"@mipmap/ic_launcher\"/></application></manifest>";
    assert_eq!(android_problems(on_activity_only).len(), 1);
}
