// What TalkBack is given (review #19), read from Compose's semantics tree on the desktop runtime
// with the real core's view models: every word asserted comes from the core.

import androidx.compose.ui.semantics.SemanticsProperties
import androidx.compose.ui.test.ExperimentalTestApi
import androidx.compose.ui.test.SemanticsMatcher
import androidx.compose.ui.test.hasText
import androidx.compose.ui.test.isToggleable
import androidx.compose.ui.test.runComposeUiTest
import app.afterglow.android.ui.onboarding.ProfileQuestions
import org.junit.Test

@OptIn(ExperimentalTestApi::class)
class AccessibilityDesktopTest {
    @Test
    fun each_profile_question_is_one_checkbox_read_with_its_words() = runComposeUiTest {
        withCore { _, view ->
            val form = view.profileForm
            check(form.questions.isNotEmpty()) { "no profile questions to check" }
            setContent { ProfileQuestions(form) {} }
            for (question in form.questions) {
                // Merged: the node that toggles carries the question. An unmerged Row + Checkbox
                // gives a toggleable node with no words, and this finds nothing.
                onNode(isToggleable() and hasText(question.text)).assertExists()
                val checkbox = SemanticsMatcher.expectValue(SemanticsProperties.Role, androidx.compose.ui.semantics.Role.Checkbox)
                onNode(checkbox and hasText(question.text)).assertExists()
            }
        }
    }
}
