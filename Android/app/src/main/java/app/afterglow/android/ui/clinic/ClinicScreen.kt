package app.afterglow.android.ui.clinic

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.items
import androidx.compose.material3.Button
import androidx.compose.material3.ListItem
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.android.ui.common.Section
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.InviteOfferView
import app.afterglow.shared.types.SharingEvent
import app.afterglow.shared.types.SharingLabels
import app.afterglow.shared.types.SharingView

/**
 * The clinic link: link with the invite code (or confirm the QR link that opened the app), then what
 * was shared and what is still queued. Delivery, retries and the token are handled by the Rust
 * library; this screen only shows the core's account of it.
 */
@Composable
fun ClinicScreen(sharing: SharingView, send: (Event) -> Unit, onShare: () -> Unit) {
    LazyColumn {
        item { Text(sharing.status, Modifier.padding(16.dp)) }
        // An invite link opened the app: the core names its server, and nothing is sent until
        // the patient confirms (review #29).
        sharing.inviteOffer?.let { offer -> item { InviteOfferCard(offer, sharing.labels, send) } }
        if (!sharing.linked || sharing.relinkNeeded) {
            item { LinkForm(sharing.labels, send) }
        } else {
            item {
                Section(sharing.clinicName.orEmpty()) {
                    sharing.labels.phoneLine?.let { Text(it) }
                    sharing.afterHoursAdvice?.let { Text(it) }
                    Row(Modifier.padding(top = 8.dp)) {
                        Button(onClick = onShare) { Text(sharing.labels.shareButton) }
                        OutlinedButton(onClick = { send(Event.Sharing(SharingEvent.Sync)) }, Modifier.padding(start = 8.dp)) {
                            Text(sharing.labels.sendNow)
                        }
                    }
                    OutlinedButton(onClick = { send(Event.Sharing(SharingEvent.Unlink)) }) { Text(sharing.labels.unlink) }
                }
            }
            // The clinic could not be reached to end this phone's access: the core's words.
            sharing.unlinkTrouble?.let { trouble ->
                item {
                    Section(sharing.labels.stillLinked) {
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
            item { Text(sharing.labels.outboxTitle, Modifier.padding(16.dp), style = MaterialTheme.typography.titleMedium) }
        }
        items(sharing.items, key = { it.id }) { item ->
            ListItem(
                headlineContent = { Text(item.label) },
                supportingContent = {
                    Column {
                        Text(item.stateText)
                        item.reason?.let { Text(it) }
                    }
                },
            )
        }
    }
}

@Composable
private fun InviteOfferCard(offer: InviteOfferView, words: SharingLabels, send: (Event) -> Unit) {
    var autoShare by rememberSaveable { mutableStateOf(words.autoShareDefault) }
    Section(offer.question) {
        Text(offer.caution)
        Row(verticalAlignment = Alignment.CenterVertically) {
            Switch(autoShare, { autoShare = it })
            Text(words.autoShareLabel, Modifier.padding(start = 8.dp))
        }
        Row(Modifier.padding(top = 8.dp)) {
            Button(onClick = { send(Event.Sharing(SharingEvent.AcceptInvite(autoShare))) }) { Text(offer.acceptLabel) }
            OutlinedButton(onClick = { send(Event.Sharing(SharingEvent.DeclineInvite)) }, Modifier.padding(start = 8.dp)) {
                Text(offer.declineLabel)
            }
        }
    }
}

@Composable
private fun LinkForm(words: SharingLabels, send: (Event) -> Unit) {
    var server by rememberSaveable { mutableStateOf("") }
    var code by rememberSaveable { mutableStateOf("") }
    var autoShare by rememberSaveable { mutableStateOf(words.autoShareDefault) }
    words.relinkAlert?.let { Text(it, Modifier.padding(horizontal = 16.dp), color = MaterialTheme.colorScheme.error) }
    Section(words.linkTitle) {
        Text(words.linkHelp)
        OutlinedTextField(code, { code = it }, label = { Text(words.inviteLabel) })
        // A pasted invite link carries its server, which the core prefers to this field.
        OutlinedTextField(server, { server = it }, label = { Text(words.serverLabel) })
        Row(verticalAlignment = Alignment.CenterVertically) {
            Switch(autoShare, { autoShare = it })
            Text(words.autoShareLabel, Modifier.padding(start = 8.dp))
        }
        Button(onClick = { send(Event.Sharing(SharingEvent.Link(server.trim(), code.trim(), autoShare))) }) { Text(words.linkButton) }
    }
}
