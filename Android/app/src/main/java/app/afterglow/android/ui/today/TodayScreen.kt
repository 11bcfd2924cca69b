package app.afterglow.android.ui.today

import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.android.ui.common.Section
import app.afterglow.shared.types.ViewModel

/** The day's care: phase, do's and don'ts, what is still off limits and until when, what's next. */
@Composable
fun TodayScreen(view: ViewModel, onCheckIn: () -> Unit) {
    val today = view.today ?: return
    LazyColumn {
        item {
            val day = today.dayIndex?.let { "Day $it · " }.orEmpty()
            Text("$day${today.phaseTitle}", Modifier.padding(16.dp), style = MaterialTheme.typography.headlineSmall)
        }
        item { Button(onClick = onCheckIn, modifier = Modifier.padding(horizontal = 16.dp)) { Text("How is your skin today?") } }
        if (today.warnings.isNotEmpty()) {
            item { Section("Discuss with your clinic") { today.warnings.forEach { Text("• ${it.text}") } } }
        }
        if (today.restrictions.isNotEmpty()) {
            item {
                Section("Not yet") {
                    today.restrictions.forEach { Text("${it.title} — ${it.unlock}", Modifier.padding(top = 4.dp)) }
                }
            }
        }
        if (today.dos.isNotEmpty()) item { Section("Do") { today.dos.forEach { Text("• ${it.text}") } } }
        if (today.donts.isNotEmpty()) item { Section("Don't") { today.donts.forEach { Text("• ${it.text}") } } }
        if (today.expected.isNotEmpty()) item { Section("What's normal now") { today.expected.forEach { Text("• $it") } } }
        if (today.milestones.isNotEmpty()) {
            item { Section("Coming up") { today.milestones.forEach { Text("${it.title} · ${it.atLabel}") } } }
        }
        if (today.prepTasks.isNotEmpty()) {
            item {
                Section("Before your next session") {
                    today.prepTasks.forEach { Text((if (it.started) "Now: " else "") + "${it.title} · ${it.dueLabel}") }
                }
            }
        }
        today.nextSession?.let { next ->
            item { Section("Next session") { Text("Session ${next.number} · ${next.startLabel}") } }
        }
        item { UrgentHelpCard(view.urgentHelp) }
    }
}
