package app.afterglow.android.ui.checkin

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.android.ui.common.color
import app.afterglow.shared.types.CheckinsView
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.SharingEvent

/**
 * What the core decided about the check-in just stored, and what to do now; for "contact
 * clinic" and "urgent" while linked, the clinic's advice and an offer to send this check-in.
 * `dial` opens the phone's dialer with a `tel:` URI (an Android intent in the app), so this screen
 * needs no Android API and compiles and is tested on the desktop runtime.
 */
@Composable
fun CheckinResultScreen(checkins: CheckinsView, send: (Event) -> Unit, dial: (String) -> Unit, onDone: () -> Unit) {
    val result = checkins.lastResult
    Column(Modifier.padding(24.dp)) {
        if (result == null) {
            CircularProgressIndicator() // stored and triaged on the Rust side; the render follows
            return@Column
        }
        Text(checkins.lastResultTitle ?: "", style = MaterialTheme.typography.headlineMedium, color = result.level.color())
        checkins.lastResultDetail?.let { Text(it, style = MaterialTheme.typography.labelLarge) }
        Text(result.advice, Modifier.padding(vertical = 16.dp), style = MaterialTheme.typography.bodyLarge)
        checkins.clinicAdvice?.let { Text(it, style = MaterialTheme.typography.bodyLarge) }
        checkins.callClinic?.let { call ->
            Button(onClick = { dial(call.uri) }) { Text(call.label) }
        }
        val id = checkins.lastCheckinId
        if (checkins.offerShare && id != null) {
            OutlinedButton(onClick = { send(Event.Sharing(SharingEvent.ShareCheckin(id))) }) { Text(checkins.labels.share) }
        }
        checkins.shareNote?.let { Text(it) }
        checkins.clinicAnswer.forEach { Text(it) }
        Button(onClick = onDone, modifier = Modifier.padding(top = 24.dp)) { Text(checkins.labels.done) }
    }
}
