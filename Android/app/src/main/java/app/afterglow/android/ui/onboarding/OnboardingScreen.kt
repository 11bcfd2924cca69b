package app.afterglow.android.ui.onboarding

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.foundation.rememberScrollState
import androidx.compose.foundation.verticalScroll
import androidx.compose.material3.MaterialTheme
import androidx.compose.material3.Text
import androidx.compose.runtime.Composable
import androidx.compose.ui.Modifier
import androidx.compose.ui.unit.dp
import app.afterglow.android.ui.common.ErrorBanner
import app.afterglow.android.ui.sessions.SessionFormFields
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.ViewModel

/**
 * First run: the patient enters their session (done or booked) and, optionally, what the
 * clinic should know about them. Shown until the core reports a current or next session. The
 * form is the one "add another session" uses; every word is the core's. Drawn outside the
 * Scaffold, so it keeps clear of the status and navigation bars itself (edge-to-edge, review #31).
 */
@Composable
fun OnboardingScreen(view: ViewModel, send: (Event) -> Unit) {
    Column(Modifier.safeDrawingPadding().verticalScroll(rememberScrollState()).padding(24.dp)) {
        Text(view.sessionForm.title, style = MaterialTheme.typography.headlineMedium)
        view.welcome?.let { notice ->
            Text(notice.title, Modifier.padding(top = 12.dp), style = MaterialTheme.typography.titleMedium)
            notice.lines.forEach { Text("• $it", Modifier.padding(top = 4.dp)) }
        }
        ErrorBanner(view.error)
        SessionFormFields(view, send) { ProfileQuestions(view.profileForm, send) }
    }
}
