package app.afterglow.android.share

import android.content.Context
import android.content.Intent
import androidx.core.content.FileProvider
import java.io.File

/**
 * Hands a file (the PDF report, an exported photo) to the system share sheet. Files are written
 * into `cache/shared/` first, the only folder the FileProvider exposes, and shared as a
 * read-only content:// URI.
 */
object ShareSheet {
    /** Where exports are written before sharing (`res/xml/shared_files.xml` exposes it). */
    fun folder(context: Context): File = File(context.cacheDir, "shared").apply { mkdirs() }

    /**
     * A new file name for each export (review #25): the file is shared once the view reports
     * that name written, and a fixed name was already reported by the previous export, so the
     * old image went out. Earlier exports with the same prefix are removed.
     */
    fun freshFile(context: Context, prefix: String, extension: String): File {
        val folder = folder(context)
        folder.listFiles { file -> file.name.startsWith("$prefix-") }?.forEach { it.delete() }
        return File(folder, "$prefix-${System.currentTimeMillis()}.$extension")
    }

    fun share(context: Context, file: File, mimeType: String, title: String) {
        val uri = FileProvider.getUriForFile(context, "${context.packageName}.files", file)
        val send = Intent(Intent.ACTION_SEND)
            .setType(mimeType)
            .putExtra(Intent.EXTRA_STREAM, uri)
            .addFlags(Intent.FLAG_GRANT_READ_URI_PERMISSION)
        context.startActivity(Intent.createChooser(send, title).addFlags(Intent.FLAG_ACTIVITY_NEW_TASK))
    }
}
