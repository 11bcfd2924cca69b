package androidx.core.app

import android.app.Notification
import android.app.PendingIntent
import android.content.Context

// Compile-time stand-in for androidx.core 1.x's NotificationCompat: the members the app uses,
// with their signatures as androidx.core declares them. Never run; Google's Maven, where the
// real class lives, is out of reach here (Android/README.md).
class NotificationCompat private constructor() {
    companion object {
        const val VISIBILITY_PRIVATE: Int = 0
    }

    abstract class Style

    class BigTextStyle : Style() {
        fun bigText(cs: CharSequence?): BigTextStyle = TODO("androidx stub")
    }

    class Builder(context: Context, channelId: String) {
        fun setSmallIcon(icon: Int): Builder = TODO("androidx stub")
        fun setContentTitle(title: CharSequence?): Builder = TODO("androidx stub")
        fun setContentText(text: CharSequence?): Builder = TODO("androidx stub")
        fun setStyle(style: Style?): Builder = TODO("androidx stub")
        fun setContentIntent(intent: PendingIntent?): Builder = TODO("androidx stub")
        fun setAutoCancel(autoCancel: Boolean): Builder = TODO("androidx stub")
        fun setVisibility(visibility: Int): Builder = TODO("androidx stub")
        fun setPublicVersion(n: Notification?): Builder = TODO("androidx stub")
        fun build(): Notification = TODO("androidx stub")
    }
}
