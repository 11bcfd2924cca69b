package app.afterglow.android.photos

import android.content.Context
import android.graphics.Bitmap
import android.graphics.ImageDecoder
import android.media.ExifInterface
import android.net.Uri
import android.os.Build
import app.afterglow.shared.types.JournalScreenWords
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext
import java.io.File
import java.util.UUID

/**
 * The Rust import pipeline reads a file path; the photo picker and CameraX give content URIs or
 * files in the cache. This copies a picked photo into `cache/incoming/` so only its path crosses
 * the bridge. HEIC/HEIF (which the Rust pipeline does not decode) is converted to JPEG here,
 * upright, keeping its capture date, like the iOS shell does.
 *
 * Each file has its own name, and only files older than [STALE_AFTER_MS] are removed: an import
 * the core has not read yet is never deleted under it (review #18).
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
        removeStale(context)
        return File(incomingFolder(context), "capture-${UUID.randomUUID()}.jpg")
    }

    /**
     * [copyToFile] on the IO dispatcher: a 12 MP HEIC conversion, or a copy from a slow
     * provider, would otherwise hold the UI thread (review #18). Call from the UI's scope.
     */
    suspend fun copyInBackground(context: Context, uri: Uri): File =
        withContext(Dispatchers.IO) { copyToFile(context, uri) }

    fun copyToFile(context: Context, uri: Uri): File {
        removeStale(context)
        val type = context.contentResolver.getType(uri).orEmpty()
        if (type == "image/heic" || type == "image/heif") return heifToJpeg(context, uri)
        val target = File(incomingFolder(context), "picked-${UUID.randomUUID()}")
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
        val target = File(incomingFolder(context), "converted-${UUID.randomUUID()}.jpg")
        target.outputStream().use { bitmap.compress(Bitmap.CompressFormat.JPEG, JPEG_QUALITY, it) }
        bitmap.recycle()
        copyCaptureDate(context, uri, target)
        return target
    }

    /**
     * The bitmap's JPEG has no metadata: the capture date is copied over from the HEIC, so the
     * core dates the photo by the camera and not by the import. Only date tags: never location.
     * A file whose metadata cannot be read keeps none (the core then uses the import time).
     */
    private fun copyCaptureDate(context: Context, uri: Uri, target: File) {
        val source = try {
            context.contentResolver.openInputStream(uri)?.use { ExifInterface(it) }
        } catch (_: java.io.IOException) {
            null
        } ?: return
        val dates = DATE_TAGS.mapNotNull { tag -> source.getAttribute(tag)?.let { tag to it } }
        if (dates.isEmpty()) return
        try {
            val out = ExifInterface(target.path)
            for ((tag, value) in dates) out.setAttribute(tag, value)
            out.saveAttributes()
        } catch (_: java.io.IOException) {
            // The JPEG stays as written, without a date.
        }
    }

    private val DATE_TAGS = listOf(
        ExifInterface.TAG_DATETIME_ORIGINAL,
        ExifInterface.TAG_SUBSEC_TIME_ORIGINAL,
        ExifInterface.TAG_OFFSET_TIME_ORIGINAL,
    )

    private const val JPEG_QUALITY = 92

    /** Leftovers of imports that ended (or of a process that died mid-import) an hour ago. */
    private const val STALE_AFTER_MS = 60 * 60 * 1000L

    private fun removeStale(context: Context) {
        val cutoff = System.currentTimeMillis() - STALE_AFTER_MS
        incomingFolder(context).listFiles()?.filter { it.lastModified() < cutoff }?.forEach { it.delete() }
    }
}
