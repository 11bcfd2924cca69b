// The first-run form sends the areas the patient ticked (review #8: it always sent the face, and
// the clinic received that). The area words are the core's (`ViewModel.treatedAreas`).

import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.hasClickAction
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.isToggleable
import androidx.compose.ui.test.onLast
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.runComposeUiTest
import app.afterglow.android.ui.onboarding.OnboardingScreen
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.TreatedArea
import org.junit.Test

@OptIn(ExperimentalTestApi::class)
class OnboardingDesktopTest {
    @Test
    fun the_session_is_sent_with_the_areas_ticked() = runComposeUiTest {
        withCore { _, view ->
            val face = view.treatedAreas.first { it.area == TreatedArea.FACE }
            val other = view.treatedAreas.first { it.area != TreatedArea.FACE }
            val sent = mutableListOf<Event>()
            setContent { OnboardingScreen(view) { sent.add(it) } }
            onNode(isToggleable() and hasText(other.label)).performScrollTo().performClick()
            onNode(isToggleable() and hasText(face.label)).performScrollTo().performClick()
            // The last control of the form is its button (found by role, not by its words).
            onAllNodes(hasClickAction()).onLast().performScrollTo().performClick()
            val add = sent.filterIsInstance<Event.AddSession>().single()
            check(add.form.areas == listOf(other.area)) { "sent areas ${add.form.areas}" }
        }
    }
}
