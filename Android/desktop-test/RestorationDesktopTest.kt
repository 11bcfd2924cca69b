// State that must survive an Android configuration change (rotation, font or language change) or
// the process being killed in the background: saved and restored the way an Activity's recreation
// does it (StateRestorationTester throws the composition away and rebuilds it from the saved
// state). With a plain `remember` these tests fail: the rebuilt composition starts afresh.

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.StateRestorationTester
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.performTextReplacement
import androidx.compose.ui.test.runComposeUiTest
import app.afterglow.android.core.Core
import app.afterglow.android.core.PlatformEffects
import app.afterglow.android.ui.BackStack
import app.afterglow.android.ui.Destination
import app.afterglow.android.ui.onboarding.OnboardingScreen
import app.afterglow.android.ui.rememberBackStack
import app.afterglow.core.CoreFailure
import app.afterglow.shared.types.ScheduledNotification
import app.afterglow.shared.types.ViewModel
import java.nio.file.Files
import org.junit.Test

@OptIn(ExperimentalTestApi::class)
class RestorationDesktopTest {
    @Test
    fun the_screen_the_patient_was_on_survives_recreation() = runComposeUiTest {
        val restoration = StateRestorationTester(this)
        var stack: BackStack? = null
        restoration.setContent { stack = rememberBackStack() }
        runOnIdle {
            stack!!.go(Destination.JOURNAL)
            stack!!.go(Destination.CAMERA)
        }
        val before = stack
        restoration.emulateSaveAndRestore()
        runOnIdle {
            check(stack !== before) { "the composition was not rebuilt" }
            check(stack!!.current == Destination.CAMERA) { "back on ${stack!!.current}" }
            check(stack!!.tab == Destination.JOURNAL) { "tab ${stack!!.tab}" }
            stack!!.back()
            check(stack!!.current == Destination.JOURNAL) { "back went to ${stack!!.current}" }
        }
    }

    @Test
    fun what_was_typed_into_the_first_session_form_survives_recreation() = runComposeUiTest {
        val dir = Files.createTempDirectory("afterglow-restore").toString()
        Core(dir, object : PlatformEffects {
            override fun render(view: ViewModel) {}
            override fun replaceNotifications(notifications: List<ScheduledNotification>) {}
            override fun failed(problem: CoreFailure) {}
        }).use { core ->
            val view = core.view
            val restoration = StateRestorationTester(this)
            restoration.setContent { OnboardingScreen(view) {} }
            // The first text field is the session's date and time (found by role, not by its words).
            onAllNodes(hasSetTextAction())[0].performTextReplacement("2026-03-07 22:00")
            restoration.emulateSaveAndRestore()
            onNode(hasText("2026-03-07 22:00")).assertExists("the typed date was lost")
        }
    }
}
