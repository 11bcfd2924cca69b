package app.afterglow.android.notifications

import android.app.AlarmManager
import android.app.PendingIntent
import android.content.Context
import android.content.Intent
import android.net.Uri
import app.afterglow.shared.types.ScheduledNotification

/**
 * Handles the Notify effect: replaces every pending reminder alarm with the core's plan.
 *
 * The core already chose the instants (zone, DST, quiet hours) and capped the count, so this only
 * cancels what was scheduled before and sets one alarm per reminder. Alarms that may fire in Doze
 * use the *AllowWhileIdle variants; exact ones only when the patient allowed exact alarms
 * (Android 12+ asks), otherwise the system may delay them by minutes, which a skincare reminder
 * tolerates.
 */
class ReminderScheduler(private val context: Context) {
    private val alarms = context.getSystemService(AlarmManager::class.java)
    private val scheduled = context.getSharedPreferences("scheduled_reminders", Context.MODE_PRIVATE)

    fun replaceAll(notifications: List<ScheduledNotification>) {
        for (id in scheduled.getStringSet(IDS, emptySet()).orEmpty()) {
            alarms.cancel(pendingIntent(id, null))
        }
        val exact = ExactAlarms.allowed(context)
        for (notification in notifications) {
            val intent = pendingIntent(notification.id, notification)
            if (exact) {
                alarms.setExactAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, notification.fireAtUtcMs, intent)
            } else {
                alarms.setAndAllowWhileIdle(AlarmManager.RTC_WAKEUP, notification.fireAtUtcMs, intent)
            }
        }
        scheduled.edit().putStringSet(IDS, notifications.map { it.id }.toSet()).apply()
    }

    /** One PendingIntent per reminder id: the id is the intent's data, so they never collide. */
    private fun pendingIntent(id: String, notification: ScheduledNotification?): PendingIntent {
        val intent = Intent(context, ReminderReceiver::class.java)
            .setData(Uri.fromParts("afterglow-reminder", id, null))
        if (notification != null) {
            intent.putExtra(ReminderReceiver.TITLE, notification.title)
            intent.putExtra(ReminderReceiver.BODY, notification.body)
            intent.putExtra(ReminderReceiver.PUBLIC_TEXT, notification.publicText)
            intent.putExtra(ReminderReceiver.OPENS, notification.opens.name)
        }
        return PendingIntent.getBroadcast(
            context, 0, intent, PendingIntent.FLAG_UPDATE_CURRENT or PendingIntent.FLAG_IMMUTABLE,
        )
    }

    private companion object {
        const val IDS = "ids"
    }
}
