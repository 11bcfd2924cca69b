package app.afterglow.android.ui.checkin

import androidx.compose.foundation.Canvas
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.geometry.Offset
import androidx.compose.ui.geometry.Size
import androidx.compose.ui.graphics.Color
import androidx.compose.ui.graphics.Path
import androidx.compose.ui.graphics.drawscope.DrawScope
import androidx.compose.ui.graphics.drawscope.Stroke
import app.afterglow.android.ui.common.color
import app.afterglow.shared.types.TrendDay
import app.afterglow.shared.types.TrendView

private val Redness = Color(0xFFD9534F)
private val Swelling = Color(0xFF3B6FD9)
private val Band = Color(0x33D9534F)

/**
 * Redness (0–4) and swelling (0–3) per day since the session, drawn over the expected redness
 * band, each on its own scale normalised to the chart's height. Days without a check-in leave
 * a gap; each point is coloured by that day's triage level.
 */
@Composable
fun TrendChart(trend: TrendView, modifier: Modifier = Modifier) {
    Canvas(modifier) {
        val days = trend.days
        if (days.isEmpty()) return@Canvas
        val step = size.width / (days.size - 1).coerceAtLeast(1)
        fun x(i: Int) = i * step
        fun y(value: Int, max: Int) = size.height * (1f - value.toFloat() / max)

        days.forEachIndexed { i, day ->
            val band = day.expected ?: return@forEachIndexed
            val top = y(band.rednessMax.toInt(), 4)
            drawRect(Band, Offset(x(i) - step / 2, top), Size(step, size.height - top))
        }
        drawSeries(days, Redness, ::x) { it.redness?.let { v -> y(v.toInt(), 4) } }
        drawSeries(days, Swelling, ::x) { it.swelling?.let { v -> y(v.toInt(), 3) } }
        days.forEachIndexed { i, day ->
            val level = day.level ?: return@forEachIndexed
            val value = day.redness ?: return@forEachIndexed
            drawCircle(level.color(), radius = 6f, center = Offset(x(i), y(value.toInt(), 4)))
        }
    }
}

private fun DrawScope.drawSeries(days: List<TrendDay>, color: Color, x: (Int) -> Float, y: (TrendDay) -> Float?) {
    val path = Path()
    var drawing = false
    days.forEachIndexed { i, day ->
        val value = y(day)
        when {
            value == null -> drawing = false
            drawing -> path.lineTo(x(i), value)
            else -> { path.moveTo(x(i), value); drawing = true }
        }
    }
    drawPath(path, color, style = Stroke(width = 4f))
}
