package app.afterglow.android.ui.common

import androidx.compose.foundation.layout.Arrangement
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Surface
import androidx.compose.material3.Switch
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.text.style.TextAlign
import androidx.compose.ui.unit.dp
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.LockEvent
import app.afterglow.shared.types.LockScreenView
import app.afterglow.shared.types.LockSettingView

/**
 * Drawn instead of the app while the core says it is locked (`view.lock.screen`). Every word is
 * the core's; [unlock] asks the platform (BiometricPrompt with the device credential) and sends
 * its answer to the core as `LockEvent.UnlockResult`. The first ask, once the activity is in
 * front, is `AfterglowApp`'s: this screen is composed while the app goes to the background.
 */
@Composable
fun LockScreen(screen: LockScreenView, unlock: () -> Unit) {
    Surface(Modifier.fillMaxSize()) {
        Column(
            Modifier.fillMaxSize().safeDrawingPadding().padding(24.dp),
            verticalArrangement = Arrangement.spacedBy(16.dp, Alignment.CenterVertically),
            horizontalAlignment = Alignment.CenterHorizontally,
        ) {
            Text(screen.title, style = MaterialTheme.typography.headlineSmall, textAlign = TextAlign.Center)
            Text(screen.body, textAlign = TextAlign.Center)
            screen.failure?.let { Text(it, color = MaterialTheme.colorScheme.error, textAlign = TextAlign.Center) }
            Button(onClick = unlock) { Text(screen.unlockLabel) }
        }
    }
}

/** The setting's row, where the core offers it (`view.lock.setting`: only if the device can lock). */
@Composable
fun LockSettingRow(setting: LockSettingView, send: (Event) -> Unit) {
    Row(Modifier.fillMaxWidth().padding(16.dp), verticalAlignment = Alignment.CenterVertically) {
        Column(Modifier.weight(1f)) {
            Text(setting.label)
            Text(setting.hint, style = MaterialTheme.typography.bodySmall)
        }
        Switch(checked = setting.on, onCheckedChange = { send(Event.Lock(LockEvent.Set(it))) })
    }
}
