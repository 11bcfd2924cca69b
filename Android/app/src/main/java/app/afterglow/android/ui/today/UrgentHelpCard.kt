package app.afterglow.android.ui.today

import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.text.font.FontWeight
import app.afterglow.android.ui.common.Section
import app.afterglow.shared.types.UrgentHelpView

/** The red flags and the emergency action, in the core's words: always on Today. */
@Composable
fun UrgentHelpCard(card: UrgentHelpView) {
    Section(card.title) {
        Text(card.action, fontWeight = FontWeight.Bold)
        card.signs.forEach { Text("• $it") }
        card.afterwards?.let { Text(it) }
    }
}
