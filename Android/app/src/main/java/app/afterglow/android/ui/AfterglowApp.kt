package app.afterglow.android.ui

import android.content.Intent
import android.net.Uri
import androidx.activity.compose.BackHandler
import androidx.compose.foundation.layout.Box
import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.fillMaxSize
import androidx.compose.foundation.layout.padding
import androidx.compose.foundation.layout.safeDrawingPadding
import androidx.compose.material3.AlertDialog
import androidx.compose.material3.CircularProgressIndicator
import androidx.compose.material3.ExperimentalMaterial3Api
import androidx.compose.material3.NavigationBar
import androidx.compose.material3.NavigationBarItem
import androidx.compose.material3.Scaffold
import androidx.compose.material3.Text
import androidx.compose.material3.TextButton
import androidx.compose.material3.TopAppBar
import androidx.compose.runtime.Composable
import androidx.compose.runtime.LaunchedEffect
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.saveable.rememberSaveable
import androidx.compose.runtime.setValue
import androidx.compose.ui.Alignment
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalContext
import androidx.lifecycle.Lifecycle
import androidx.lifecycle.compose.LocalLifecycleOwner
import androidx.lifecycle.compose.collectAsStateWithLifecycle
import androidx.lifecycle.repeatOnLifecycle
import androidx.lifecycle.withResumed
import app.afterglow.android.Shell
import app.afterglow.android.core.deviceClock
import app.afterglow.android.ui.checkin.CheckinFormScreen
import app.afterglow.android.ui.checkin.CheckinResultScreen
import app.afterglow.android.ui.checkin.CheckinsScreen
import app.afterglow.android.ui.clinic.ClinicScreen
import app.afterglow.android.ui.clinic.ShareSelectionScreen
import app.afterglow.android.ui.common.ErrorBanner
import app.afterglow.android.ui.common.LockScreen
import app.afterglow.android.ui.journal.CameraCaptureScreen
import app.afterglow.android.ui.journal.ComparisonScreen
import app.afterglow.android.ui.journal.JournalScreen
import app.afterglow.android.ui.onboarding.OnboardingScreen
import app.afterglow.android.ui.onboarding.ProfileScreen
import app.afterglow.android.ui.reminders.RemindersScreen
import app.afterglow.android.ui.sessions.AddSessionScreen
import app.afterglow.android.ui.sessions.SessionsScreen
import app.afterglow.android.ui.timeline.TimelineScreen
import app.afterglow.android.ui.today.MoreScreen
import app.afterglow.android.ui.today.TodayScreen
import app.afterglow.shared.types.CheckinEvent
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.Place
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.StateFlow

