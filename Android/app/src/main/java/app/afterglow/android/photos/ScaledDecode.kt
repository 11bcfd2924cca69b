package app.afterglow.android.photos

import android.graphics.Bitmap
import android.graphics.BitmapFactory
import app.afterglow.android.core.sampleSizeFor
import java.io.File

/** Decodes a stored photo no larger than `maxSide` pixels a side (reads its size first). */
object ScaledDecode {
    /** Larger than any phone screen's long side: a full-screen photo stays sharp. */
    const val SCREEN_SIDE = 2048

    fun decode(file: File, maxSide: Int = SCREEN_SIDE): Bitmap? {
        val bounds = BitmapFactory.Options().apply { inJustDecodeBounds = true }
        BitmapFactory.decodeFile(file.path, bounds)
        if (bounds.outWidth <= 0 || bounds.outHeight <= 0) return null
        val options = BitmapFactory.Options().apply { inSampleSize = sampleSizeFor(bounds.outWidth, bounds.outHeight, maxSide) }
        return BitmapFactory.decodeFile(file.path, options)
    }
}
