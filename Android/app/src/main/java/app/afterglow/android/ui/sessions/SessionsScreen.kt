package app.afterglow.android.ui.sessions

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.SessionFormView
import app.afterglow.shared.types.SessionView

/**
 * The series (review #7): every session with its number, when and what, a button to add the
 * next one, and delete for one entered wrongly (delete, then add it again). Deleting asks first,
 * in the core's words, what goes and what stays.
 */
@Composable
fun SessionsScreen(sessions: List<SessionView>, words: SessionFormView, send: (Event) -> Unit, onAdd: () -> Unit) {
    // The session whose delete was tapped, waiting for the answer; saved across a rotation.
    var asking by rememberSaveable { mutableStateOf<Long?>(null) }
    LazyColumn {
        item { Button(onClick = onAdd, modifier = Modifier.padding(16.dp)) { Text(words.add) } }
        items(sessions, key = { it.id }) { session ->
            Column(Modifier.padding(horizontal = 16.dp, vertical = 8.dp)) {
                Text(session.title, style = MaterialTheme.typography.titleMedium)
                Text(session.summary)
                if (asking == session.id) {
                    Text(session.deleteQuestion, Modifier.padding(top = 8.dp))
                    Row {
                        TextButton(onClick = { asking = null; send(Event.DeleteSession(session.id)) }) { Text(session.deleteLabel) }
                        TextButton(onClick = { asking = null }) { Text(words.keep) }
                    }
                } else {
                    TextButton(onClick = { asking = session.id }) { Text(session.deleteLabel) }
                }
            }
            HorizontalDivider()
        }
    }
}
