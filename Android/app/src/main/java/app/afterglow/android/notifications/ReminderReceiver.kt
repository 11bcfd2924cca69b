package app.afterglow.android.notifications

import android.Manifest
import android.app.PendingIntent
import android.content.BroadcastReceiver
import android.content.Context
import android.content.Intent
import android.content.pm.PackageManager
import androidx.core.app.NotificationCompat
import androidx.core.app.NotificationManagerCompat
import androidx.core.content.ContextCompat
import app.afterglow.android.MainActivity

/** An alarm went off: show its reminder. Tapping it opens the app where the core said (`opens`). */
class ReminderReceiver : BroadcastReceiver() {
    override fun onReceive(context: Context, intent: Intent) {
        val allowed = ContextCompat.checkSelfPermission(context, Manifest.permission.POST_NOTIFICATIONS) ==
            PackageManager.PERMISSION_GRANTED
        if (!allowed) return // Android 13+: the patient declined; nothing to show.
        val id = intent.data?.schemeSpecificPart.hashCode()
        // Its own request code: reminders' extras would otherwise overwrite one another.
        val tapped = Intent(context, MainActivity::class.java).putExtra(OPENS, intent.getStringExtra(OPENS))
        val open = PendingIntent.getActivity(
            context, id, tapped, PendingIntent.FLAG_IMMUTABLE or PendingIntent.FLAG_UPDATE_CURRENT,
        )
        // What a secure lock screen shows instead: the core's words, naming nothing (review #20).
        val lockScreen = NotificationCompat.Builder(context, ReminderChannel.ID)
            .setSmallIcon(android.R.drawable.ic_popup_reminder)
            .setContentTitle(intent.getStringExtra(PUBLIC_TEXT))
            .build()
        val notification = NotificationCompat.Builder(context, ReminderChannel.ID)
            .setSmallIcon(android.R.drawable.ic_popup_reminder)
            .setContentTitle(intent.getStringExtra(TITLE))
            .setContentText(intent.getStringExtra(BODY))
            .setStyle(NotificationCompat.BigTextStyle().bigText(intent.getStringExtra(BODY)))
            .setContentIntent(open)
            .setAutoCancel(true)
            // On a secure lock screen only the public version shows: a reminder can name a
            // treatment or a symptom (review #20).
            .setVisibility(NotificationCompat.VISIBILITY_PRIVATE)
            .setPublicVersion(lockScreen)
            .build()
        NotificationManagerCompat.from(context).notify(id, notification)
    }

    companion object {
        const val TITLE = "title"
        const val BODY = "body"
        const val PUBLIC_TEXT = "public_text"
        /** The name of the core's `Place` a tap opens; MainActivity reads it back. */
        const val OPENS = "opens"
    }
}
