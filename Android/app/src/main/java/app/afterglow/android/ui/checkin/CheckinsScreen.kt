package app.afterglow.android.ui.checkin

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.ListItem
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.android.ui.common.color
import app.afterglow.shared.types.CheckinEvent
import app.afterglow.shared.types.CheckinsView
import app.afterglow.shared.types.Event

/** The trend of the current session against the expected course, then the history (paged). */
@Composable
fun CheckinsScreen(checkins: CheckinsView, send: (Event) -> Unit, onNew: () -> Unit) {
    val history = checkins.history
    LazyColumn {
        item {
            Button(
                onClick = { send(Event.Checkin(CheckinEvent.StartNew)); onNew() },
                modifier = Modifier.padding(16.dp),
            ) { Text(checkins.questionnaire.newCheckinLabel) }
        }
        if (checkins.trend.days.isNotEmpty()) {
            item { TrendChart(checkins.trend.chart, Modifier.fillMaxWidth().padding(16.dp)) }
        }
        items(history.entries, key = { it.id }) { entry ->
            ListItem(
                headlineContent = { Text(entry.levelTitle, color = entry.level.color()) },
                supportingContent = {
                    Column {
                        Text(listOf(entry.dayLabel, entry.takenLabel, entry.scoresLabel).joinToString(" · "))
                        entry.replacedNote?.let { Text(it) }
                        entry.clinicAnswer.forEach { Text(it) }
                    }
                },
            )
        }
        item {
            Row {
                TextButton(enabled = history.page > 0u, onClick = { send(Event.Checkin(CheckinEvent.ShowHistoryPage(history.page - 1u))) }) {
                    Text(checkins.labels.newer)
                }
                TextButton(
                    enabled = history.page + 1u < history.pageCount,
                    onClick = { send(Event.Checkin(CheckinEvent.ShowHistoryPage(history.page + 1u))) },
                ) { Text(checkins.labels.older) }
            }
        }
    }
}
