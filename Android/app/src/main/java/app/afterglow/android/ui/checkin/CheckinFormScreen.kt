package app.afterglow.android.ui.checkin

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.Row
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.Button
import androidx.compose.material3.Checkbox
import androidx.compose.material3.FilterChip
import androidx.compose.material3.OutlinedTextField
import androidx.compose.material3.Slider
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableFloatStateOf
import androidx.compose.runtime.mutableStateListOf
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.remember
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.shared.types.CheckinEvent
import app.afterglow.shared.types.CheckinForm
import app.afterglow.shared.types.Discharge
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.Sign
import app.afterglow.shared.types.TemperatureInput
import app.afterglow.shared.types.TemperatureUnit

/**
 * The symptom check-in. The form only collects answers; the core validates them (ranges,
 * plausible temperature) and triages, and the result screen shows what it decided.
 */
@Composable
fun CheckinFormScreen(send: (Event) -> Unit, onSubmitted: () -> Unit) {
    var redness by remember { mutableFloatStateOf(0f) }
    var swelling by remember { mutableFloatStateOf(0f) }
    var pain by remember { mutableFloatStateOf(0f) }
    var itch by remember { mutableFloatStateOf(0f) }
    var temperature by remember { mutableStateOf("") }
    var fahrenheit by remember { mutableStateOf(false) }
    var discharge by remember { mutableStateOf<Discharge?>(null) }
    val signs = remember { mutableStateListOf<Sign>() }
    var note by remember { mutableStateOf("") }

    Column(Modifier.verticalScroll(rememberScrollState()).padding(16.dp)) {
        Scale("Redness", redness, 4) { redness = it }
        Scale("Swelling", swelling, 3) { swelling = it }
        Scale("Pain", pain, 10) { pain = it }
        Scale("Itch", itch, 10) { itch = it }
        Row(verticalAlignment = Alignment.CenterVertically) {
            OutlinedTextField(temperature, { temperature = it }, label = { Text("Temperature (optional)") })
            Checkbox(fahrenheit, { fahrenheit = it })
            Text("°F")
        }
        Text("Any fluid from the treated skin?", Modifier.padding(top = 12.dp))
        Row { Discharge.entries.forEach { d -> FilterChip(discharge == d, { discharge = d }, { Text(dischargeLabel(d)) }) } }
        Text("Do any of these apply?", Modifier.padding(top = 12.dp))
        Sign.entries.forEach { sign ->
            Row(verticalAlignment = Alignment.CenterVertically) {
                Checkbox(sign in signs, { checked -> if (checked) signs.add(sign) else signs.remove(sign) })
                Text(signLabel(sign))
            }
        }
        OutlinedTextField(note, { note = it }, label = { Text("Anything else (optional)") })
        Button(
            modifier = Modifier.padding(top = 16.dp),
            onClick = {
                val form = CheckinForm(
                    redness.toInt().toUByte(), swelling.toInt().toUByte(), pain.toInt().toUByte(), itch.toInt().toUByte(),
                    temperature.replace(',', '.').toDoubleOrNull()?.let {
                        TemperatureInput(it, if (fahrenheit) TemperatureUnit.FAHRENHEIT else TemperatureUnit.CELSIUS)
                    },
                    discharge, signs.toList(), note.ifBlank { null },
                )
                send(Event.Checkin(CheckinEvent.Submit(form)))
                onSubmitted()
            },
        ) { Text("Check in") }
    }
}

@Composable
private fun Scale(title: String, value: Float, max: Int, onChange: (Float) -> Unit) {
    Text("$title: ${value.toInt()} of $max", Modifier.padding(top = 8.dp))
    Slider(value, onChange, valueRange = 0f..max.toFloat(), steps = max - 1)
}

private fun dischargeLabel(d: Discharge) = when (d) {
    Discharge.NONE -> "None"
    Discharge.CLEAR -> "Clear"
    Discharge.BLOOD -> "Spots of blood"
    Discharge.PUS -> "Cloudy, yellow, green or thick fluid, or a bad smell"
}

// The core's wording (Sign::question in shared/src/checkin/answers.rs).
private fun signLabel(sign: Sign) = when (sign) {
    Sign.ALLERGY -> "Swelling of your lips, tongue or throat, trouble breathing, widespread hives, or feeling faint"
    Sign.SYSTEMIC -> "A racing heart or fast breathing, vomiting, dizziness or fainting, confusion, or cold and clammy skin"
    Sign.EYE -> "Eye pain, a red eye, a change in vision, swelling closing the eye, or blisters or sores near the eye"
    Sign.SPREADING -> "Redness spreading beyond the treated area"
    Sign.STREAKS -> "Red streaks running from the treated area"
    Sign.BLEEDING -> "Bleeding that does not stop after 10–15 minutes of firm pressure"
    Sign.WORSENING -> "Redness, swelling or pain worse than yesterday"
    Sign.WARMTH -> "The treated area feels warmer than the skin around it"
    Sign.BLISTERS -> "Blisters or cold-sore-like sores, or a tingling patch that turns into sores"
    Sign.UNWELL -> "Feeling feverish, shivery or unwell"
    Sign.BUMPS -> "New firm bumps"
    Sign.DARKPATCHES -> "Dark patches on the treated skin"
}
