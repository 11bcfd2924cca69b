package app.afterglow.android.ui.clinic

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.ListItem
import androidx.compose.material3.OutlinedButton
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
import androidx.compose.ui.unit.dp
import app.afterglow.android.ui.common.Section
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.OutboxState
import app.afterglow.shared.types.SharingEvent
import app.afterglow.shared.types.SharingView

/**
 * The clinic link: link with the invite code (or the QR link that opened the app), then what
 * was shared and what is still queued. Delivery, retries and the token are handled by the Rust
 * library; this screen only shows the core's account of it.
 */
@Composable
fun ClinicScreen(sharing: SharingView, enrollLink: String?, send: (Event) -> Unit, onShare: () -> Unit) {
    LazyColumn {
        item { Text(sharing.status, Modifier.padding(16.dp)) }
        if (!sharing.linked || sharing.relinkNeeded) {
            item { LinkForm(enrollLink, relink = sharing.relinkNeeded, send) }
        } else {
            item {
                Section(sharing.clinicName.orEmpty()) {
                    sharing.clinicPhone?.let { Text("Phone: $it") }
                    sharing.afterHoursAdvice?.let { Text(it) }
                    Row(Modifier.padding(top = 8.dp)) {
                        Button(onClick = onShare) { Text("Share with the clinic") }
                        OutlinedButton(onClick = { send(Event.Sharing(SharingEvent.Sync)) }, Modifier.padding(start = 8.dp)) {
                            Text("Send now")
                        }
                    }
                    OutlinedButton(onClick = { send(Event.Sharing(SharingEvent.Unlink)) }) { Text("Unlink") }
                }
            }
            // The clinic could not be reached to end this phone's access: the core's words.
            sharing.unlinkTrouble?.let { trouble ->
                item {
                    Section("Still linked") {
                        Text(trouble.message)
                        Row(Modifier.padding(top = 8.dp)) {
                            Button(onClick = { send(Event.Sharing(SharingEvent.Unlink)) }) { Text(trouble.retryLabel) }
                            OutlinedButton(onClick = { send(Event.Sharing(SharingEvent.UnlinkHere)) }, Modifier.padding(start = 8.dp)) {
                                Text(trouble.hereOnlyLabel)
                            }
                        }
                        Text(trouble.hereOnlyNote)
                    }
                }
            }
        }
        if (sharing.items.isNotEmpty()) {
            item { Text("Queued ${sharing.queued} · sent ${sharing.sent} · failed ${sharing.failed}", Modifier.padding(16.dp)) }
        }
        items(sharing.items, key = { it.id }) { item ->
            ListItem(
                headlineContent = { Text(item.label) },
                supportingContent = {
                    Column {
                        Text(item.stateText)
                        item.reason?.let { Text(it) }
                        if (item.state == OutboxState.QUEUED) item.nextAttemptLabel?.let { Text("Next try $it") }
                    }
                },
            )
        }
    }
}

@Composable
private fun LinkForm(enrollLink: String?, relink: Boolean, send: (Event) -> Unit) {
    var server by remember { mutableStateOf("") }
    var code by remember(enrollLink) { mutableStateOf(enrollLink.orEmpty()) }
    var autoShare by remember { mutableStateOf(false) }
    Section(if (relink) "Link again" else "Link with your clinic") {
        Text("Enter the code your clinic gave you, or scan its QR code with the camera app.")
        OutlinedTextField(code, { code = it }, label = { Text("Invite code or link") })
        // A QR link carries its server; a typed code needs the clinic's address.
        if (!code.startsWith("afterglow://")) {
            OutlinedTextField(server, { server = it }, label = { Text("Clinic address (https://…)") })
        }
        Row(verticalAlignment = Alignment.CenterVertically) {
            Switch(autoShare, { autoShare = it })
            Text("Send check-ins that need the clinic automatically", Modifier.padding(start = 8.dp))
        }
        Button(onClick = { send(Event.Sharing(SharingEvent.Link(server.trim(), code.trim(), autoShare))) }) { Text("Link") }
    }
}
