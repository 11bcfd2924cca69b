package app.afterglow.android.ui.timeline

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.ListItem
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.draw.alpha
import androidx.compose.ui.unit.dp
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.TimelinePage

/** The whole series, a page at a time (the core opens on the page holding "now"). */
@Composable
fun TimelineScreen(page: TimelinePage, send: (Event) -> Unit) {
    Column {
        LazyColumn(Modifier.weight(1f)) {
            items(page.entries, key = { "${it.kind}:${it.id}:${it.at}" }) { entry ->
                ListItem(
                    headlineContent = { Text(entry.title) },
                    supportingContent = { Text(entry.detail) },
                    modifier = Modifier.alpha(if (entry.past) 0.55f else 1f),
                )
            }
        }
        Row(Modifier.padding(8.dp)) {
            TextButton(enabled = page.page > 0u, onClick = { send(Event.ShowTimelinePage(page.page - 1u)) }) { Text(page.earlier) }
            Text(page.pageLabel, Modifier.padding(12.dp))
            TextButton(enabled = page.page + 1u < page.pageCount, onClick = { send(Event.ShowTimelinePage(page.page + 1u)) }) {
                Text(page.later)
            }
        }
    }
}
