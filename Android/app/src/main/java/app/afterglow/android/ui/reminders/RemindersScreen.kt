package app.afterglow.android.ui.reminders

import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.ListItem
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import app.afterglow.android.notifications.ExactAlarms
import app.afterglow.android.ui.common.Section
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.PrefsForm
import app.afterglow.shared.types.RemindersEvent
import app.afterglow.shared.types.RemindersView

/**
 * Preferred times, quiet hours and which kinds are on, as the core words and fills them; what is
 * typed goes back as typed and the core reads it (24-hour, not inside quiet hours) and re-plans
 * once it is stored. Below, exactly what is scheduled.
 */
@Composable
fun RemindersScreen(reminders: RemindersView, send: (Event) -> Unit) {
    val form = reminders.form
    var morning by remember(form) { mutableStateOf(form.morning) }
    var evening by remember(form) { mutableStateOf(form.evening) }
    var quiet by remember(form) { mutableStateOf(form.quiet) }
    var off by remember(form) { mutableStateOf(form.kinds.filter { !it.on }.map { it.kind }.toSet()) }

    val context = LocalContext.current
    LazyColumn {
        if (!ExactAlarms.allowed(context)) {
            item {
                Section(reminders.words.exactAlarmsTitle) {
                    Text(reminders.words.exactAlarmsBody)
                    Button(onClick = { ExactAlarms.openSettings(context) }) { Text(reminders.words.exactAlarmsAllow) }
                }
            }
        }
        item {
            Section(reminders.words.timesHeading) {
                OutlinedTextField(morning, { morning = it }, label = { Text(form.morningLabel) })
                OutlinedTextField(evening, { evening = it }, label = { Text(form.eveningLabel) })
                OutlinedTextField(quiet, { quiet = it }, label = { Text(form.quietLabel) })
            }
        }
        item {
            Section(form.kindsLabel) {
                form.kinds.forEach { choice ->
                    Row(verticalAlignment = Alignment.CenterVertically) {
                        Switch(choice.kind !in off, { on -> off = if (on) off - choice.kind else off + choice.kind })
                        Text(choice.label, Modifier.padding(start = 8.dp))
                    }
                }
            }
        }
        item {
            Button(modifier = Modifier.padding(16.dp), onClick = {
                send(Event.Reminders(RemindersEvent.SetPrefsTyped(PrefsForm(morning, evening, quiet, off.sorted()))))
            }) { Text(reminders.words.save) }
        }
        item { Text(reminders.words.scheduled, Modifier.padding(16.dp)) }
        items(reminders.upcoming, key = { it.id }) { reminder ->
            ListItem(headlineContent = { Text(reminder.title) }, supportingContent = { Text("${reminder.fireLabel} · ${reminder.body}") })
        }
    }
}
