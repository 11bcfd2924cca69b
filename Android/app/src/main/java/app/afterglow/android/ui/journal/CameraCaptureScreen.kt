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
import app.afterglow.shared.types.TreatedArea

/** How visible the reference ("ghost") photo is over the live preview. */
private const val GHOST_ALPHA = 0.35f

/**
 * CameraX preview with the first photo of the chosen area laid over it, half transparent, so
 * the patient can match distance and angle. The capture is written to the cache and imported by
 * the Rust pipeline (which strips metadata and keeps the camera's time).
 */
@Composable
fun CameraCaptureScreen(references: List<ReferencePhotoView>, areas: List<AreaChoice>, shell: Shell, onDone: () -> Unit) {
    val context = LocalContext.current
    val lifecycleOwner = LocalLifecycleOwner.current
    var allowed by remember {
        mutableStateOf(ContextCompat.checkSelfPermission(context, Manifest.permission.CAMERA) == PackageManager.PERMISSION_GRANTED)
    }
    val ask = rememberLauncherForActivityResult(ActivityResultContracts.RequestPermission()) { allowed = it }
    LaunchedEffect(Unit) { if (!allowed) ask.launch(Manifest.permission.CAMERA) }
    if (!allowed) {
        Text("Afterglow needs the camera to take progress photos. You can also choose a photo instead.", Modifier.padding(24.dp))
        return
    }

    var area by remember { mutableStateOf(TreatedArea.FACE) }
    val ghost = references.firstOrNull { it.area == area }
    val capture = remember { ImageCapture.Builder().setCaptureMode(ImageCapture.CAPTURE_MODE_MINIMIZE_LATENCY).build() }
    val previewView = remember { PreviewView(context) }

    DisposableEffect(lifecycleOwner) {
        val providerFuture = ProcessCameraProvider.getInstance(context)
        providerFuture.addListener({
            val provider = providerFuture.get()
            val preview = Preview.Builder().build().also { it.setSurfaceProvider(previewView.surfaceProvider) }
            provider.unbindAll()
            provider.bindToLifecycle(lifecycleOwner, CameraSelector.DEFAULT_FRONT_CAMERA, preview, capture)
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
            ghost?.let { DataDirImage(shell.fileInDataDir(it.file), "Your first photo of this area", Modifier.fillMaxSize(), GHOST_ALPHA, ContentScale.Crop) }
        }
        Button(
            modifier = Modifier.padding(16.dp).align(Alignment.CenterHorizontally),
            onClick = {
                val file = PickedPhotos.newCaptureFile(context)
                val output = ImageCapture.OutputFileOptions.Builder(file).build()
                capture.takePicture(output, ContextCompat.getMainExecutor(context), object : ImageCapture.OnImageSavedCallback {
                    override fun onImageSaved(result: ImageCapture.OutputFileResults) {
                        shell.send(Event.Journal(JournalEvent.Add(PhotoForm(file.path, area, null, null))))
                        onDone()
                    }

                    override fun onError(exception: ImageCaptureException) {
                        shell.reportProblem("The photo could not be taken: ${exception.message}")
                    }
                })
            },
        ) { Text("Take photo") }
    }
}
