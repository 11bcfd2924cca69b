package app.afterglow.android.ui.onboarding

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.android.ui.common.CheckRow
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.ProfileForm

/** The profile as its own screen (from "More"). */
@Composable
fun ProfileScreen(form: ProfileForm, send: (Event) -> Unit) {
    Column(Modifier.padding(16.dp)) { ProfileQuestions(form, send) }
}

/**
 * The core's "about you" questions with the answers stored so far; each answer is sent at once
 * (the core stores it and re-renders). They change the advice, never whether care is given.
 */
@Composable
fun ProfileQuestions(form: ProfileForm, send: (Event) -> Unit) {
    Text(form.title, Modifier.padding(top = 12.dp), style = MaterialTheme.typography.titleMedium)
    Text(form.note)
    form.questions.forEach { question -> CheckRow(question.yes, question.text) { send(Event.AnswerProfile(question.flag, it)) } }
    Text(form.skinTypeLabel, Modifier.padding(top = 8.dp))
    Row {
        form.skinTypes.forEach { choice ->
            FilterChip(choice.chosen, { send(Event.ChooseSkinType(choice.skinType)) }, { Text(choice.label) })
        }
    }
}
