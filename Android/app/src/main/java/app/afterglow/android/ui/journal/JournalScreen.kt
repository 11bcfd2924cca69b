package app.afterglow.android.ui.journal

import androidx.activity.compose.rememberLauncherForActivityResult
import androidx.activity.result.PickVisualMediaRequest
import androidx.activity.result.contract.ActivityResultContracts
import androidx.compose.foundation.border
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.size
import androidx.compose.foundation.lazy.LazyColumn
import androidx.compose.foundation.lazy.LazyRow
import androidx.compose.foundation.lazy.items
import androidx.compose.foundation.selection.toggleable
import androidx.compose.material3.Button
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.mutableStateListOf
import androidx.compose.runtime.rememberCoroutineScope
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.semantics.Role
import androidx.compose.ui.unit.dp
import app.afterglow.android.Shell
import app.afterglow.android.photos.PickedPhotos
import app.afterglow.android.ui.common.DataDirImage
import app.afterglow.android.ui.common.savedList
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.JournalEvent
import app.afterglow.shared.types.JournalView
import app.afterglow.shared.types.PhotoForm
import kotlinx.coroutines.launch

/**
 * Photos grouped by session and day. Pick two to compare. New photos come from the system photo
 * picker (no permission needed) or the camera screen with its ghost overlay.
 */
@Composable
fun JournalScreen(journal: JournalView, shell: Shell, onCamera: () -> Unit, onCompared: () -> Unit) {
    val context = LocalContext.current
    val chosen = rememberSaveable(saver = savedList({ it }, { it })) { mutableStateListOf<Long>() }
    val scope = rememberCoroutineScope()
    val picker = rememberLauncherForActivityResult(ActivityResultContracts.PickVisualMedia()) { uri ->
        if (uri != null) {
            // The copy (and a HEIC conversion) runs off the UI thread; the core hears on it.
            scope.launch {
                try {
                    val file = PickedPhotos.copyInBackground(context, uri)
                    shell.send(Event.Journal(JournalEvent.Add(PhotoForm(file.path, null, null, null))))
                } catch (failure: PickedPhotos.Failure) {
                    shell.reportProblem(failure.words(journal.words))
                } catch (failure: java.io.IOException) {
                    // The provider failed mid-copy, or the decoder could not read a HEIC file.
                    shell.reportProblem(journal.words.photoUnreadable)
                }
            }
        }
    }
    LazyColumn {
        item {
            Row(Modifier.padding(16.dp)) {
                Button(onClick = onCamera) { Text(journal.words.takePhoto) }
                Button(
                    onClick = { picker.launch(PickVisualMediaRequest(ActivityResultContracts.PickVisualMedia.ImageOnly)) },
                    modifier = Modifier.padding(start = 8.dp),
                ) { Text(journal.words.addPhoto) }
            }
        }
        journal.importedLabel?.let { item { Text(it, Modifier.padding(horizontal = 16.dp)) } }
        if (chosen.size == 2) {
            item {
                Button(
                    onClick = {
                        shell.send(Event.Journal(JournalEvent.Compare(chosen[0], chosen[1])))
                        chosen.clear()
                        onCompared()
                    },
                    modifier = Modifier.padding(16.dp),
                ) { Text(journal.words.compare) }
            }
        }
        // No key: two groups can carry the same label (review #22), and a duplicate key crashes
        // LazyColumn. Groups come in the core's order, so position identifies them well enough.
        items(journal.groups) { group ->
            Column(Modifier.padding(16.dp)) {
                Text(group.label, style = MaterialTheme.typography.titleMedium)
                group.days.forEach { day ->
                    Text(day.label, style = MaterialTheme.typography.labelLarge)
                    LazyRow {
                        items(day.photos, key = { it.id }) { photo ->
                            val selected = photo.id in chosen
                            DataDirImage(
                                shell.fileInDataDir(photo.thumbFile),
                                photo.alt,
                                Modifier.padding(4.dp).size(96.dp)
                                    .border(if (selected) 3.dp else 0.dp, MaterialTheme.colorScheme.primary)
                                    // A checkbox to TalkBack (review #19): read with its day and time, and
                                    // whether it is one of the two chosen to compare.
                                    .toggleable(selected, role = Role.Checkbox) {
                                        if (selected) chosen.remove(photo.id)
                                        else { if (chosen.size == 2) chosen.removeAt(0); chosen.add(photo.id) }
                                    },
                            )
                        }
                    }
                }
            }
        }
    }
}
