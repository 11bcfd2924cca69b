package app.afterglow.android

import android.content.Context
import android.os.Handler
import android.os.Looper
import app.afterglow.android.clinic.ClinicSync
import app.afterglow.android.core.Core
import app.afterglow.android.core.PlatformEffects
import app.afterglow.android.core.deviceClock
import app.afterglow.android.notifications.ReminderScheduler
import app.afterglow.android.secrets.KeystoreSecretStore
import app.afterglow.core.CoreFailure
import app.afterglow.core.startFailureWords
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.ScheduledNotification
import app.afterglow.shared.types.SharingEvent
import app.afterglow.shared.types.ViewModel
import java.io.File
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.asStateFlow

/**
 * The Android side of the bridge: the [Core] plus one handler per platform effect. The core runs
 * on its own thread (events in order); views are published on the main thread, in the order the
 * core rendered them, as a [StateFlow] the UI collects.
 * Storage, photo import, the clinic transport and the PDF are done by the Rust library; only
 * paths cross. The clinic token is sealed by the Android Keystore ([KeystoreSecretStore]).
 */
class Shell(context: Context) : PlatformEffects {
    /** The patient's data: SQLite database and photo journal, in app-private storage. */
    val dataDir: File = File(context.filesDir, "afterglow")
    private val reminders = ReminderScheduler(context)
    private val mainThread = Handler(Looper.getMainLooper())

    private val currentView = MutableStateFlow<ViewModel?>(null)
    val view: StateFlow<ViewModel?> = currentView.asStateFlow()

    /** The data could not be opened at all (e.g. written by a newer app version). */
    private val currentFailure = MutableStateFlow<String?>(null)
    val failure: StateFlow<String?> = currentFailure.asStateFlow()

    /** A call the core refused (a shell bug, a full disk); shown once, the app keeps working. */
    private val currentProblem = MutableStateFlow<String?>(null)
    val problem: StateFlow<String?> = currentProblem.asStateFlow()

    /** Files the core was asked to write (comparison, export) and what to do once they exist. */
    private val waitingForFiles = ConcurrentHashMap<String, () -> Unit>()

    private val clinicSync = ClinicSync(context) { send(Event.Sharing(SharingEvent.Sync)) }

    @Volatile
    private var lastPlan: List<ScheduledNotification>? = null

    /** Run once a view shows the outbox loaded and empty (the background job finishing). */
    private val outboxWaiters = ConcurrentLinkedQueue<() -> Unit>()

    /** Run once the next plan is handed to the alarms (a receiver finishing its `goAsync`). */
    private val planWaiters = ConcurrentLinkedQueue<() -> Unit>()

    @Volatile
    private var started = false

    private val core: Core? = try {
        Core(dataDir.path, this, KeystoreSecretStore(context))
    } catch (e: CoreFailure) {
        // The core did not start: its catalogue words the line in the device's language.
        currentFailure.value = startFailureWords(java.util.Locale.getDefault().toLanguageTag(), e.message.orEmpty())
        null
    }

    init {
        core?.let { currentView.value = it.view }
    }

    /**
     * Loads the record once per process; afterwards only tells the core the time moved on. Either
     * way the outbox gets a chance to go out.
     */
    fun start() {
        val event = if (started) Event.ClockChanged(deviceClock()) else Event.Start(deviceClock())
        val first = !started
        started = true
        send(event)
        // The device's language picks the core's words ("es-US" → Spanish; unknown → English).
        if (first) send(Event.SetLanguage(java.util.Locale.getDefault().toLanguageTag()))
        send(Event.Sharing(SharingEvent.Sync))
    }

    fun send(event: Event) {
        core?.update(event)
    }

    fun reportProblem(message: String) {
        currentProblem.value = message
    }

    fun dismissProblem() {
        currentProblem.value = null
    }

    /** Writes the PDF report off the main thread, then calls `onWritten` on the main thread. */
    fun writeReport(destination: File, photoIds: List<Long> = emptyList(), onWritten: () -> Unit) {
        core?.writeReport(destination.path, photoIds, deviceClock()) { mainThread.post { onWritten() } }
    }

    /** Runs `then` on the main thread once a view reports `file` written (`journal.lastWritten`). */
    fun whenWritten(file: File, then: () -> Unit) {
        waitingForFiles[file.path] = then
    }

    /** The absolute path of a file the view names relative to the data dir (photos, thumbnails). */
    fun fileInDataDir(relative: String): File = File(dataDir, relative)

    // Platform effects -------------------------------------------------------------------------

    // Called on the core's thread; the UI reads views only on the main thread, so a render is
    // posted there (Handler order keeps the core's order: no older view lands after a newer one).
    override fun render(view: ViewModel) {
        mainThread.post {
            currentView.value = view
            clinicSync.retryAt(view.sharing.nextSyncUtcMs)
            if (view.sharing.loaded && view.sharing.queued == 0u) {
                while (true) outboxWaiters.poll()?.invoke() ?: break
            }
            val written = view.journal.lastWritten ?: return@post
            waitingForFiles.remove(File(written).path)?.invoke()
        }
    }

    override fun failed(problem: CoreFailure) {
        mainThread.post { currentProblem.value = problem.message }
    }

    override fun replaceNotifications(notifications: List<ScheduledNotification>) {
        lastPlan = notifications
        reminders.replaceAll(notifications)
        while (true) planWaiters.poll()?.invoke() ?: break
    }

    /** Calls `then` on the main thread once a view shows nothing left in the outbox. */
    fun whenOutboxSent(then: () -> Unit) {
        outboxWaiters.add(then)
    }

    /** Calls `then` once the next plan the core sends is set as alarms. */
    fun afterNextPlan(then: () -> Unit) {
        planWaiters.add(then)
    }

    /** Sets the last plan again, e.g. after exact alarms were allowed (the plan itself is unchanged). */
    fun rescheduleLastPlan() {
        lastPlan?.let(reminders::replaceAll)
    }
}
