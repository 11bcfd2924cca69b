package app.afterglow.android.notifications

import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import app.afterglow.android.shell

/**
 * After a reboot alarms are gone; after a clock or zone change they fire at the wrong local time;
 * after exact alarms were allowed or revoked they should switch kind. In each case the core is
 * told the time, plans again and sends a fresh Notify effect, which reschedules everything.
 */
class ReschedulingReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        if (intent.action == "android.app.action.SCHEDULE_EXACT_ALARM_PERMISSION_STATE_CHANGED") {
            context.shell.rescheduleLastPlan()
        }
        context.shell.start()
    }
}
