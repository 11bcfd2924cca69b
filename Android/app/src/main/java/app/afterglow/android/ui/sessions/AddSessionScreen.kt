package app.afterglow.android.ui.sessions

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.ViewModel

/**
 * "Add another session" (review #7). [onSaved] runs once the core reports a session stored
 * after this screen opened; a refused form stays, with the core's error above it.
 */
@Composable
fun AddSessionScreen(view: ViewModel, send: (Event) -> Unit, onSaved: () -> Unit) {
    val savedBefore = rememberSaveable { mutableStateOf(view.lastSavedSessionId) }
    LaunchedEffect(view.lastSavedSessionId) {
        val saved = view.lastSavedSessionId
        if (saved != null && saved != savedBefore.value) onSaved()
    }
    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp)) {
        SessionFormFields(view, send)
    }
}
