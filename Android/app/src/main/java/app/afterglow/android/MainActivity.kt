package app.afterglow.android

import android.Manifest
import android.content.Intent
import android.content.pm.PackageManager
import android.os.Build
import android.os.Bundle
import androidx.activity.compose.setContent
import androidx.activity.enableEdgeToEdge
import androidx.activity.result.contract.ActivityResultContracts
import androidx.fragment.app.FragmentActivity
import app.afterglow.android.notifications.ReminderReceiver
import app.afterglow.android.privacy.AppLockPrompt
import app.afterglow.android.privacy.RecentsPrivacy
import app.afterglow.android.ui.AfterglowApp
import app.afterglow.android.ui.theme.AfterglowTheme
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.LockEvent
import app.afterglow.shared.types.Place
import app.afterglow.shared.types.SharingEvent
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.receiveAsFlow

// A FragmentActivity (itself a ComponentActivity): BiometricPrompt needs one for the app lock.
class MainActivity : FragmentActivity() {
    /** The link that opened the app (the clinic's QR code): it brings up the clinic screen. */
    private val enrollLink = MutableStateFlow<String?>(null)

    /** Places tapped reminders open, each taken once by the UI (review #28). */
    private val openedPlaces = Channel<Place>(Channel.CONFLATED)

    private val notificationPermission =
        registerForActivityResult(ActivityResultContracts.RequestPermission()) { /* reminders just stay silent if denied */ }

    /** Asks once, when there is a session and so reminders to show; not at the first launch,
     *  before the patient has seen what the app is (review #28; as iOS does). */
    private fun askForNotifications() {
        if (Build.VERSION.SDK_INT < Build.VERSION_CODES.TIRAMISU) return
        val granted = checkSelfPermission(Manifest.permission.POST_NOTIFICATIONS) == PackageManager.PERMISSION_GRANTED
        val prefs = getSharedPreferences(PREFS, MODE_PRIVATE)
        if (granted || prefs.getBoolean(ASKED, false)) return
        prefs.edit().putBoolean(ASKED, true).apply()
        notificationPermission.launch(Manifest.permission.POST_NOTIFICATIONS)
    }

    override fun onCreate(savedInstanceState: Bundle?) {
        super.onCreate(savedInstanceState)
        enableEdgeToEdge()
        RecentsPrivacy.apply(this)
        // Not again when the activity is recreated (rotation): the core already has the link.
        if (savedInstanceState == null) {
            takeEnrollLink(intent)
            takeOpenedPlace(intent)
        }
        setContent {
            AfterglowTheme {
                AfterglowApp(shell, enrollLink, openedPlaces.receiveAsFlow(), ::askForNotifications) { title, reason ->
                    AppLockPrompt.unlock(this, title, reason) { unlocked ->
                        shell.send(Event.Lock(LockEvent.UnlockResult(unlocked)))
                    }
                }
            }
        }
    }

    override fun onNewIntent(intent: Intent) {
        super.onNewIntent(intent)
        takeEnrollLink(intent)
        takeOpenedPlace(intent)
    }

    override fun onStart() {
        super.onStart()
        // Before start, so an app opened with the lock on shows the lock screen once loaded.
        shell.send(Event.Lock(LockEvent.Available(AppLockPrompt.available(this))))
        shell.start() // load once, then refresh "now" each time the app comes back
    }

    override fun onStop() {
        super.onStop()
        // Not while rotating: that is the same visit, and the patient is looking at the screen.
        if (!isChangingConfigurations) shell.send(Event.Lock(LockEvent.Background))
    }

    /** The core reads the link: an invite is offered on the clinic screen with its server,
     *  and linked only once the patient confirms (review #29); anything else is refused there. */
    private fun takeEnrollLink(intent: Intent?) {
        val link = intent?.data?.toString() ?: return
        shell.send(Event.Sharing(SharingEvent.OpenInvite(link)))
        enrollLink.value = link
    }

    /** A tapped reminder: the place the core chose for it (`ScheduledNotification.opens`). */
    private fun takeOpenedPlace(intent: Intent?) {
        val name = intent?.getStringExtra(ReminderReceiver.OPENS) ?: return
        Place.entries.firstOrNull { it.name == name }?.let { openedPlaces.trySend(it) }
    }

    private companion object {
        const val PREFS = "afterglow_shell"
        const val ASKED = "notifications_asked"
    }
}
