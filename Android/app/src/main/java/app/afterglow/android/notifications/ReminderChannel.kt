package app.afterglow.android.notifications

import android.app.NotificationChannel
import android.app.NotificationManager
import android.content.Context
import app.afterglow.android.R

/** The one notification channel reminders use (Android 8+ requires a channel). */
object ReminderChannel {
    const val ID = "reminders"

    fun create(context: Context) {
        val channel = NotificationChannel(
            ID,
            context.getString(R.string.reminder_channel_name),
            NotificationManager.IMPORTANCE_DEFAULT,
        ).apply { description = context.getString(R.string.reminder_channel_description) }
        context.getSystemService(NotificationManager::class.java).createNotificationChannel(channel)
    }
}
