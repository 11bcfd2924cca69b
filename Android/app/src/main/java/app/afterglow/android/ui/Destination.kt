package app.afterglow.android.ui

import app.afterglow.shared.types.Screen

/**
 * Where the patient is in the app. Several destinations share one core [Screen]: the core only
 * needs to know which long lists to build, the shell decides how to lay them out.
 */
enum class Destination(val title: String, val screen: Screen, val tab: Boolean) {
    TODAY("Today", Screen.TODAY, tab = true),
    TIMELINE("Timeline", Screen.TIMELINE, tab = true),
    CHECKINS("Check-ins", Screen.CHECKINS, tab = true),
    JOURNAL("Journal", Screen.JOURNAL, tab = true),
    MORE("More", Screen.REMINDERS, tab = true),
    CHECKIN("Check-in", Screen.CHECKINS, tab = false),
    CAMERA("Take a photo", Screen.JOURNAL, tab = false),
    COMPARISON("Compare", Screen.JOURNAL, tab = false),
    REMINDERS("Reminders", Screen.REMINDERS, tab = false),
    PROFILE("About you", Screen.TODAY, tab = false),
    CLINIC("Your clinic", Screen.SHARING, tab = false),
    /** The core builds the share form (with every photo) on its sharing screen. */
    SHARE_SELECTION("Share with the clinic", Screen.SHARING, tab = false),
}
