// State that must survive an Android configuration change (rotation, font or language change) or
// the process being killed in the background, saved and rebuilt as an Activity recreation does it
// ([Recreation]). With a plain `remember` these tests fail: the rebuilt composition starts afresh.

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.performTextReplacement
import androidx.compose.ui.test.runComposeUiTest
import app.afterglow.android.ui.BackStack
import app.afterglow.android.ui.Destination
import app.afterglow.android.ui.onboarding.OnboardingScreen
import app.afterglow.android.ui.rememberBackStack
import app.afterglow.shared.types.Place
import org.junit.Test

@OptIn(ExperimentalTestApi::class)
class RestorationDesktopTest {
    @Test
    fun the_screen_the_patient_was_on_survives_recreation() = runComposeUiTest {
        val recreation = Recreation()
        var stack: BackStack? = null
        setContent { recreation.Content { stack = rememberBackStack() } }
        runOnIdle {
            stack!!.go(Destination.JOURNAL)
            stack!!.go(Destination.CAMERA)
        }
        val before = stack
        recreation.recreate(this)
        runOnIdle {
            check(stack !== before) { "the composition was not rebuilt" }
            check(stack!!.current == Destination.CAMERA) { "back on ${stack!!.current}" }
            check(stack!!.tab == Destination.JOURNAL) { "tab ${stack!!.tab}" }
            stack!!.back()
            check(stack!!.current == Destination.JOURNAL) { "back went to ${stack!!.current}" }
        }
    }

    /** Review #28: a tapped reminder opens the tab of the place the core chose for it. */
    @Test
    fun a_tapped_reminder_opens_its_place() = runComposeUiTest {
        var stack: BackStack? = null
        setContent { stack = rememberBackStack() }
        runOnIdle {
            stack!!.go(Destination.JOURNAL)
            stack!!.go(Destination.COMPARISON)
            stack!!.go(Destination.forPlace(Place.CHECKINS))
            check(stack!!.current == Destination.CHECKINS && !stack!!.canGoBack) { "on ${stack!!.current}" }
        }
        for (place in Place.entries) {
            val destination = Destination.forPlace(place)
            val shown = place == Place.RECORDS || place == Place.ABOUT
            check(shown == (destination == Destination.MORE)) { "$place opens $destination" }
        }
        check(Destination.forPlace(Place.PHOTOS) == Destination.JOURNAL)
    }

    @Test
    fun what_was_typed_into_the_first_session_form_survives_recreation() = runComposeUiTest {
        withCore { _, view ->
            val recreation = Recreation()
            setContent { recreation.Content { OnboardingScreen(view) {} } }
            // The first text field is the session's date and time (found by role, not by its words).
            onAllNodes(hasSetTextAction())[0].performTextReplacement("2026-03-07 22:00")
            recreation.recreate(this)
            onNode(hasText("2026-03-07 22:00")).assertExists("the typed date was lost")
        }
    }
}
