package app.afterglow.android

import android.Manifest
import android.content.Intent
import android.os.Build
import android.os.Bundle
import androidx.activity.ComponentActivity
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.result.contract.ActivityResultContracts
import app.afterglow.android.privacy.RecentsPrivacy
import app.afterglow.android.ui.AfterglowApp
import app.afterglow.android.ui.theme.AfterglowTheme
import kotlinx.coroutines.flow.MutableStateFlow

class MainActivity : ComponentActivity() {
    /** An `afterglow://enroll?...` link the clinic's QR code opened, for the clinic screen. */
    private val enrollLink = MutableStateFlow<String?>(null)

    private val askForNotifications =
        registerForActivityResult(ActivityResultContracts.RequestPermission()) { /* reminders just stay silent if denied */ }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        RecentsPrivacy.apply(this)
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
            askForNotifications.launch(Manifest.permission.POST_NOTIFICATIONS)
        }
        takeEnrollLink(intent)
        setContent {
            AfterglowTheme { AfterglowApp(shell, enrollLink) }
        }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        takeEnrollLink(intent)
    }

    override fun onStart() {
        super.onStart()
        shell.start() // load once, then refresh "now" each time the app comes back
    }

    private fun takeEnrollLink(intent: Intent?) {
        val link = intent?.data?.takeIf { it.scheme == "afterglow" && it.host == "enroll" } ?: return
        enrollLink.value = link.toString()
    }
}
