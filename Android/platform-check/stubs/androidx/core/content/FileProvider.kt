package androidx.core.content

import android.content.Context
import android.net.Uri
import java.io.File

// Compile-time stand-in for androidx.core 1.x's FileProvider (see NotificationCompat.kt). The
// real class is a ContentProvider, declared in the manifest; the app only calls this.
open class FileProvider {
    companion object {
        @JvmStatic
        fun getUriForFile(context: Context, authority: String, file: File): Uri = TODO("androidx stub")
    }
}
