package androidx.core.app

import android.app.Notification
import android.content.Context

// Compile-time stand-in for androidx.core 1.x's NotificationManagerCompat (see
// NotificationCompat.kt).
class NotificationManagerCompat private constructor() {
    fun notify(id: Int, notification: Notification): Unit = TODO("androidx stub")

    fun areNotificationsEnabled(): Boolean = TODO("androidx stub")

    companion object {
        @JvmStatic
        fun from(context: Context): NotificationManagerCompat = TODO("androidx stub")
    }
}
