package app.afterglow.android.ui

import androidx.compose.runtime.Composable
import androidx.compose.runtime.mutableStateListOf
import androidx.compose.runtime.saveable.Saver
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.snapshots.SnapshotStateList

/**
 * Where the patient is: a tab at the bottom and the screens opened inside it. Kept in the saved
 * instance state, so a rotation, a font or language change, or the process being killed in the
 * background brings the patient back to the same screen (review #6). Plain Compose, no Android
 * types: it is compiled and tested on the desktop (`Android/desktop-test`).
 */
class BackStack(private val entries: SnapshotStateList<Destination>) {
    val current: Destination get() = entries.last()
    val tab: Destination get() = entries.first()
    val canGoBack: Boolean get() = entries.size > 1

    /** A tab starts its own stack; any other destination opens on top of the current one. */
    fun go(next: Destination) {
        if (next.tab) entries.clear()
        entries.add(next)
    }

    fun back() {
        if (canGoBack) entries.removeAt(entries.lastIndex)
    }

    companion object {
        /** Saved as the destinations' names: a Bundle keeps a list of strings. */
        val saver: Saver<BackStack, ArrayList<String>> = Saver(
            save = { ArrayList(it.entries.map(Destination::name)) },
            restore = { names ->
                val kept = names.mapNotNull { name -> Destination.entries.firstOrNull { it.name == name } }
                BackStack(mutableStateListOf(*kept.ifEmpty { listOf(Destination.TODAY) }.toTypedArray()))
            },
        )
    }
}

@Composable
fun rememberBackStack(): BackStack =
    rememberSaveable(saver = BackStack.saver) { BackStack(mutableStateListOf(Destination.TODAY)) }
