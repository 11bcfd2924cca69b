package app.afterglow.android.ui.journal

import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.aspectRatio
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Button
import androidx.compose.material3.SegmentedButton
import androidx.compose.material3.SegmentedButtonDefaults
import androidx.compose.material3.SingleChoiceSegmentedButtonRow
import androidx.compose.material3.Slider
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableFloatStateOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.draw.drawWithContent
import androidx.compose.ui.graphics.drawscope.clipRect
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import app.afterglow.android.Shell
import app.afterglow.android.share.ShareSheet
import app.afterglow.android.ui.common.DataDirImage
import app.afterglow.shared.types.ComparisonView
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.JournalEvent

/**
 * Two photos, oldest first: side by side, or stacked with a slider that reveals the after photo
 * from the left. "Share" asks the core to draw both with their day labels into one PNG.
 */
@Composable
fun ComparisonScreen(comparison: ComparisonView?, shell: Shell) {
    val context = LocalContext.current
    if (comparison == null) return
    var sideBySide by rememberSaveable { mutableStateOf(true) }
    var split by remember(comparison) { mutableFloatStateOf(comparison.sliderStartPercent.toFloat() / 100f) }
    val before = shell.fileInDataDir(comparison.before.file)
    val after = shell.fileInDataDir(comparison.after.file)

    Column(Modifier.padding(16.dp)) {
        SingleChoiceSegmentedButtonRow {
            SegmentedButton(sideBySide, { sideBySide = true }, SegmentedButtonDefaults.itemShape(0, 2)) { Text(comparison.sideBySide) }
            SegmentedButton(!sideBySide, { sideBySide = false }, SegmentedButtonDefaults.itemShape(1, 2)) { Text(comparison.slider) }
        }
        Text(comparison.title)
        comparison.differentAreas?.let { Text(it) }
        if (sideBySide) {
            Row(Modifier.fillMaxWidth()) {
                DataDirImage(before, comparison.before.dayLabel, Modifier.weight(1f).aspectRatio(0.75f))
                DataDirImage(after, comparison.after.dayLabel, Modifier.weight(1f).aspectRatio(0.75f))
            }
        } else {
            Box(Modifier.fillMaxWidth().aspectRatio(0.75f)) {
                DataDirImage(before, comparison.before.dayLabel, Modifier.fillMaxSize())
                DataDirImage(
                    after, comparison.after.dayLabel,
                    Modifier.fillMaxSize().drawWithContent { clipRect(right = size.width * split) { this@drawWithContent.drawContent() } },
                )
            }
            // Read by TalkBack with its percentage (review #19).
            Slider(split, { split = it }, Modifier.semantics { contentDescription = comparison.sliderLabel })
        }
        Button(onClick = {
            val png = ShareSheet.freshFile(context, "comparison", "png")
            shell.whenWritten(png) { ShareSheet.share(context, png, "image/png", comparison.shareTitle) }
            shell.send(Event.Journal(JournalEvent.WriteComparison(comparison.before.id, comparison.after.id, png.path)))
        }) { Text(comparison.share) }
    }
}
