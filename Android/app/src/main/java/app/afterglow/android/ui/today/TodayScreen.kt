package app.afterglow.android.ui.today

import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.android.ui.common.Section
import app.afterglow.shared.types.ViewModel

/**
 * The day's care. Its sections, their order and every word are the core's
 * (shared/src/view/today_sections.rs); a line with a time shows it underneath.
 */
@Composable
fun TodayScreen(view: ViewModel, onCheckIn: () -> Unit, onAddSession: () -> Unit) {
    val today = view.today ?: return
    LazyColumn {
        item {
            Text(today.words.title, Modifier.padding(start = 16.dp, top = 16.dp, end = 16.dp), style = MaterialTheme.typography.headlineSmall)
            Text(today.words.subtitle, Modifier.padding(horizontal = 16.dp), style = MaterialTheme.typography.bodySmall)
        }
        item { Button(onClick = onCheckIn, modifier = Modifier.padding(16.dp)) { Text(today.words.checkIn) } }
        items(today.sections, key = { it.kind.name }) { section ->
            Section(section.title) {
                section.lines.forEach { line ->
                    Text(line.text, Modifier.padding(top = 4.dp))
                    line.time?.let { Text(it, style = MaterialTheme.typography.bodySmall) }
                }
            }
        }
        // The next session of the series (review #7); the sessions list is under More.
        item { OutlinedButton(onClick = onAddSession, modifier = Modifier.padding(16.dp)) { Text(today.words.addSession) } }
        item { UrgentHelpCard(view.urgentHelp) }
    }
}
