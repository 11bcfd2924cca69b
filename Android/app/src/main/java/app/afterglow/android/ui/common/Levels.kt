package app.afterglow.android.ui.common

import androidx.compose.ui.graphics.Color
import app.afterglow.android.ui.theme.LevelColors
import app.afterglow.shared.types.Level

fun Level.color(): Color = when (this) {
    Level.EXPECTED -> LevelColors.expected
    Level.WATCH -> LevelColors.watch
    Level.CONTACTCLINIC -> LevelColors.contactClinic
    Level.URGENT -> LevelColors.urgent
}

fun Level.title(): String = when (this) {
    Level.EXPECTED -> "As expected"
    Level.WATCH -> "Keep an eye on it"
    Level.CONTACTCLINIC -> "Contact your clinic today"
    Level.URGENT -> "Get help now"
}
