package androidx.core.content

import android.content.Context

// Compile-time stand-in for androidx.core 1.x's ContextCompat (see NotificationCompat.kt).
open class ContextCompat protected constructor() {
    companion object {
        @JvmStatic
        fun checkSelfPermission(context: Context, permission: String): Int = TODO("androidx stub")

        @JvmStatic
        fun getMainExecutor(context: Context): java.util.concurrent.Executor = TODO("androidx stub")
    }
}
