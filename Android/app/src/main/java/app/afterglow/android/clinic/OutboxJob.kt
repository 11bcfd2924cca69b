package app.afterglow.android.clinic

import android.app.job.JobInfo
import android.app.job.JobParameters
import android.app.job.JobScheduler
import android.app.job.JobService
import android.content.ComponentName
import android.content.Context
import android.os.Handler
import android.os.Looper
import app.afterglow.android.shell

/**
 * Sends the outbox when the app is closed (review #9): an urgent check-in shared automatically
 * must leave even if the patient swipes the app away. The framework's JobScheduler (WorkManager
 * is androidx, not reachable from this project's build checks) runs it once a network is up and
 * the core's next retry instant has come; the job survives reboots. The job only sends the core's
 * `Sync` (through [app.afterglow.android.Shell.start], which loads the record first in a fresh
 * process); delivery, backoff and what is due are decided in the Rust library.
 */
class OutboxJob : JobService() {
    private val main = Handler(Looper.getMainLooper())

    override fun onStartJob(params: JobParameters): Boolean {
        running = true
        var done = false
        val finish = {
            if (!done) {
                done = true
                running = false
                main.removeCallbacksAndMessages(null)
                jobFinished(params, false)
                // The views seen while running did not schedule: set the next one from the latest.
                shell.view.value?.let { schedule(this, it.sharing.nextSyncUtcMs) }
            }
        }
        shell.whenOutboxSent(finish)
        main.postDelayed(finish, MAX_RUN_MS)
        shell.start()
        return true
    }

    /** Stopped by the system (network lost): the next view schedules the job again. */
    override fun onStopJob(params: JobParameters): Boolean {
        running = false
        return false
    }

    companion object {
        private const val ID = 4711
        /** Long enough for a slow network's retries; far below the system's 10 minutes. */
        private const val MAX_RUN_MS = 60_000L

        @Volatile
        private var running = false

        /** Runs the job at `atUtcMs` once online, or cancels it when nothing is due (`null`). */
        fun schedule(context: Context, atUtcMs: Long?) {
            if (running) return // replacing a running job would stop it mid-send
            val scheduler = context.getSystemService(JobScheduler::class.java)
            if (atUtcMs == null) {
                scheduler.cancel(ID)
                return
            }
            val job = JobInfo.Builder(ID, ComponentName(context, OutboxJob::class.java))
                .setRequiredNetworkType(JobInfo.NETWORK_TYPE_ANY)
                .setMinimumLatency((atUtcMs - System.currentTimeMillis()).coerceAtLeast(0))
                .setPersisted(true)
                .build()
            scheduler.schedule(job)
        }
    }
}
