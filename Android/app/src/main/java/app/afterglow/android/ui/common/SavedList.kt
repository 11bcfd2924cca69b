package app.afterglow.android.ui.common

import androidx.compose.runtime.saveable.Saver
import androidx.compose.runtime.saveable.listSaver
import androidx.compose.runtime.snapshots.SnapshotStateList
import androidx.compose.runtime.toMutableStateList

/**
 * Saves a list the patient is building (ticked items, chosen photos) in the instance state, so
 * it survives rotation and process death; `save` turns an item into something a Bundle holds.
 */
fun <T : Any, S : Any> savedList(save: (T) -> S, restore: (S) -> T): Saver<SnapshotStateList<T>, Any> =
    listSaver(save = { list -> list.map(save) }, restore = { saved -> saved.map(restore).toMutableStateList() })
