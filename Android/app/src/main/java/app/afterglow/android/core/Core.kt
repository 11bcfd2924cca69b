package app.afterglow.android.core

import app.afterglow.core.CoreFailure
import app.afterglow.core.CoreFfi
import app.afterglow.core.CruxShell
import app.afterglow.core.SecretStore
import app.afterglow.shared.types.ClinicError
import app.afterglow.shared.types.ClinicErrorKind
import app.afterglow.shared.types.ClinicResult
import app.afterglow.shared.types.Clock
import app.afterglow.shared.types.Effect
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.NotifyOperation
import app.afterglow.shared.types.PhotoError
import app.afterglow.shared.types.PhotoErrorKind
import app.afterglow.shared.types.PhotoResult
import app.afterglow.shared.types.Requests
import app.afterglow.shared.types.ScheduledNotification
import app.afterglow.shared.types.StoreError
import app.afterglow.shared.types.StoreErrorKind
import app.afterglow.shared.types.StoreResult
import app.afterglow.shared.types.ViewModel
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.RejectedExecutionException
import java.util.concurrent.TimeUnit

/**
 * Platform effects the app carries out. Storage is not among them: the Rust library answers it.
 * Kept free of android.* imports so this class compiles and runs on a plain JVM in CI.
 */
interface PlatformEffects {
    /** A new view model is ready; called on the core's own thread (the shell moves it to the UI). */
    fun render(view: ViewModel)

    /** The library refused a call (malformed bytes, a full disk); called on the core's thread. */
    fun failed(problem: CoreFailure)

    /**
     * Replace every pending local notification with these (AlarmManager/WorkManager on Android).
     * Each fires at its absolute instant; the core already applied the patient's zone, DST and
     * quiet hours, and keeps the list within the platform cap.
     */
    fun replaceNotifications(notifications: List<ScheduledNotification>)
}

/**
 * The one Core of the Android app: sends events across the bridge (bincode bytes, one call per
 * event) and dispatches each effect that comes back to its handler. `secrets` holds the clinic
 * token (the app passes its Keystore-backed store); without one the library keeps the token in
 * an owner-only file in `dataDir`.
 */
class Core(dataDir: String, private val platform: PlatformEffects, secrets: SecretStore? = null) : AutoCloseable {
    // One thread owns the core: every update, every effect batch Rust calls back with (from its
    // worker threads) and the report run here, in order. Two threads calling `process` let an
    // older render overwrite a newer one and two reminder plans race (review #14).
    private val owner: ExecutorService = Executors.newSingleThreadExecutor { Thread(it, "afterglow-core") }

    private val callback = object : CruxShell {
        override fun processEffects(effects: ByteArray) = onCoreThread { process(effects) }
    }
    private val ffi: CoreFfi =
        if (secrets == null) CoreFfi(dataDir, callback) else CoreFfi.withSecretStore(dataDir, callback, secrets)

    @Volatile
    var view: ViewModel = ViewModel.bincodeDeserialize(ffi.view())
        private set

    /** Queues the event on the core's thread; its renders reach [PlatformEffects.render] there. */
    fun update(event: Event) = onCoreThread { process(ffi.update(event.bincodeSerialize())) }

    /**
     * Writes the PDF recovery report (with the chosen photos' thumbnails) to `destination` for the
     * share sheet, on the core's thread, then calls `written` there with its size in bytes.
     */
    fun writeReport(destination: String, photoIds: List<Long>, clock: Clock, written: (ULong) -> Unit) =
        onCoreThread { written(ffi.writeReport(destination, photoIds, clock.zone, clock.nowUtcMs)) }

    private fun onCoreThread(work: () -> Unit) {
        try {
            owner.execute {
                try {
                    work()
                } catch (e: CoreFailure) {
                    platform.failed(e)
                }
            }
        } catch (e: RejectedExecutionException) {
            // Closed: a callback Rust sends after `close` has no core left to go to.
        }
    }

    private fun process(effects: ByteArray) {
        for (request in Requests.bincodeDeserialize(effects).value) {
            when (val effect = request.effect) {
                is Effect.Render -> {
                    view = ViewModel.bincodeDeserialize(ffi.view())
                    platform.render(view)
                }
                is Effect.Notify -> when (val operation = effect.value) {
                    is NotifyOperation.ReplaceAll -> platform.replaceNotifications(operation.notifications)
                }
                // Never expected: the library handles storage, photos and the clinic in Rust. Answer rather
                // than leave the core waiting, so a wiring mistake shows as an error, not a hang.
                is Effect.Photo -> {
                    val failed = PhotoResult.Failed(
                        PhotoError(PhotoErrorKind.OTHER, "photo effect reached the Android shell"),
                    )
                    process(ffi.resolve(request.id, failed.bincodeSerialize()))
                }
                is Effect.Clinic -> {
                    val failed = ClinicResult.Failed(
                        ClinicError(ClinicErrorKind.OTHER, "clinic effect reached the Android shell"),
                    )
                    process(ffi.resolve(request.id, failed.bincodeSerialize()))
                }
                is Effect.Store -> {
                    val failed = StoreResult.Failed(
                        StoreError(StoreErrorKind.OTHER, "storage effect reached the Android shell"),
                    )
                    process(ffi.resolve(request.id, failed.bincodeSerialize()))
                }
            }
        }
    }

    /** Lets queued work finish (up to 10 s), then frees the library's core. */
    override fun close() {
        owner.shutdown()
        owner.awaitTermination(10, TimeUnit.SECONDS)
        ffi.close()
    }
}
