use super::{android_missing, ios_missing, without_comments};

const NETWORK_CALLBACK: &str = "import android.net.ConnectivityManager\n\
    fun start(c: Context) {\n\
        c.getSystemService(ConnectivityManager::class.java).registerDefaultNetworkCallback(cb)\n\
    }\n";

fn manifest(permissions: &[&str], receiver_actions: &[&str]) -> String {
    let uses: String = permissions
        .iter()
        .map(|p| format!("    <uses-permission android:name=\"android.permission.{p}\" />\n"))
        .collect();
    let actions: String = receiver_actions
        .iter()
        .map(|a| format!("            <action android:name=\"android.intent.action.{a}\" />\n"))
        .collect();
    format!(
        "<manifest>\n{uses}    <application>\n        <receiver android:name=\".R\">\n\
         <intent-filter>\n{actions}        </intent-filter></receiver>\n    </application>\n</manifest>\n"
    )
}

fn kotlin(text: &str) -> Vec<(String, String)> {
    vec![("ClinicSync.kt".to_owned(), without_comments(text))]
}

#[test]
fn a_network_callback_without_access_network_state_is_caught() {
    let missing = android_missing(&manifest(&["INTERNET"], &[]), &kotlin(NETWORK_CALLBACK));
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("ClinicSync.kt"), "{missing:?}");
    assert!(missing[0].contains("ACCESS_NETWORK_STATE"), "{missing:?}");

    let declared = manifest(&["ACCESS_NETWORK_STATE"], &[]);
    assert!(android_missing(&declared, &kotlin(NETWORK_CALLBACK)).is_empty());
}

#[test]
fn a_commented_out_permission_does_not_count() {
    let commented = manifest(&[], &[]).replace(
        "<manifest>\n",
        "<manifest>\n<!-- <uses-permission android:name=\"android.permission.ACCESS_NETWORK_STATE\" /> -->\n",
    );
    assert_eq!(android_missing(&commented, &kotlin(NETWORK_CALLBACK)).len(), 1);
}

#[test]
fn an_api_named_in_a_comment_is_not_a_use() {
    let text = "// registerDefaultNetworkCallback would need ACCESS_NETWORK_STATE\n\
        /* alarms.setExactAndAllowWhileIdle(...) */\nfun f() {}\n";
    assert!(android_missing(&manifest(&[], &[]), &kotlin(text)).is_empty());
}

#[test]
fn exact_alarms_accept_either_permission() {
    let text = "alarms.setExactAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, at, intent)";
    assert_eq!(android_missing(&manifest(&[], &[]), &kotlin(text)).len(), 1);
    assert!(android_missing(&manifest(&["USE_EXACT_ALARM"], &[]), &kotlin(text)).is_empty());
    assert!(android_missing(&manifest(&["SCHEDULE_EXACT_ALARM"], &[]), &kotlin(text)).is_empty());
}

#[test]
fn a_boot_receiver_needs_receive_boot_completed() {
    let missing = android_missing(&manifest(&[], &["BOOT_COMPLETED"]), &[]);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("RECEIVE_BOOT_COMPLETED"));
    let declared = manifest(&["RECEIVE_BOOT_COMPLETED"], &["BOOT_COMPLETED"]);
    assert!(android_missing(&declared, &[]).is_empty());
}

#[test]
fn notifications_and_the_camera_need_their_permissions() {
    let text = "import androidx.camera.core.Preview\n\
        NotificationManagerCompat.from(context).notify(id, notification)\n";
    let missing = android_missing(&manifest(&[], &[]), &kotlin(text));
    assert_eq!(missing.len(), 2, "{missing:?}");
    assert!(
        android_missing(&manifest(&["CAMERA", "POST_NOTIFICATIONS"], &[]), &kotlin(text))
            .is_empty()
    );
}

#[test]
fn the_camera_on_ios_needs_a_usage_description() {
    let swift = vec![("CameraPicker.swift".to_owned(), "picker.sourceType = .camera".to_owned())];
    let yml =
        "    info:\n      properties:\n        NSPhotoLibraryUsageDescription: \"Pick photos.\"\n";
    let missing = ios_missing(yml, &swift);
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("NSCameraUsageDescription"));

    let with = format!("{yml}        NSCameraUsageDescription: \"Progress photos.\"\n");
    assert!(ios_missing(&with, &swift).is_empty());
    // An empty text is as good as none: App Review and the system both need a sentence.
    let empty = format!("{yml}        NSCameraUsageDescription: \"\"\n");
    assert_eq!(ios_missing(&empty, &swift).len(), 1);
}

#[test]
fn an_info_plist_is_read_too() {
    let swift = vec![("Lock.swift".to_owned(), "let context = LAContext()".to_owned())];
    let plist = "<dict>\n\t<key>NSFaceIDUsageDescription</key>\n\t<string>Unlock Afterglow.</string>\n</dict>";
    assert!(ios_missing(plist, &swift).is_empty());
    assert_eq!(ios_missing("<dict></dict>", &swift).len(), 1);
}

#[test]
fn a_job_kept_across_reboots_needs_receive_boot_completed() {
    let job = "fun schedule() { JobInfo.Builder(1, name).setPersisted(true).build() }\n";
    let missing = android_missing(&manifest(&["INTERNET"], &[]), &kotlin(job));
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert!(missing[0].contains("RECEIVE_BOOT_COMPLETED"), "{missing:?}");
    assert!(android_missing(&manifest(&["RECEIVE_BOOT_COMPLETED"], &[]), &kotlin(job)).is_empty());
}
