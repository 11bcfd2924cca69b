package app.afterglow.android.ui.common

import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Card
import androidx.compose.material3.CardDefaults
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.shared.types.ErrorView

/** The core's message about the last action (already in the patient's words). */
@Composable
fun ErrorBanner(error: ErrorView?, modifier: Modifier = Modifier) {
    if (error == null) return
    Card(
        modifier = modifier.fillMaxWidth().padding(8.dp),
        colors = CardDefaults.cardColors(containerColor = MaterialTheme.colorScheme.errorContainer),
    ) {
        Text(error.message, Modifier.padding(12.dp), color = MaterialTheme.colorScheme.onErrorContainer)
    }
}
