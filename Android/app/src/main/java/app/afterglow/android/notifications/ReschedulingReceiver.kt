package app.afterglow.android.notifications

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.os.Handler
import android.os.Looper
import app.afterglow.android.shell
import java.util.concurrent.atomic.AtomicBoolean

/**
 * After a reboot alarms are gone; after a clock or zone change they fire at the wrong local time;
 * after exact alarms were allowed or revoked they should switch kind. In each case the core is
 * told the time, plans again and sends a fresh Notify effect, which reschedules everything.
 */
class ReschedulingReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        // Exported for the system's broadcasts; any other intent (another app's) is ignored.
        if (intent.action !in ACTIONS) return
        val shell = context.shell
        if (intent.action == EXACT_ALARMS_CHANGED) shell.rescheduleLastPlan()
        // The new plan arrives later (the record loads on the Rust storage worker, then Notify):
        // keep the process alive until the alarms are set, at most 9 s of the 10 a receiver has.
        val pending = goAsync()
        val finished = AtomicBoolean(false)
        val finish = { if (finished.compareAndSet(false, true)) pending.finish() }
        shell.afterNextPlan(finish)
        Handler(Looper.getMainLooper()).postDelayed({ finish() }, PLAN_WAIT_MS)
        shell.start()
    }

    companion object {
        const val EXACT_ALARMS_CHANGED = "android.app.action.SCHEDULE_EXACT_ALARM_PERMISSION_STATE_CHANGED"
        const val PLAN_WAIT_MS = 9_000L
        val ACTIONS = setOf(
            Intent.ACTION_BOOT_COMPLETED,
            Intent.ACTION_TIMEZONE_CHANGED,
            Intent.ACTION_TIME_CHANGED,
            EXACT_ALARMS_CHANGED,
        )
    }
}
