package app.afterglow.android.ui.checkin

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.ExperimentalLayoutApi
import androidx.compose.foundation.layout.FlowRow
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.selection.selectable
import androidx.compose.foundation.selection.toggleable
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.ButtonDefaults
import androidx.compose.material3.Checkbox
import androidx.compose.material3.FilterChip
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.unit.dp
import app.afterglow.shared.types.CheckinAnswer
import app.afterglow.shared.types.CheckinEvent
import app.afterglow.shared.types.CheckinStep
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.FormView
import app.afterglow.shared.types.Questionnaire
import app.afterglow.shared.types.Sign
import app.afterglow.shared.types.SignQuestion

/**
 * The symptom check-in, one step at a time. The form is the core's ([FormView]): this screen
 * draws its step with the [Questionnaire]'s words, sends each answer as it is given and sends
 * Next/Back. Which step follows, what is missing and when an urgent answer goes are decided in
 * the core (shared/src/checkin/draft.rs).
 */
@Composable
fun CheckinFormScreen(form: FormView, questions: Questionnaire, send: (Event) -> Unit) {
    val answer = { a: CheckinAnswer -> send(Event.Checkin(CheckinEvent.Answer(a))) }
    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp)) {
        Text(form.progressLabel, style = MaterialTheme.typography.labelLarge)
        when (form.step) {
            CheckinStep.URGENTFIRST -> {
                Text(questions.urgentFirstTitle, Modifier.padding(top = 12.dp), style = MaterialTheme.typography.titleMedium)
                Text(questions.urgentFirstHint)
                // Each question is a button: a tap is a "yes", and the core sends the check-in.
                questions.urgentFirst.forEach { q ->
                    Button(
                        onClick = { answer(CheckinAnswer.Sign(q.sign, true)) },
                        modifier = Modifier.fillMaxWidth().padding(top = 8.dp),
                        colors = ButtonDefaults.buttonColors(containerColor = MaterialTheme.colorScheme.error),
                    ) { Text(q.text) }
                }
            }
            CheckinStep.SKIN -> {
                Choices(questions.rednessTitle, form.redness, questions.redness) { answer(CheckinAnswer.Redness(it)) }
                Choices(questions.swellingTitle, form.swelling, questions.swelling) { answer(CheckinAnswer.Swelling(it)) }
            }
            CheckinStep.PAINANDITCH -> {
                Score(questions.painTitle, form.pain, questions.scoreSteps) { answer(CheckinAnswer.Pain(it)) }
                Score(questions.itchTitle, form.itch, questions.scoreSteps) { answer(CheckinAnswer.Itch(it)) }
            }
            CheckinStep.SIGNS -> {
                Text(questions.dischargeTitle, Modifier.padding(top = 12.dp))
                questions.discharge.forEach { o ->
                    Choice(o.text, form.discharge == o.discharge) { answer(CheckinAnswer.Discharge(o.discharge)) }
                }
                Signs(questions.otherSignsTitle, questions.otherSigns, form.signs) { sign, yes -> answer(CheckinAnswer.Sign(sign, yes)) }
            }
            CheckinStep.FINISH -> Finish(form, questions, answer)
        }
        form.problem?.let { Text(it, Modifier.padding(top = 12.dp), color = MaterialTheme.colorScheme.error) }
        Row(Modifier.padding(top = 16.dp)) {
            form.backLabel?.let { OutlinedButton(onClick = { send(Event.Checkin(CheckinEvent.Back)) }) { Text(it) } }
            Button(onClick = { send(Event.Checkin(CheckinEvent.Next)) }, modifier = Modifier.padding(start = 8.dp)) { Text(form.nextLabel) }
        }
    }
}

/** The typed fields echo what is typed at once; the core's copy arrives a moment later. */
@Composable
private fun Finish(form: FormView, questions: Questionnaire, answer: (CheckinAnswer) -> Unit) {
    var temperature by remember { mutableStateOf(form.temperature) }
    var note by remember { mutableStateOf(form.note) }
    Row(verticalAlignment = Alignment.CenterVertically) {
        OutlinedTextField(
            temperature,
            { temperature = it; answer(CheckinAnswer.Temperature(it)) },
            label = { Text(questions.temperatureLabel) },
            placeholder = { Text(questions.temperatureExample) },
        )
        Checkbox(form.fahrenheit, { answer(CheckinAnswer.Fahrenheit(it)) })
        Text(questions.fahrenheitLabel)
    }
    OutlinedTextField(note, { note = it; answer(CheckinAnswer.Note(it)) }, label = { Text(questions.noteLabel) })
}

/**
 * A score whose steps the core words (redness, swelling): one radio row per step, so a long
 * anchor wraps at large font sizes instead of being cut off inside a chip (measured: at font
 * scale 2 a chip laid "No redness" out in 160 of the 296 px it needs).
 */
@Composable
private fun Choices(title: String, value: UByte?, labels: List<String>, onChange: (UByte) -> Unit) {
    Text(title, Modifier.padding(top = 8.dp))
    labels.forEachIndexed { index, label -> Choice(label, value?.toInt() == index) { onChange(index.toUByte()) } }
}

/** One option of a single choice; the whole row is the target, read by TalkBack as a radio button. */
@Composable
private fun Choice(text: String, selected: Boolean, onSelect: () -> Unit) {
    Row(
        Modifier.fillMaxWidth().selectable(selected, role = Role.RadioButton, onClick = onSelect),
        verticalAlignment = Alignment.CenterVertically,
    ) {
        RadioButton(selected, onClick = null)
        Text(text)
    }
}

/** A 0–10 score: short numbers, so chips that flow onto the next line. */
@OptIn(ExperimentalLayoutApi::class)
@Composable
private fun Score(title: String, value: UByte?, labels: List<String>, onChange: (UByte) -> Unit) {
    Text(title, Modifier.padding(top = 8.dp))
    FlowRow {
        labels.forEachIndexed { index, label ->
            FilterChip(value?.toInt() == index, { onChange(index.toUByte()) }, { Text(label) })
        }
    }
}

/** One group of yes/no signs, in the core's order and words, ticked as the core has them. */
@Composable
private fun Signs(title: String, questions: List<SignQuestion>, chosen: List<Sign>, onAnswer: (Sign, Boolean) -> Unit) {
    Text(title, Modifier.padding(top = 12.dp))
    questions.forEach { q ->
        // The whole row is one checkbox whose label is the question: a bigger target, and
        // TalkBack reads the question with the box.
        Row(
            Modifier.toggleable(q.sign in chosen, role = Role.Checkbox) { yes -> onAnswer(q.sign, yes) },
            verticalAlignment = Alignment.CenterVertically,
        ) {
            Checkbox(q.sign in chosen, onCheckedChange = null)
            Text(q.text)
        }
    }
}
