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
import app.afterglow.shared.types.QuietHours
import app.afterglow.shared.types.ReminderKind
import app.afterglow.shared.types.ReminderPrefs
import app.afterglow.shared.types.RemindersEvent
import app.afterglow.shared.types.RemindersView
import app.afterglow.shared.types.WallTime

/**
 * Preferred times, quiet hours and which kinds are on; below, exactly what is scheduled. The
 * core checks the times (24-hour, not inside quiet hours) and re-plans once they are stored.
 */
@Composable
fun RemindersScreen(reminders: RemindersView, send: (Event) -> Unit) {
    val prefs = reminders.prefs
    var morning by remember(prefs) { mutableStateOf(prefs.morning.text()) }
    var evening by remember(prefs) { mutableStateOf(prefs.evening.text()) }
    var quiet by remember(prefs) { mutableStateOf(prefs.quiet?.let { "${it.start.text()}-${it.end.text()}" }.orEmpty()) }
    var off by remember(prefs) { mutableStateOf(prefs.off.toSet()) }

    val context = LocalContext.current
    LazyColumn {
        if (!ExactAlarms.allowed(context)) {
            item {
                Section("Reminders may come a few minutes late") {
                    Text("Allow exact alarms so reminders arrive on the minute.")
                    Button(onClick = { ExactAlarms.openSettings(context) }) { Text("Allow") }
                }
            }
        }
        item {
            Section("When") {
                OutlinedTextField(morning, { morning = it }, label = { Text("Morning (HH:MM)") })
                OutlinedTextField(evening, { evening = it }, label = { Text("Check-in (HH:MM)") })
                OutlinedTextField(quiet, { quiet = it }, label = { Text("Quiet hours, e.g. 22:00-07:30 (optional)") })
            }
        }
        item {
            Section("What") {
                ReminderKind.entries.forEach { kind ->
                    Row(verticalAlignment = Alignment.CenterVertically) {
                        Switch(kind !in off, { on -> off = if (on) off - kind else off + kind })
                        Text(kindLabel(kind), Modifier.padding(start = 8.dp))
                    }
                }
            }
        }
        item {
            Button(modifier = Modifier.padding(16.dp), onClick = {
                val form = prefsFrom(morning, evening, quiet, off)
                if (form != null) send(Event.Reminders(RemindersEvent.SetPrefs(form)))
            }) { Text("Save") }
        }
        item { Text("Scheduled (${reminders.upcoming.size} of at most ${reminders.cap})", Modifier.padding(16.dp)) }
        items(reminders.upcoming, key = { it.id }) { reminder ->
            ListItem(headlineContent = { Text(reminder.title) }, supportingContent = { Text("${reminder.fireLabel} · ${reminder.body}") })
        }
    }
}

private fun WallTime.text() = "%02d:%02d".format(hour.toInt(), minute.toInt())

/** Parses what was typed; out-of-range numbers are left for the core to refuse with its message. */
private fun wallTime(text: String): WallTime? {
    val parts = text.trim().split(':')
    if (parts.size != 2) return null
    val hour = parts[0].toIntOrNull() ?: return null
    val minute = parts[1].toIntOrNull() ?: return null
    if (hour !in 0..255 || minute !in 0..255) return null
    return WallTime(hour.toUByte(), minute.toUByte())
}

private fun prefsFrom(morning: String, evening: String, quiet: String, off: Set<ReminderKind>): ReminderPrefs? {
    val quietHours = if (quiet.isBlank()) {
        null
    } else {
        val (start, end) = quiet.split('-').takeIf { it.size == 2 } ?: return null
        QuietHours(wallTime(start) ?: return null, wallTime(end) ?: return null)
    }
    return ReminderPrefs(wallTime(morning) ?: return null, wallTime(evening) ?: return null, quietHours, off.sorted())
}

private fun kindLabel(kind: ReminderKind) = when (kind) {
    ReminderKind.MORNINGCARE -> "Morning skincare"
    ReminderKind.CHECKIN -> "Daily check-in"
    ReminderKind.CHECKINNUDGE -> "Nudge after a missed check-in"
    ReminderKind.UNLOCK -> "When a restriction ends"
    ReminderKind.BOOKNEXTSESSION -> "When to book the next session"
    ReminderKind.PREP -> "Preparation before a session"
    ReminderKind.RESULTSPHOTO -> "Results photo"
}
