// Per-event round trip through the uniffi FFI from Kotlin on the JVM, as the Android shell does
// it for the today screen: event encoded, update() across JNA, effects decoded, view() across
// JNA, view model decoded, and the render handed to the platform on the core's own thread (the
// Android `Core` runs every update there, review #14), so each sample waits for that render.
// 40 sessions over 5 years. Prints median and p99 against a 120 Hz frame.
package bench

import app.afterglow.android.core.Core
import app.afterglow.core.CoreFailure
import app.afterglow.android.core.PlatformEffects
import app.afterglow.shared.types.Clock
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.ScheduledNotification
import app.afterglow.shared.types.SessionForm
import app.afterglow.shared.types.TreatedArea
import app.afterglow.shared.types.ViewModel
import java.nio.file.Files
import java.time.Instant
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

private class Frames : PlatformEffects {
    val views = LinkedBlockingQueue<ViewModel>()
    override fun render(view: ViewModel) { views.put(view) }
    override fun replaceNotifications(notifications: List<ScheduledNotification>) {}
    override fun failed(problem: CoreFailure) { error("the library refused a call: $problem") }
    fun next(): ViewModel = views.poll(30, TimeUnit.SECONDS) ?: error("no render")
}

fun main() {
    val dir = Files.createTempDirectory("afterglow-bench").toString()
    val now = Instant.parse("2026-11-22T09:00:00Z")
    val clock = Clock(now.toEpochMilli(), "Europe/Paris")
    val frames = Frames()
    Core(dir, frames).use { core ->
        core.update(Event.Start(clock))
        frames.next()
        for (i in 0 until 40) {
            val start = now.minusSeconds((40 - i) * 45L * 86_400 - 3 * 86_400)
            core.update(Event.AddSession(SessionForm(start.toString(), "Europe/Paris", "1", listOf(TreatedArea.FACE), null, null, false, emptyList())))
            val view = frames.next()
            require(view.error == null) { "session $i: ${view.error}" }
        }
        val tick = Event.ClockChanged(clock)
        repeat(3_000) { core.update(tick); frames.next() }
        val samples = LongArray(10_000)
        for (i in samples.indices) {
            val t0 = System.nanoTime()
            core.update(tick)
            frames.next() // the render: view() + decode on the core's thread, then handed over
            samples[i] = System.nanoTime() - t0
        }
        samples.sort()
        val median = samples[samples.size / 2] / 1000.0
        val p99 = samples[samples.size * 99 / 100] / 1000.0
        val frameUs = 1_000_000.0 / 120.0
        println("today round trip (Kotlin -> uniffi/JNA -> core -> view model), 40 sessions: " +
            "median %.1f µs, p99 %.1f µs, %.2f %% of a 120 Hz frame".format(median, p99, 100 * median / frameUs))
    }
}