/** The app's frame: tabs, a back stack for the screens inside them, and the core's view. */
@OptIn(ExperimentalMaterial3Api::class)
@Composable
fun AfterglowApp(
    shell: Shell,
    enrollLink: StateFlow<String?>,
    /** Places tapped reminders open (MainActivity), each taken once. */
    openedPlaces: Flow<Place>,
    /** Asks for the notification permission, once (MainActivity): called when a session exists. */
    askForNotifications: () -> Unit,
    /** Asks the platform to unlock with the core's title and reason (MainActivity's BiometricPrompt). */
    unlock: (title: String, reason: String) -> Unit,
) {
    val view by shell.view.collectAsStateWithLifecycle()
    val failure by shell.failure.collectAsStateWithLifecycle()
    val problem by shell.problem.collectAsStateWithLifecycle()
    val link by enrollLink.collectAsStateWithLifecycle()
    val stack = rememberBackStack()
    val current = stack.current
    val go: (Destination) -> Unit = stack::go
    val context = LocalContext.current
    // ACTION_DIAL opens the dialer with the number: no CALL_PHONE permission needed.
    val dial: (String) -> Unit = { uri -> context.startActivity(Intent(Intent.ACTION_DIAL, Uri.parse(uri))) }

    // The core shows times relative to "now": tell it the time once a minute while visible, and
    // not at all in the background (review #27; coming back, MainActivity.onStart tells it).
    val lifecycle = LocalLifecycleOwner.current.lifecycle
    LaunchedEffect(lifecycle) {
        lifecycle.repeatOnLifecycle(Lifecycle.State.STARTED) {
            while (true) {
                delay(60_000)
                shell.send(Event.ClockChanged(deviceClock()))
            }
        }
    }
    LaunchedEffect(current.screen) { shell.send(Event.Show(current.screen)) }
    BackHandler(enabled = stack.canGoBack) { stack.back() }

    val vm = view
    if (failure != null || vm == null || !vm.ready) {
        // Centred on the whole window, clear of the system bars (edge-to-edge: no Scaffold here).
        Box(Modifier.fillMaxSize().safeDrawingPadding(), contentAlignment = Alignment.Center) {
            // The core's words for a failed start (Shell asks its catalogue for them).
            val message = failure
            if (message != null) Text(message) else CircularProgressIndicator()
        }
        return
    }
    // The core decides when the app is locked; nothing of the record is drawn under the lock.
    vm.lock.screen?.let { screen ->
        // Asked once, when the activity is back in front (the screen is composed as the app goes
        // to the background, where a prompt would fail); after that, the screen's button.
        LaunchedEffect(Unit) {
            lifecycle.withResumed {}
            unlock(screen.title, screen.reason)
        }
        LockScreen(screen) { unlock(screen.title, screen.reason) }
        return
    }
    val today = vm.today
    if (today != null && today.session == null && today.nextSession == null) {
        OnboardingScreen(vm, shell::send)
        return
    }
    // Past onboarding there is a session, so reminders to show: now the question makes sense.
    LaunchedEffect(Unit) { askForNotifications() }
    Scaffold(
        topBar = { TopAppBar(title = { Text(current.title(vm)) }) },
        bottomBar = {
            NavigationBar {
                Destination.entries.filter { it.tab }.forEach { tab ->
                    NavigationBarItem(
                        selected = stack.tab == tab,
                        onClick = { go(tab) },
                        icon = {},
                        label = { Text(tab.title(vm)) },
                    )
                }
            }
        },
    ) { padding ->
        // The banner above the screen, not over its first row (review A-17).
        Column(Modifier.padding(padding)) {
            ErrorBanner(vm.error)
            Box(Modifier.weight(1f)) { when (current) {
                Destination.TODAY -> TodayScreen(
                    vm,
                    onCheckIn = { shell.send(Event.Checkin(CheckinEvent.StartNew)); go(Destination.CHECKIN) },
                    onAddSession = { go(Destination.ADD_SESSION) },
                )
                Destination.TIMELINE -> TimelineScreen(vm.timeline, shell::send)
                Destination.CHECKINS -> CheckinsScreen(vm.checkins, shell::send, onNew = { go(Destination.CHECKIN) })
                // The core says which: the form while one is being answered, else the last result.
                Destination.CHECKIN -> vm.checkins.form?.let { CheckinFormScreen(it, vm.checkins.questionnaire, shell::send) }
                    ?: CheckinResultScreen(vm.checkins, shell::send, dial, onDone = { go(Destination.TODAY) })
                Destination.JOURNAL -> JournalScreen(
                    vm.journal, shell,
                    onCamera = { go(Destination.CAMERA) },
                    onCompared = { go(Destination.COMPARISON) },
                )
                Destination.CAMERA -> CameraCaptureScreen(vm.journal.references, vm.treatedAreas, vm.journal.camera, shell, onDone = stack::back)
                Destination.COMPARISON -> ComparisonScreen(vm.journal.comparison, shell)
                Destination.MORE -> MoreScreen(vm, shell, go)
                Destination.REMINDERS -> RemindersScreen(vm.reminders, shell::send)
                Destination.PROFILE -> ProfileScreen(vm.profileForm, shell::send)
                Destination.CLINIC -> ClinicScreen(vm.sharing, shell::send, onShare = { go(Destination.SHARE_SELECTION) })
                Destination.SHARE_SELECTION -> vm.sharing.shareForm?.let { ShareSelectionScreen(it, shell::send, onQueued = { go(Destination.CLINIC) }) }
                Destination.SESSIONS -> SessionsScreen(vm.sessions, vm.sessionForm, shell::send, onAdd = { go(Destination.ADD_SESSION) })
                Destination.ADD_SESSION -> AddSessionScreen(vm, shell::send, onSaved = stack::back)
            } }
        }
    }
    // A clinic link opens the clinic screen once (review #27): not again when the activity is
    // recreated with the same intent, nor each time this part of the tree is composed anew.
    var linkShown by rememberSaveable { mutableStateOf<String?>(null) }
    LaunchedEffect(link) {
        if (link != null && link != linkShown) {
            linkShown = link
            go(Destination.CLINIC)
        }
    }
    // A tapped reminder opens the place the core chose for it (review #28).
    LaunchedEffect(openedPlaces) { openedPlaces.collect { go(Destination.forPlace(it)) } }
    problem?.let { message ->
        AlertDialog(
            onDismissRequest = shell::dismissProblem,
            confirmButton = { TextButton(onClick = shell::dismissProblem) { Text(vm.navigation.problemDismiss) } },
            title = { Text(vm.navigation.problemTitle) },
            text = { Text(message) },
        )
    }
}
