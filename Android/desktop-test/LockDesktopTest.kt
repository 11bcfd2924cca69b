// The app lock's screen and setting row, driven by the real core: the words are the core's, the
// button asks the platform, a failed attempt shows the core's sentence, and the row sends the
// patient's choice.

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.isToggleable
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.runComposeUiTest
import app.afterglow.android.ui.common.LockScreen
import app.afterglow.android.ui.common.LockSettingRow
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.LockEvent
import org.junit.Test

@OptIn(ExperimentalTestApi::class)
class LockDesktopTest {
    @Test
    fun locked_after_the_background_and_a_failure_is_said_in_the_cores_words() = runComposeUiTest {
        withCoreViews { core, _, next ->
            core.update(Event.Lock(LockEvent.Available(true)))
            core.update(Event.Lock(LockEvent.Set(true)))
            next { it.lock.setting?.on == true }
            core.update(Event.Lock(LockEvent.Background))
            val screen = next { it.lock.screen != null }.lock.screen!!
            var asked = 0
            setContent { LockScreen(screen) { asked++ } }
            onNode(hasText(screen.title)).assertIsDisplayed()
            onNode(hasText(screen.body)).assertIsDisplayed()
            onNode(hasText(screen.unlockLabel)).performClick()
            check(asked == 1) { "the button asks the platform (asked $asked times)" }

            core.update(Event.Lock(LockEvent.UnlockResult(false)))
            val failed = next { it.lock.screen?.failure != null }.lock.screen!!
            setContent { LockScreen(failed) {} }
            onNode(hasText(failed.failure!!)).assertIsDisplayed()

            core.update(Event.Lock(LockEvent.UnlockResult(true)))
            next { it.lock.screen == null }
        }
    }

    @Test
    fun the_row_sends_the_patients_choice() = runComposeUiTest {
        withCoreViews { core, _, next ->
            core.update(Event.Lock(LockEvent.Available(true)))
            val setting = next { it.lock.setting != null }.lock.setting!!
            check(!setting.on) { "off by default" }
            val sent = mutableListOf<Event>()
            setContent { LockSettingRow(setting) { sent.add(it) } }
            onNode(hasText(setting.label)).assertIsDisplayed()
            onNode(isToggleable()).performClick()
            check(sent == listOf<Event>(Event.Lock(LockEvent.Set(true)))) { "sent $sent" }
        }
    }
}
