package app.afterglow.android.ui.onboarding

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Checkbox
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateListOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.android.ui.common.CheckRow
import app.afterglow.android.ui.common.ErrorBanner
import app.afterglow.android.ui.common.savedList
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.Screening
import app.afterglow.shared.types.SessionForm
import app.afterglow.shared.types.TreatedArea
import app.afterglow.shared.types.ViewModel
import java.time.ZoneId

/**
 * First run: the patient enters their session (done or booked) and, optionally, what the
 * clinic should know about them. Shown until the core reports a current or next session.
 */
@Composable
fun OnboardingScreen(view: ViewModel, send: (Event) -> Unit) {
    // Saved with the instance state: a rotation or a background kill keeps what was typed.
    var start by rememberSaveable { mutableStateOf("") }
    var depth by rememberSaveable { mutableStateOf("1.0") }
    var planned by rememberSaveable { mutableStateOf(false) }
    val screening = rememberSaveable(saver = savedList(Screening::name, Screening::valueOf)) { mutableStateListOf() }
    // The areas treated, in the core's words (review #8: was always the face).
    val areas = rememberSaveable(saver = savedList(TreatedArea::name, TreatedArea::valueOf)) { mutableStateListOf(TreatedArea.FACE) }
    // The session form's words are the core's, in the patient's language (issue 15).
    val words = view.sessionForm
    Column(Modifier.verticalScroll(rememberScrollState()).padding(24.dp)) {
        Text(words.title, style = MaterialTheme.typography.headlineMedium)
        view.welcome?.let { notice ->
            Text(notice.title, Modifier.padding(top = 12.dp), style = MaterialTheme.typography.titleMedium)
            notice.lines.forEach { Text("• $it", Modifier.padding(top = 4.dp)) }
        }
        ErrorBanner(view.error)
        Text(words.intro, Modifier.padding(top = 12.dp))
        // The typed form the core reads, after the core's label: a pattern, not a sentence.
        OutlinedTextField(start, { start = it }, label = { Text(words.start + " (YYYY-MM-DD HH:MM)") })
        OutlinedTextField(depth, { depth = it }, label = { Text(words.depth) })
        Row(verticalAlignment = Alignment.CenterVertically) {
            Checkbox(planned, { planned = it })
            Text(words.planned)
        }
        Text(words.areas, Modifier.padding(top = 12.dp), style = MaterialTheme.typography.titleMedium)
        view.treatedAreas.forEach { choice ->
            CheckRow(choice.area in areas, choice.label) { on -> if (on) areas.add(choice.area) else areas.remove(choice.area) }
        }
        Text(view.screening.title, Modifier.padding(top = 12.dp), style = MaterialTheme.typography.titleMedium)
        view.screening.questions.forEach { q ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(q.item in screening, { checked -> if (checked) screening.add(q.item) else screening.remove(q.item) })
                Text(q.text)
            }
        }
        ProfileQuestions(view.profileForm, send)
        Button(modifier = Modifier.padding(top = 16.dp), onClick = {
            // The core reads the local time in the zone and the depth as typed ("1,5" too), and
            // refuses what it cannot read.
            send(Event.AddSession(SessionForm(start.trim().replace(' ', 'T'), ZoneId.systemDefault().id, depth, view.treatedAreas.map { it.area }.filter { it in areas }, null, null, planned, screening.toList())))
        }) { Text(words.save) }
    }
}
