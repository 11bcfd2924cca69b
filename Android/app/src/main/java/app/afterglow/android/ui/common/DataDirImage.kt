package app.afterglow.android.ui.common

import androidx.compose.foundation.Image
import androidx.compose.runtime.Composable
import androidx.compose.runtime.produceState
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.ImageBitmap
import androidx.compose.ui.graphics.asImageBitmap
import androidx.compose.ui.layout.ContentScale
import app.afterglow.android.photos.ScaledDecode
import java.io.File
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * A stored photo or thumbnail (the Rust pipeline wrote it upright and without metadata), decoded
 * off the main thread and scaled down to at most a screen's size.
 */
@Composable
fun DataDirImage(
    file: File,
    description: String,
    modifier: Modifier = Modifier,
    alpha: Float = 1f,
    contentScale: ContentScale = ContentScale.Crop,
) {
    val bitmap = produceState<ImageBitmap?>(null, file) {
        value = withContext(Dispatchers.IO) { ScaledDecode.decode(file)?.asImageBitmap() }
    }.value ?: return
    Image(bitmap, description, modifier, contentScale = contentScale, alpha = alpha)
}
