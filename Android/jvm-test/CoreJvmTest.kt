// Runs the Android shell's Core class on a plain JVM against the Linux build of the same Rust
// library: construction, an event round trip with storage handled in Rust, a typed exception
// from malformed input. Smoke-tests the glue; the logic is tested in Rust.

import app.afterglow.android.core.Core
import app.afterglow.android.core.PlatformEffects
import app.afterglow.android.core.sampleSizeFor
import app.afterglow.core.CoreFailure
import app.afterglow.core.CoreFfi
import app.afterglow.core.CruxShell
import app.afterglow.core.SecretStore
import app.afterglow.shared.types.Clock
import app.afterglow.shared.types.ErrorKind
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.JournalEvent
import app.afterglow.shared.types.PhotoForm
import app.afterglow.shared.types.ScheduledNotification
import app.afterglow.shared.types.SessionForm
import app.afterglow.shared.types.SharingEvent
import app.afterglow.shared.types.TreatedArea
import app.afterglow.shared.types.ViewModel
import java.nio.file.Files
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

private var passed = 0
private var failed = 0

private fun check(name: String, body: () -> Unit) {
    try {
        body()
        passed++
        println("ok   $name")
    } catch (e: Throwable) {
        failed++
        println("FAIL $name: $e")
    }
}

private class Renders : PlatformEffects {
    val views = LinkedBlockingQueue<ViewModel>()
    val schedules = LinkedBlockingQueue<List<ScheduledNotification>>()
    /** The threads renders and reminder plans arrived on: one, the core's own (review #14). */
    val threads: MutableSet<String> = java.util.concurrent.ConcurrentHashMap.newKeySet()
    override fun render(view: ViewModel) { threads.add(Thread.currentThread().name); views.put(view) }
    val failures = LinkedBlockingQueue<CoreFailure>()
    override fun failed(problem: CoreFailure) { failures.put(problem) }
    override fun replaceNotifications(notifications: List<ScheduledNotification>) {
        threads.add(Thread.currentThread().name)
        schedules.put(notifications)
    }
    /** Waits for a schedule that satisfies `wanted` (effects of one batch arrive in order). */
    fun scheduleWhere(wanted: (List<ScheduledNotification>) -> Boolean): List<ScheduledNotification> {
        while (true) {
            val next = schedules.poll(10, TimeUnit.SECONDS) ?: error("no matching reminder schedule within 10 s")
            if (wanted(next)) return next
        }
    }
    fun next(): ViewModel = views.poll(10, TimeUnit.SECONDS) ?: error("no render within 10 s")
    /** Waits for a view that satisfies `wanted`. */
    fun viewWhere(wanted: (ViewModel) -> Boolean): ViewModel {
        while (true) {
            val view = next()
            if (wanted(view)) return view
        }
    }
}

// 2026-03-08T13:00:00Z: the morning after a session on the night the clocks went forward.
private val clock = Clock(1_772_974_800_000L, "America/New_York")

