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
