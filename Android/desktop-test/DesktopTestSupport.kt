// What the desktop UI tests share: a started core, and an Activity recreation's effect on state.

import androidx.compose.runtime.getValue
import androidx.compose.runtime.setValue

/**
 * A fresh core over a temporary data dir, started, and its first view with the record loaded
 * (the view before Start carries no profile questions or area words).
 */
fun withCore(body: (app.afterglow.android.core.Core, app.afterglow.shared.types.ViewModel) -> Unit) =
    withCoreViews { core, view, _ -> body(core, view) }

/**
 * [withCore], and `next(wanted)`: the first later view the core renders that is [wanted]
 * (within 10 s each), for a test that sends the core more events.
 */
fun withCoreViews(
    body: (
        app.afterglow.android.core.Core,
        app.afterglow.shared.types.ViewModel,
        (wanted: (app.afterglow.shared.types.ViewModel) -> Boolean) -> app.afterglow.shared.types.ViewModel,
    ) -> Unit,
) {
    val dir = java.nio.file.Files.createTempDirectory("afterglow-desktop").toString()
    val views = java.util.concurrent.LinkedBlockingQueue<app.afterglow.shared.types.ViewModel>()
    val refused = java.util.concurrent.CopyOnWriteArrayList<app.afterglow.core.CoreFailure>()
    val effects = object : app.afterglow.android.core.PlatformEffects {
        override fun render(view: app.afterglow.shared.types.ViewModel) { views.put(view) }
        override fun replaceNotifications(notifications: List<app.afterglow.shared.types.ScheduledNotification>) {}
        override fun failed(problem: app.afterglow.core.CoreFailure) { refused.add(problem) }
    }
    app.afterglow.android.core.Core(dir, effects).use { core ->
        core.update(app.afterglow.shared.types.Event.Start(app.afterglow.shared.types.Clock(1_772_974_800_000L, "America/New_York")))
        while (true) {
            val view = views.poll(10, java.util.concurrent.TimeUnit.SECONDS) ?: error("no ready view within 10 s")
            if (!view.ready) continue
            val next = { wanted: (app.afterglow.shared.types.ViewModel) -> Boolean ->
                var found: app.afterglow.shared.types.ViewModel? = null
                while (found == null) {
                    val later = views.poll(10, java.util.concurrent.TimeUnit.SECONDS) ?: error("no such view within 10 s")
                    if (wanted(later)) found = later
                }
                found
            }
            body(core, view, next)
            check(refused.isEmpty()) { "the core refused a call: $refused" }
            return
        }
    }
}

/**
 * What an Activity recreation does to the composition: the saveable state is saved (only what a
 * Bundle holds: Serializable values, or a snapshot state holding one, as Android's registry
 * checks), the composition is thrown away, and a new one is built at the same place from the
 * saved state. (Compose desktop's StateRestorationTester needs a registry the desktop test rule
 * does not provide.)
 */
@OptIn(androidx.compose.ui.test.ExperimentalTestApi::class)
class Recreation {
    private var registry = newRegistry(null)
    private var shown by androidx.compose.runtime.mutableStateOf(true)

    @androidx.compose.runtime.Composable
    fun Content(content: @androidx.compose.runtime.Composable () -> Unit) {
        if (shown) {
            androidx.compose.runtime.CompositionLocalProvider(
                androidx.compose.runtime.saveable.LocalSaveableStateRegistry provides registry,
                content = content,
            )
        }
    }

    fun recreate(test: androidx.compose.ui.test.ComposeUiTest) {
        val saved = test.runOnIdle { registry.performSave() }
        shown = false
        test.waitForIdle()
        registry = newRegistry(saved)
        shown = true
        test.waitForIdle()
    }

    private fun newRegistry(saved: Map<String, List<Any?>>?) =
        androidx.compose.runtime.saveable.SaveableStateRegistry(saved, ::fitsInABundle)

    private fun fitsInABundle(value: Any): Boolean =
        if (value is androidx.compose.runtime.snapshots.SnapshotMutableState<*>) {
            value.value?.let(::fitsInABundle) ?: true
        } else {
            value is java.io.Serializable
        }
}