fun main() {
    val dir = Files.createTempDirectory("afterglow-jvm").toString()

    check("start loads the record through Rust storage and renders") {
        val renders = Renders()
        Core(dir, renders).use { core ->
            core.update(Event.Start(clock))
            val view = renders.next()
            require(view.ready) { "view not ready" }
        }
    }

    check("a session is stored and today shows its unlock in local time") {
        val renders = Renders()
        Core(dir, renders).use { core ->
            core.update(Event.Start(clock))
            renders.next()
            val form = SessionForm(
                "2026-03-07T22:00", "America/New_York", "1", listOf(TreatedArea.FACE), null, null, false,
                emptyList(),
            )
            core.update(Event.AddSession(form))
            val view = renders.next()
            require(view.error == null) { "error: ${view.error}" }
            val makeup = view.today!!.restrictions.first { it.id == "no_makeup" }
            require(makeup.until == "2026-03-08T23:00:00-04:00") { "until was ${makeup.until}" }
            renders.scheduleWhere { schedule -> schedule.any { it.id == "unlock:1:no_makeup" } }
            // Storage answers through Rust's callback on its own threads; the core still sends every
            // render and plan from the one thread that owns it.
            require(renders.threads == setOf("afterglow-core")) { "effects on ${renders.threads}" }
        }
    }

    check("the session is still there after reopening") {
        val renders = Renders()
        Core(dir, renders).use { core ->
            core.update(Event.Start(clock))
            val today = renders.next().today!!
            require(today.dayIndex == 0u) { "day index ${today.dayIndex}" }
        }
    }

    check("in es-ES the view's words are Spanish: today's phase, an unlock in local time, the tabs") {
        val renders = Renders()
        Core(dir, renders).use { core ->
            core.update(Event.Start(clock))
            renders.next()
            core.update(Event.SetLanguage("es-ES"))
            val view = renders.next()
            val today = view.today!!
            require(today.words.title == "Piel recién tratada: las primeras 24 horas") { "title ${today.words.title}" }
            val makeup = today.restrictions.first { it.id == "no_makeup" }
            require(makeup.unlock == "Maquillaje permitido (use brochas limpias) desde hoy 23:00") { "unlock ${makeup.unlock}" }
            require(view.navigation.places.first().label == "Hoy") { "tab ${view.navigation.places.first().label}" }
        }
    }

    check("a picked photo is imported by the Rust pipeline, and the PDF report carries it") {
        val renders = Renders()
        Core(dir, renders).use { core ->
            core.update(Event.Start(clock))
            renders.next()
            val picked = java.io.File(dir, "picked.jpg")
            val image = java.awt.image.BufferedImage(320, 240, java.awt.image.BufferedImage.TYPE_INT_RGB)
            javax.imageio.ImageIO.write(image, "jpg", picked)
            core.update(Event.Journal(JournalEvent.Add(PhotoForm(picked.path, TreatedArea.FACE, null, null))))
            val view = renders.next()
            require(view.error == null) { "error: ${view.error}" }
            val photo = view.journal.lastImported ?: error("nothing imported")
            require(java.io.File(dir, photo.file).isFile) { "stored file missing: ${photo.file}" }
            require(photo.width == 320u && photo.height == 240u) { "size ${photo.width}x${photo.height}" }

            val report = java.io.File(dir, "report.pdf")
            val sizes = LinkedBlockingQueue<ULong>()
            core.writeReport(report.path, listOf(photo.id), clock) { sizes.put(it) }
            val size = sizes.poll(30, TimeUnit.SECONDS) ?: error("no report within 30 s")
            require(report.readBytes().copyOfRange(0, 5).decodeToString() == "%PDF-") { "not a PDF" }
            require(size == report.length().toULong()) { "size $size vs ${report.length()}" }
        }
    }

    check("with a platform secret store, a clinic that cannot be reached is a clinic error, not a link") {
        val renders = Renders()
        val secrets = object : SecretStore {
            val values = java.util.concurrent.ConcurrentHashMap<String, String>()
            override fun get(key: String): String? = values[key]
            override fun set(key: String, value: String) { values[key] = value }
            override fun delete(key: String) { values.remove(key) }
        }
        Core(dir, renders, secrets).use { core ->
            core.update(Event.Start(clock))
            renders.next()
            // Port 9 (discard) on loopback: nothing answers, with or without the real transport.
            core.update(Event.Sharing(SharingEvent.Link("http://127.0.0.1:9", "EMBY-HEPJ-KH1C", false)))
            val view = renders.viewWhere { it.error != null }
            require(view.error?.kind == ErrorKind.CLINIC) { "error ${view.error}" }
            require(!view.sharing.linked) { "linked to nothing" }
            require(secrets.values.isEmpty()) { "a token was stored without a link" }
        }
    }

    check("photos are decoded scaled to the screen, never larger (review #26)") {
        require(sampleSizeFor(4032, 3024, 2048) == 2) { "12 MP" }
        require(sampleSizeFor(8000, 6000, 2048) == 4) { "48 MP" }
        require(sampleSizeFor(1080, 1920, 2048) == 1) { "already small" }
        require(sampleSizeFor(4100, 100, 2048) == 4) { "a panorama's long side" }
    }

    check("malformed bytes raise CoreFailure.MalformedInput, and the core keeps working") {
        val ffi = CoreFfi(dir, object : CruxShell { override fun processEffects(effects: ByteArray) {} })
        ffi.use {
            try {
                it.update(byteArrayOf(0x7f, 0x01, 0x02))
                error("no exception")
            } catch (e: CoreFailure.MalformedInput) {
                // expected
            }
            require(ViewModel.bincodeDeserialize(it.view()).screen.name == "TODAY")
        }
    }

    println("$passed passed, $failed failed")
    if (failed > 0) kotlin.system.exitProcess(1)
}
