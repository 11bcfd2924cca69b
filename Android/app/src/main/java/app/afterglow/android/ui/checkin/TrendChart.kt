package app.afterglow.android.ui.checkin

import androidx.compose.foundation.Canvas
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.height
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.Path
import androidx.compose.ui.graphics.drawscope.Stroke
import androidx.compose.ui.semantics.contentDescription
import androidx.compose.ui.semantics.semantics
import androidx.compose.ui.unit.dp
import app.afterglow.shared.types.TrendChart
import app.afterglow.shared.types.TrendMeasure

private val Band = Color(0x3322A06B)

/** A measure's colour (the only choice this file makes about a series). */
private fun TrendMeasure.color() = when (this) {
    TrendMeasure.PAIN -> Color(0xFF9F1239)
    TrendMeasure.REDNESS -> Color(0xFFB45309)
    TrendMeasure.SWELLING -> Color(0xFF1D4ED8)
}

/**
 * The chart the core drew as data (shared/src/checkin/trend.rs): every measure already on one
 * 0–1000 scale, the expected band, and the words. This only maps it onto the canvas. Days without
 * a check-in leave a gap; every answered day gets a dot, so a first check-in is visible.
 */
@Composable
fun TrendChart(chart: TrendChart, modifier: Modifier = Modifier) {
    val n = chart.dayLabels.size
    if (n == 0) return
    Column(modifier) {
        Canvas(Modifier.fillMaxWidth().height(160.dp).padding(vertical = 8.dp).semantics { contentDescription = chart.description }) {
            val step = if (n == 1) 0f else size.width / (n - 1)
            fun x(i: Int) = if (n == 1) size.width / 2 else i * step
            fun y(perMille: UShort) = size.height * (1f - perMille.toFloat() / 1000f)
            chart.band.forEachIndexed { i, top ->
                if (top != null) drawRect(Band, Offset(x(i) - step / 2, y(top)), Size(step.coerceAtLeast(24f), size.height - y(top)))
            }
            chart.series.forEach { series ->
                val path = Path()
                var drawing = false
                series.points.forEachIndexed { i, v ->
                    when {
                        v == null -> drawing = false
                        drawing -> path.lineTo(x(i), y(v))
                        else -> { path.moveTo(x(i), y(v)); drawing = true }
                    }
                    if (v != null) drawCircle(series.measure.color(), radius = 6f, center = Offset(x(i), y(v)))
                }
                drawPath(path, series.measure.color(), style = Stroke(width = 4f))
            }
        }
        Row(Modifier.padding(top = 4.dp)) {
            chart.series.forEach { Text(it.label, Modifier.padding(end = 12.dp), color = it.measure.color()) }
        }
        Text(chart.caption, style = MaterialTheme.typography.bodySmall)
    }
}
