package app.afterglow.android.ui

import app.afterglow.shared.types.Place
import app.afterglow.shared.types.Screen
import app.afterglow.shared.types.ViewModel

/**
 * Where the patient is in the app. Several destinations share one core [Screen]: the core only
 * needs to know which long lists to build, the shell decides how to lay them out. Titles are the
 * core's words ([title]).
 */
enum class Destination(val screen: Screen, val tab: Boolean) {
    TODAY(Screen.TODAY, tab = true),
    TIMELINE(Screen.TIMELINE, tab = true),
    CHECKINS(Screen.CHECKINS, tab = true),
    JOURNAL(Screen.JOURNAL, tab = true),
    MORE(Screen.REMINDERS, tab = true),
    CHECKIN(Screen.CHECKINS, tab = false),
    CAMERA(Screen.JOURNAL, tab = false),
    COMPARISON(Screen.JOURNAL, tab = false),
    REMINDERS(Screen.REMINDERS, tab = false),
    PROFILE(Screen.TODAY, tab = false),
    CLINIC(Screen.SHARING, tab = false),
    /** The core builds the share form (with every photo) on its sharing screen. */
    SHARE_SELECTION(Screen.SHARING, tab = false),
    /** The series: every session, add one, delete a wrong one (review #7). */
    SESSIONS(Screen.SESSIONS, tab = false),
    ADD_SESSION(Screen.SESSIONS, tab = false),
    ;

    companion object {
        /** Where a tapped reminder lands: the tab of the place the core chose for it (review #28). */
        fun forPlace(place: Place): Destination = when (place) {
            Place.TODAY -> TODAY
            Place.TIMELINE -> TIMELINE
            Place.CHECKINS -> CHECKINS
            Place.PHOTOS -> JOURNAL
            Place.REMINDERS -> REMINDERS
            Place.CLINIC -> CLINIC
            Place.RECORDS, Place.ABOUT -> MORE
        }
    }

    /** The title in the core's words, from the view it shows. */
    fun title(vm: ViewModel): String {
        fun place(place: Place) = vm.navigation.places.firstOrNull { it.place == place }?.label.orEmpty()
        return when (this) {
            TODAY -> place(Place.TODAY)
            TIMELINE -> vm.timeline.title.ifEmpty { place(Place.TIMELINE) }
            CHECKINS -> place(Place.CHECKINS)
            JOURNAL, CAMERA, COMPARISON -> place(Place.PHOTOS)
            MORE -> vm.navigation.more
            CHECKIN -> vm.checkins.labels.title
            REMINDERS -> place(Place.REMINDERS)
            PROFILE -> vm.profileForm.title
            CLINIC -> vm.sharing.labels.title
            SHARE_SELECTION -> vm.sharing.shareForm?.title ?: vm.sharing.labels.title
            SESSIONS -> vm.sessionForm.listTitle
            ADD_SESSION -> vm.sessionForm.title
        }
    }
}
