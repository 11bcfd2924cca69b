// Review #7: the next session can be added, and a wrong one deleted (after a question that says
// what goes and what stays), against the real core; every word compared is the core's.

import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.assert
import androidx.compose.ui.test.hasSetTextAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextReplacement
import androidx.compose.ui.test.runComposeUiTest
import app.afterglow.android.ui.sessions.AddSessionScreen
import app.afterglow.android.ui.sessions.SessionsScreen
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.Screen
import app.afterglow.shared.types.SessionForm
import app.afterglow.shared.types.TreatedArea
import org.junit.Test

@OptIn(ExperimentalTestApi::class)
class SessionsDesktopTest {
    @Test
    fun a_session_added_with_the_form_is_stored_and_the_screen_closes() = runComposeUiTest {
        withCoreViews { core, first, next ->
            var view by mutableStateOf(first)
            var closed = false
            setContent { AddSessionScreen(view, { event -> core.update(event) }, onSaved = { closed = true }) }
            // The field opens on the core's start (this minute, as the hint writes it); typed over, it is what is sent.
            val startField = onNode(hasSetTextAction() and hasText(first.sessionForm.start))
            startField.assert(hasText(first.sessionForm.initialStartTyped))
            startField.performTextReplacement("2026-03-01 10:00")
            onNode(hasText(first.sessionForm.save)).performScrollTo().performClick()
            view = next { it.lastSavedSessionId != null }
            waitForIdle()
            check(closed) { "the form stayed open after the core stored the session" }
            check(view.today?.session?.start?.startsWith("2026-03-01T10:00") == true) { "today: ${view.today?.session}" }
        }
    }

    @Test
    fun deleting_asks_first_and_keep_sends_nothing() = runComposeUiTest {
        withCoreViews { core, first, next ->
            core.update(Event.AddSession(SessionForm("2026-03-01T10:00", "America/New_York", "1.5", listOf(TreatedArea.FACE), null, null, false, emptyList())))
            next { it.lastSavedSessionId != null }
            core.update(Event.Show(Screen.SESSIONS))
            val listed = next { it.sessions.isNotEmpty() }
            val session = listed.sessions.single()
            val sent = mutableListOf<Event>()
            setContent { SessionsScreen(listed.sessions, listed.sessionForm, { sent.add(it) }, onAdd = {}) }
            onNode(hasText(session.title)).assertExists()
            onNode(hasText(session.summary)).assertExists()
            onNode(hasText(session.deleteLabel)).performClick()
            onNode(hasText(session.deleteQuestion)).assertExists()
            onNode(hasText(listed.sessionForm.keep)).performClick()
            onNode(hasText(session.deleteQuestion)).assertDoesNotExist()
            check(sent.isEmpty()) { "keep sent $sent" }
            onNode(hasText(session.deleteLabel)).performClick()
            onNode(hasText(session.deleteLabel)).performClick()
            val delete = sent.single() as Event.DeleteSession
            check(delete.id == session.id) { "deleted ${delete.id}, not ${session.id}" }
            core.update(delete)
            next { it.sessions.isEmpty() && it.screen == Screen.SESSIONS }
        }
    }
}
