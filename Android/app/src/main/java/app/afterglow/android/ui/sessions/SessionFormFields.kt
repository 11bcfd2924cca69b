package app.afterglow.android.ui.sessions

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.runtime.toMutableStateList
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.android.ui.common.CheckRow
import app.afterglow.android.ui.common.savedList
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.Screening
import app.afterglow.shared.types.SessionForm
import app.afterglow.shared.types.TreatedArea
import app.afterglow.shared.types.ViewModel

/**
 * A session, done or booked, as the core asks for it (first run and "add another session",
 * review #7). Every word is the core's (`ViewModel.sessionForm`, `treatedAreas`, `screening`),
 * and so is what the fields hold when the form opens (`sessionForm.initial`, the start as the
 * hint writes it); the core reads the start and depth as typed and says what it cannot read.
 * [extra] is drawn above the save button (onboarding puts the profile questions there).
 */
@Composable
fun SessionFormFields(view: ViewModel, send: (Event) -> Unit, extra: @Composable () -> Unit = {}) {
    val words = view.sessionForm
    val initial = words.initial
    // Saved with the instance state: a rotation or a background kill keeps what was typed.
    var start by rememberSaveable { mutableStateOf(words.initialStartTyped) }
    var depth by rememberSaveable { mutableStateOf(initial.depthMm) }
    var planned by rememberSaveable { mutableStateOf(initial.planned) }
    val screening = rememberSaveable(saver = savedList(Screening::name, Screening::valueOf)) { initial.screening.toMutableStateList() }
    // The areas treated, in the core's words (review #8: was always the face).
    val areas = rememberSaveable(saver = savedList(TreatedArea::name, TreatedArea::valueOf)) { initial.areas.toMutableStateList() }
    Column {
        Text(words.intro, Modifier.padding(vertical = 8.dp))
        OutlinedTextField(
            start, { start = it },
            label = { Text(words.start) },
            supportingText = { Text(words.startHint) },
        )
        OutlinedTextField(depth, { depth = it }, label = { Text(words.depth) })
        CheckRow(planned, words.planned) { planned = it }
        Text(words.areas, Modifier.padding(top = 12.dp), style = MaterialTheme.typography.titleMedium)
        view.treatedAreas.forEach { choice ->
            CheckRow(choice.area in areas, choice.label) { on -> if (on) areas.add(choice.area) else areas.remove(choice.area) }
        }
        Text(view.screening.title, Modifier.padding(top = 12.dp), style = MaterialTheme.typography.titleMedium)
        view.screening.questions.forEach { q ->
            CheckRow(q.item in screening, q.text) { on -> if (on) screening.add(q.item) else screening.remove(q.item) }
        }
        extra()
        Button(modifier = Modifier.padding(top = 16.dp), onClick = {
            val chosen = view.treatedAreas.map { it.area }.filter { it in areas }
            send(Event.AddSession(SessionForm(start, initial.zone, depth, chosen, null, null, planned, screening.toList())))
        }) { Text(words.save) }
    }
}
