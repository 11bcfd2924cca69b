package app.afterglow.android.ui.journal

import android.Manifest
import android.content.pm.PackageManager
import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.contract.ActivityResultContracts
import androidx.camera.core.CameraSelector
import androidx.camera.core.ImageCapture
import androidx.camera.core.ImageCaptureException
import androidx.camera.core.Preview
import androidx.camera.lifecycle.ProcessCameraProvider
import androidx.camera.view.PreviewView
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.horizontalScroll
import androidx.compose.foundation.rememberScrollState
import androidx.compose.material3.Button
import androidx.compose.material3.FilterChip
import androidx.compose.material3.OutlinedButton
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.DisposableEffect
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.graphics.graphicsLayer
import androidx.compose.ui.layout.ContentScale
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import androidx.compose.ui.viewinterop.AndroidView
import androidx.core.content.ContextCompat
import androidx.lifecycle.compose.LocalLifecycleOwner
import app.afterglow.android.Shell
import app.afterglow.android.photos.PickedPhotos
import app.afterglow.android.ui.common.DataDirImage
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.JournalEvent
import app.afterglow.shared.types.PhotoForm
import app.afterglow.shared.types.ReferencePhotoView
import app.afterglow.shared.types.AreaChoice
import app.afterglow.shared.types.CameraScreenWords
import app.afterglow.shared.types.TreatedArea

/** How visible the reference ("ghost") photo is over the live preview. */
private const val GHOST_ALPHA = 0.35f

/**
 * CameraX preview with the first photo of the chosen area laid over it, half transparent, so
 * the patient can match distance and angle, with the front and the back camera (review #17).
 * The preview and the ghost fill the same box the same way (PreviewView's FILL_CENTER,
 * ContentScale.Crop). A stored photo is never mirrored (the capture says so explicitly), but the
 * front preview is, so the ghost is mirrored while the front camera is on. The capture is written
 * to the cache and imported by the Rust pipeline (which strips metadata and keeps the camera's
 * time). Every word is the core's (`view.journal.camera`).
 */
@Composable
fun CameraCaptureScreen(
    references: List<ReferencePhotoView>,
    areas: List<AreaChoice>,
    words: CameraScreenWords,
    shell: Shell,
    onDone: () -> Unit,
) {
    val context = LocalContext.current
    val lifecycleOwner = LocalLifecycleOwner.current
    var allowed by remember {
        mutableStateOf(ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED)
    }
    val ask = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { allowed = it }
    LaunchedEffect(Unit) { if (!allowed) ask.launch(Manifest.permission.CAMERA) }
    if (!allowed) {
        Text(words.needsPermission, Modifier.padding(24.dp))
        return
    }

    var area by remember { mutableStateOf(TreatedArea.FACE) }
    var front by remember { mutableStateOf(true) }
    val ghost = references.firstOrNull { it.area == area }
    val capture = remember { ImageCapture.Builder().setCaptureMode(ImageCapture.CAPTURE_MODE_MINIMIZE_LATENCY).build() }
    val previewView = remember { PreviewView(context) }

    DisposableEffect(lifecycleOwner, front) {
        val providerFuture = ProcessCameraProvider.getInstance(context)
        providerFuture.addListener({
            val provider = providerFuture.get()
            val preview = Preview.Builder().build().also { it.setSurfaceProvider(previewView.surfaceProvider) }
            provider.unbindAll()
            val lens = if (front) CameraSelector.DEFAULT_FRONT_CAMERA else CameraSelector.DEFAULT_BACK_CAMERA
            provider.bindToLifecycle(lifecycleOwner, lens, preview, capture)
        }, ContextCompat.getMainExecutor(context))
        onDispose { providerFuture.get().unbindAll() }
    }

    Column {
        Row(Modifier.horizontalScroll(rememberScrollState()).padding(8.dp)) {
            areas.forEach { choice ->
                FilterChip(area == choice.area, { area = choice.area }, { Text(choice.label) })
            }
        }
        Box(Modifier.fillMaxWidth().weight(1f)) {
            AndroidView({ previewView }, Modifier.fillMaxSize())
            ghost?.let {
                val mirrored = Modifier.fillMaxSize().graphicsLayer { scaleX = if (front) -1f else 1f }
                DataDirImage(shell.fileInDataDir(it.file), words.ghost, mirrored, GHOST_ALPHA, ContentScale.Crop)
            }
        }
        Row(Modifier.padding(16.dp).align(Alignment.CenterHorizontally)) {
            OutlinedButton(onClick = { front = !front }, modifier = Modifier.padding(end = 12.dp)) {
                Text(words.switchCamera)
            }
            Button(onClick = {
                val file = PickedPhotos.newCaptureFile(context)
                // Never mirrored, whichever camera: the ghost is mirrored instead, while the
                // front preview is.
                val metadata = ImageCapture.Metadata().apply { isReversedHorizontal = false }
                val output = ImageCapture.OutputFileOptions.Builder(file).setMetadata(metadata).build()
                capture.takePicture(output, ContextCompat.getMainExecutor(context), object : ImageCapture.OnImageSavedCallback {
                    override fun onImageSaved(result: ImageCapture.OutputFileResults) {
                        shell.send(Event.Journal(JournalEvent.Add(PhotoForm(file.path, area, null, null))))
                        onDone()
                    }

                    override fun onError(exception: ImageCaptureException) {
                        shell.reportProblem(words.captureFailed)
                    }
                })
            }) { Text(words.capture) }
        }
    }
}
