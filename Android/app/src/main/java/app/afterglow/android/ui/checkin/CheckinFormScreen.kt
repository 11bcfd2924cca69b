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
import androidx.compose.material3.Checkbox
import androidx.compose.material3.FilterChip
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.RadioButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateListOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.unit.dp
import app.afterglow.shared.types.CheckinEvent
import app.afterglow.shared.types.CheckinForm
import app.afterglow.shared.types.Discharge
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.Questionnaire
import app.afterglow.shared.types.Sign
import app.afterglow.shared.types.SignQuestion
import app.afterglow.shared.types.TemperatureInput
import app.afterglow.shared.types.TemperatureUnit

/**
 * The symptom check-in. The form only collects answers; the core validates them (ranges,
 * plausible temperature) and triages, and the result screen shows what it decided. The questions,
 * their order and their words are the core's ([Questionnaire], from the view model).
 */
@Composable
fun CheckinFormScreen(questions: Questionnaire, send: (Event) -> Unit, onSubmitted: () -> Unit) {
    // Nothing is pre-filled: an unanswered score stays unanswered (clinical review, majors 10, 11).
    var redness by remember { mutableStateOf<UByte?>(null) }
    var swelling by remember { mutableStateOf<UByte?>(null) }
    var pain by remember { mutableStateOf<UByte?>(null) }
    var itch by remember { mutableStateOf<UByte?>(null) }
    val numbers = (0..10).map { it.toString() }
    var temperature by remember { mutableStateOf("") }
    var fahrenheit by remember { mutableStateOf(false) }
    var discharge by remember { mutableStateOf<Discharge?>(null) }
    val signs = remember { mutableStateListOf<Sign>() }
    var note by remember { mutableStateOf("") }

    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp)) {
        // Answering "yes" to an urgent-first sign sends it at once; the core builds that check-in.
        Signs(questions.urgentFirstTitle, questions.urgentFirst, signs) { sign ->
            send(Event.Checkin(CheckinEvent.SubmitUrgent(listOf(sign))))
            onSubmitted()
        }
        Choices(questions.rednessTitle, redness, questions.redness) { redness = it }
        Choices(questions.swellingTitle, swelling, questions.swelling) { swelling = it }
        Score(questions.painTitle, pain, numbers) { pain = it }
        Score(questions.itchTitle, itch, numbers) { itch = it }
        Row(verticalAlignment = Alignment.CenterVertically) {
            OutlinedTextField(temperature, { temperature = it }, label = { Text(questions.temperatureLabel) }, placeholder = { Text(questions.temperatureExample) })
            Checkbox(fahrenheit, { fahrenheit = it })
            Text(questions.fahrenheitLabel)
        }
        Text(questions.dischargeTitle, Modifier.padding(top = 12.dp))
        questions.discharge.forEach { o -> Choice(o.text, discharge == o.discharge) { discharge = o.discharge } }
        Signs(questions.otherSignsTitle, questions.otherSigns, signs) { signs.add(it) }
        OutlinedTextField(note, { note = it }, label = { Text(questions.noteLabel) })
        Button(
            modifier = Modifier.padding(top = 16.dp),
            onClick = {
                val form = CheckinForm(
                    redness, swelling, pain, itch,
                    // As typed: the core reads it and says what it cannot read.
                    temperature.takeIf { it.isNotBlank() }?.let {
                        TemperatureInput(it, if (fahrenheit) TemperatureUnit.FAHRENHEIT else TemperatureUnit.CELSIUS)
                    },
                    discharge, signs.toList(), note.ifBlank { null },
                )
                send(Event.Checkin(CheckinEvent.Submit(form)))
                onSubmitted()
            },
        ) { Text(questions.submitLabel) }
    }
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

/** One group of yes/no signs, in the core's order and words; `onYes` is told of each "yes". */
@Composable
private fun Signs(title: String, questions: List<SignQuestion>, chosen: MutableList<Sign>, onYes: (Sign) -> Unit) {
    Text(title, Modifier.padding(top = 12.dp))
    questions.forEach { q ->
        val checked = q.sign in chosen
        // The whole row is one checkbox whose label is the question: a bigger target, and
        // TalkBack reads the question with the box.
        Row(
            Modifier.toggleable(checked, role = Role.Checkbox) { yes -> if (yes) onYes(q.sign) else chosen.remove(q.sign) },
            verticalAlignment = Alignment.CenterVertically,
        ) {
            Checkbox(checked, onCheckedChange = null)
            Text(q.text)
        }
    }
}
