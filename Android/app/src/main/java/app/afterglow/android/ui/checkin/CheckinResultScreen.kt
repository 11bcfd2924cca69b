package app.afterglow.android.ui.checkin

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.android.ui.common.color
import app.afterglow.android.ui.common.title
import app.afterglow.shared.types.TriageResult

/** What the core decided about the check-in just stored, and what to do now. */
@Composable
fun CheckinResultScreen(result: TriageResult?, onDone: () -> Unit) {
    Column(Modifier.padding(24.dp)) {
        if (result == null) {
            CircularProgressIndicator() // stored and triaged on the Rust side; the render follows
            return@Column
        }
        Text(result.level.title(), style = MaterialTheme.typography.headlineMedium, color = result.level.color())
        Text("Day ${result.dayIndex}", style = MaterialTheme.typography.labelLarge)
        Text(result.advice, Modifier.padding(vertical = 16.dp), style = MaterialTheme.typography.bodyLarge)
        if (result.flaggedForSharing) {
            Text("This check-in is marked for your clinic.", style = MaterialTheme.typography.bodyMedium)
        }
        Button(onClick = onDone, modifier = Modifier.padding(top = 24.dp)) { Text("Done") }
    }
}
