package app.afterglow.android.ui.clinic

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateListOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.android.ui.common.CheckRow
import app.afterglow.android.ui.common.RadioRow
import app.afterglow.android.ui.common.savedList
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.ShareFormView
import app.afterglow.shared.types.ShareSelection
import app.afterglow.shared.types.SharingEvent

/**
 * What to send to the clinic: which check-ins, which photos, the session details. The choices,
 * the one pre-chosen and every word are the core's ([ShareFormView]).
 */
@Composable
fun ShareSelectionScreen(form: ShareFormView, send: (Event) -> Unit, onQueued: () -> Unit) {
    var checkins by rememberSaveable { mutableStateOf(form.checkinsDefault) }
    var sessions by rememberSaveable { mutableStateOf(form.sessionsDefault) }
    val photos = rememberSaveable(saver = savedList({ it }, { it })) { mutableStateListOf<Long>() }
    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp)) {
        Text(form.checkinsTitle)
        form.checkinChoices.forEach { option -> RadioRow(checkins == option.choice, option.label) { checkins = option.choice } }
        CheckRow(sessions, form.sessionsLabel) { sessions = it }
        Text(form.photosTitle, Modifier.padding(top = 12.dp))
        form.photos.forEach { photo ->
            CheckRow(photo.id in photos, photo.label) { on -> if (on) photos.add(photo.id) else photos.remove(photo.id) }
        }
        Button(modifier = Modifier.padding(top = 16.dp), onClick = {
            send(Event.Sharing(SharingEvent.Share(ShareSelection(checkins, photos.toList(), sessions))))
            onQueued()
        }) { Text(form.sendLabel) }
    }
}
