package app.afterglow.android.ui.onboarding

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.material3.Checkbox
import androidx.compose.material3.FilterChip
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.Profile

/** The profile as its own screen (from "More"). */
@Composable
fun ProfileScreen(profile: Profile, send: (Event) -> Unit) {
    Column(Modifier.padding(16.dp)) { ProfileQuestions(profile, send) }
}

/**
 * What changes the advice: each answer is saved at once (the core stores it and re-renders).
 * These produce warnings to discuss with the clinic, never a refusal.
 */
@Composable
fun ProfileQuestions(profile: Profile, send: (Event) -> Unit) {
    val save = { changed: Profile -> send(Event.SetProfile(changed)) }
    Question("I get cold sores", profile.coldSoreHistory) { save(profile.copy(coldSoreHistory = it)) }
    Question("I am pregnant", profile.pregnant) { save(profile.copy(pregnant = it)) }
    Question("I took isotretinoin in the last 6 months", profile.isotretinoinLast6Months) { save(profile.copy(isotretinoinLast6Months = it)) }
    Question("I take blood thinners", profile.anticoagulants) { save(profile.copy(anticoagulants = it)) }
    Question("My skin forms raised scars (keloids)", profile.keloidTendency) { save(profile.copy(keloidTendency = it)) }
    Text("Skin type (Fitzpatrick), if you know it", Modifier.padding(top = 8.dp))
    Row {
        (1..6).forEach { type ->
            val selected = profile.fitzpatrick?.toInt() == type
            FilterChip(selected, { save(profile.copy(fitzpatrick = if (selected) null else type.toUByte())) }, { Text("$type") })
        }
    }
}

@Composable
private fun Question(text: String, checked: Boolean, onChange: (Boolean) -> Unit) {
    Row(verticalAlignment = Alignment.CenterVertically) {
        Checkbox(checked, onChange)
        Text(text)
    }
}
