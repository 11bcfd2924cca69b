package app.afterglow.android.photos

import android.content.Context
import android.graphics.Bitmap
import android.graphics.ImageDecoder
import android.net.Uri
import android.os.Build
import app.afterglow.shared.types.JournalScreenWords
import java.io.File

/**
 * The Rust import pipeline reads a file path; the photo picker and CameraX give content URIs or
 * files in the cache. This copies a picked photo into `cache/incoming/` (emptied before each
 * copy: one import at a time) so only its path crosses the bridge. HEIC/HEIF (which the Rust
 * pipeline does not decode) is converted to JPEG here, upright, like the iOS shell does.
 */
object PickedPhotos {
    /** What failed; the patient reads the core's words for it (`JournalScreenWords`). */
    class Failure(val kind: Kind) : Exception(kind.name) {
        enum class Kind { UNREADABLE, HEIC_NEEDS_ANDROID_9 }

        fun words(words: JournalScreenWords): String = when (kind) {
            Kind.UNREADABLE -> words.photoUnreadable
            Kind.HEIC_NEEDS_ANDROID_9 -> words.heicNeedsAndroid9
        }
    }

    fun incomingFolder(context: Context): File = File(context.cacheDir, "incoming").apply { mkdirs() }

    fun newCaptureFile(context: Context): File {
        clear(context)
        return File(incomingFolder(context), "capture-${System.currentTimeMillis()}.jpg")
    }

    fun copyToFile(context: Context, uri: Uri): File {
        clear(context)
        val type = context.contentResolver.getType(uri).orEmpty()
        if (type == "image/heic" || type == "image/heif") return heifToJpeg(context, uri)
        val target = File(incomingFolder(context), "picked-${System.currentTimeMillis()}")
        context.contentResolver.openInputStream(uri).use { input ->
            if (input == null) throw Failure(Failure.Kind.UNREADABLE)
            target.outputStream().use { input.copyTo(it) }
        }
        return target
    }

    private fun heifToJpeg(context: Context, uri: Uri): File {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.P) throw Failure(Failure.Kind.HEIC_NEEDS_ANDROID_9)
        // ImageDecoder applies the EXIF orientation, so the JPEG is upright without it.
        val bitmap = ImageDecoder.decodeBitmap(ImageDecoder.createSource(context.contentResolver, uri))
        val target = File(incomingFolder(context), "converted-${System.currentTimeMillis()}.jpg")
        target.outputStream().use { bitmap.compress(Bitmap.CompressFormat.JPEG, JPEG_QUALITY, it) }
        bitmap.recycle()
        return target
    }

    private const val JPEG_QUALITY = 92

    private fun clear(context: Context) {
        incomingFolder(context).listFiles()?.forEach { it.delete() }
    }
}
