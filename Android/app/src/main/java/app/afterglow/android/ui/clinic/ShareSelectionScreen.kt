package app.afterglow.android.ui.clinic

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Checkbox
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
import androidx.compose.ui.unit.dp
import app.afterglow.shared.types.CheckinChoice
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.JournalView
import app.afterglow.shared.types.ShareSelection
import app.afterglow.shared.types.SharingEvent

/** What to send to the clinic: which check-ins, which photos, the session details. */
@Composable
fun ShareSelectionScreen(journal: JournalView, send: (Event) -> Unit, onQueued: () -> Unit) {
    var checkins by remember { mutableStateOf(CheckinChoice.FLAGGED) }
    var sessions by remember { mutableStateOf(true) }
    val photos = remember { mutableStateListOf<Long>() }
    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp)) {
        Text("Check-ins")
        listOf(
            CheckinChoice.FLAGGED to "Only those marked for the clinic",
            CheckinChoice.ALL to "All",
            CheckinChoice.NONE to "None",
        ).forEach { (choice, label) ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                RadioButton(checkins == choice, { checkins = choice })
                Text(label)
            }
        }
        Row(verticalAlignment = Alignment.CenterVertically) {
            Checkbox(sessions, { sessions = it })
            Text("Session details (date, depth, areas)")
        }
        Text("Photos", Modifier.padding(top = 12.dp))
        journal.groups.flatMap { group -> group.days.flatMap { it.photos } }.forEach { photo ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(photo.id in photos, { on -> if (on) photos.add(photo.id) else photos.remove(photo.id) })
                Text("${photo.dayLabel} · ${photo.takenLabel}")
            }
        }
        Button(modifier = Modifier.padding(top = 16.dp), onClick = {
            send(Event.Sharing(SharingEvent.Share(ShareSelection(checkins, photos.toList(), sessions))))
            onQueued()
        }) { Text("Send") }
    }
}
