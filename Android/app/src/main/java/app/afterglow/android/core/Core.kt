package app.afterglow.android.core

import app.afterglow.core.CoreFfi
import app.afterglow.core.CruxShell
import app.afterglow.shared.types.ClinicError
import app.afterglow.shared.types.ClinicErrorKind
import app.afterglow.shared.types.ClinicResult
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

/**
 * Platform effects the app carries out. Storage is not among them: the Rust library answers it.
 * Kept free of android.* imports so this class compiles and runs on a plain JVM in CI.
 */
interface PlatformEffects {
    /** A new view model is ready; called on the thread that processed the effect. */
    fun render(view: ViewModel)

    /**
     * Replace every pending local notification with these (AlarmManager/WorkManager on Android).
     * Each fires at its absolute instant; the core already applied the patient's zone, DST and
     * quiet hours, and keeps the list within the platform cap.
     */
    fun replaceNotifications(notifications: List<ScheduledNotification>)
}

/**
 * The one Core of the Android app: sends events across the bridge (bincode bytes, one call per
 * event) and dispatches each effect that comes back to its handler.
 */
class Core(dataDir: String, private val platform: PlatformEffects) : AutoCloseable {
    private val ffi: CoreFfi = CoreFfi(dataDir, object : CruxShell {
        // Effects that follow one Rust handled (e.g. the render after storage answered)
        // arrive here, on a Rust worker thread.
        override fun processEffects(effects: ByteArray) = process(effects)
    })

    @Volatile
    var view: ViewModel = ViewModel.bincodeDeserialize(ffi.view())
        private set

    fun update(event: Event) = process(ffi.update(event.bincodeSerialize()))

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
                // Never expected: the library handles storage and photos in Rust. Answer rather
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

    override fun close() = ffi.close()
}
