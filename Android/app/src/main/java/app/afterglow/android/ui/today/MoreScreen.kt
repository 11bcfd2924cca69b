package app.afterglow.android.ui.today

import androidx.compose.foundation.clickable
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxWidth
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.HorizontalDivider
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.compose.ui.unit.dp
import app.afterglow.android.Shell
import app.afterglow.android.share.ShareSheet
import app.afterglow.android.ui.Destination
import app.afterglow.android.ui.common.LockSettingRow
import app.afterglow.android.ui.common.Section
import app.afterglow.shared.types.Place
import app.afterglow.shared.types.ViewModel

/** Settings and exports: the clinic link, reminders, the profile, the PDF report. */
@Composable
fun MoreScreen(view: ViewModel, shell: Shell, go: (Destination) -> Unit) {
    val context = LocalContext.current
    Column(Modifier.verticalScroll(rememberScrollState())) {
        // The clinic's place as the navigation names it ("Clinic", "Clínica").
        val clinic = view.navigation.places.firstOrNull { it.place == Place.CLINIC }?.label.orEmpty()
        Row(if (view.sharing.linked) "$clinic · ${view.sharing.status}" else clinic) { go(Destination.CLINIC) }
        Row(view.sessionForm.listTitle) { go(Destination.SESSIONS) }
        Row(view.reminders.words.title) { go(Destination.REMINDERS) }
        Row(view.profileForm.title) { go(Destination.PROFILE) }
        view.lock.setting?.let { LockSettingRow(it, shell::send) }
        Row(view.records.sharePdf) {
            val pdf = java.io.File(ShareSheet.folder(context), "afterglow-report.pdf")
            shell.writeReport(pdf) { ShareSheet.share(context, pdf, "application/pdf", view.records.sharePdf) }
        }
        // What the app is and is not, in the core's words (clinical review, major 13).
        val about = view.about
        Section(about.title) {
            Text(about.whatItIs)
            about.whatItIsNot.forEach { Text("• $it", Modifier.padding(top = 4.dp)) }
            Text(about.privacy, Modifier.padding(top = 8.dp))
            Text(about.triageTable, Modifier.padding(top = 8.dp))
            Text(about.careProtocol, Modifier.padding(top = 4.dp))
        }
    }
}

@Composable
private fun Row(title: String, onClick: () -> Unit) {
    Text(title, Modifier.fillMaxWidth().clickable(onClick = onClick).padding(16.dp))
    HorizontalDivider()
}
