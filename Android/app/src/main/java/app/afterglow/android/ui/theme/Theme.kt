package app.afterglow.android.ui.theme

import androidx.compose.foundation.isSystemInDarkTheme
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.darkColorScheme
import androidx.compose.material3.lightColorScheme
import androidx.compose.runtime.Composable
import androidx.compose.ui.graphics.Color

private val Rose = Color(0xFFB85C6B)
private val Peach = Color(0xFFF4C7B8)

@Composable
fun AfterglowTheme(content: @Composable () -> Unit) {
    val colors = if (isSystemInDarkTheme()) {
        darkColorScheme(primary = Peach, secondary = Rose)
    } else {
        lightColorScheme(primary = Rose, secondary = Peach)
    }
    MaterialTheme(colorScheme = colors, content = content)
}

/** Triage levels keep one colour everywhere (result card, history, trend chart). */
object LevelColors {
    val expected = Color(0xFF4C8C5A)
    val watch = Color(0xFFC99A2E)
    val contactClinic = Color(0xFFD2691E)
    val urgent = Color(0xFFC0392B)
}
