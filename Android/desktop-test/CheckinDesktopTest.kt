// The check-in screens on Compose's desktop runtime, headless, driven by the real core: the Android
// shell's Core class over the Linux build of the Rust library (as in jvm-test). What is drawn and
// what is sent are checked against the core's own view models and words, never against copies.

import androidx.compose.foundation.layout.Column
import androidx.compose.foundation.layout.width
import androidx.compose.runtime.CompositionLocalProvider
import androidx.compose.runtime.getValue
import androidx.compose.runtime.mutableStateOf
import androidx.compose.runtime.setValue
import androidx.compose.ui.Modifier
import androidx.compose.ui.platform.LocalDensity
import androidx.compose.ui.test.assertIsDisplayed
import androidx.compose.ui.test.hasContentDescription
import androidx.compose.ui.test.junit4.createComposeRule
import androidx.compose.ui.test.onNodeWithText
import androidx.compose.ui.test.performClick
import androidx.compose.ui.test.performScrollTo
import androidx.compose.ui.test.performTextInput
import androidx.compose.ui.unit.Density
import androidx.compose.ui.unit.dp
import app.afterglow.android.core.Core
import app.afterglow.android.core.PlatformEffects
import app.afterglow.android.ui.checkin.CheckinFormScreen
import app.afterglow.android.ui.checkin.CheckinResultScreen
import app.afterglow.android.ui.checkin.TrendChart
import app.afterglow.android.ui.common.ErrorBanner
import app.afterglow.core.CoreFailure
import app.afterglow.shared.types.CheckinAnswer
import app.afterglow.shared.types.CheckinEvent
import app.afterglow.shared.types.CheckinStep
import app.afterglow.shared.types.Clock
import app.afterglow.shared.types.Discharge
import app.afterglow.shared.types.Event
import app.afterglow.shared.types.Level
import app.afterglow.shared.types.ScheduledNotification
import app.afterglow.shared.types.Screen
import app.afterglow.shared.types.SessionForm
import app.afterglow.shared.types.TreatedArea
import app.afterglow.shared.types.ViewModel
import java.nio.file.Files
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.system.exitProcess
import org.junit.After
import org.junit.Before
import org.junit.Rule
import org.junit.Test
import org.junit.runner.JUnitCore

class CheckinDesktopTest {
    @get:Rule
    val compose = createComposeRule()

    /** The latest view the core rendered; a Compose state, so the screens under test follow it. */
    private var view by mutableStateOf<ViewModel?>(null)
    private val sent = CopyOnWriteArrayList<Event>()
    private val refused = CopyOnWriteArrayList<CoreFailure>()
    private lateinit var core: Core

    @Before
    fun start() {
        val dir = Files.createTempDirectory("afterglow-compose").toString()
        core = Core(dir, object : PlatformEffects {
            override fun render(view: ViewModel) { this@CheckinDesktopTest.view = view }
            override fun replaceNotifications(notifications: List<ScheduledNotification>) {}
            override fun failed(problem: CoreFailure) { refused.add(problem) }
        })
        core.update(Event.Start(Clock(1_772_974_800_000L, "America/New_York")))
        waitForView { it.ready } // the record loads in Rust; a session added before that is refused
        val session = SessionForm(
            "2026-03-07T22:00", "America/New_York", "1", listOf(TreatedArea.FACE), null, null, false, emptyList(),
        )
        core.update(Event.AddSession(session))
        waitForView { it.today?.session != null }
    }

    @After
    fun stop() {
        core.close()
        check(refused.isEmpty()) { "the core refused a call: $refused" }
    }

    private fun send(event: Event) {
        sent.add(event)
        core.update(event)
    }

    private fun waitForView(wanted: (ViewModel) -> Boolean): ViewModel {
        val deadline = System.currentTimeMillis() + 10_000
        while (true) {
            view?.let { if (wanted(it)) return it }
            check(System.currentTimeMillis() < deadline) { "no matching view within 10 s; last: $view" }
            Thread.sleep(20)
        }
    }

    /** The check-in screen as the app draws it: the core's form while there is one. */
    private fun showForm(send: (Event) -> Unit = ::send) {
        val questions = view!!.checkins.questionnaire
        compose.setContent {
            Column {
                ErrorBanner(view?.error)
                view?.checkins?.form?.let { CheckinFormScreen(it, questions, send) }
            }
        }
    }

    /** Answers through the core, as the screen would, up to `step`. */
    private fun answerUpTo(step: CheckinStep) {
        val one: UByte = 1u
        val two: UByte = 2u
        val zero: UByte = 0u
        val answers: Map<CheckinStep, List<CheckinAnswer>> = mapOf(
            CheckinStep.SKIN to listOf(CheckinAnswer.Redness(one), CheckinAnswer.Swelling(zero)),
            CheckinStep.PAINANDITCH to listOf(CheckinAnswer.Pain(two), CheckinAnswer.Itch(zero)),
            CheckinStep.SIGNS to listOf(CheckinAnswer.Discharge(Discharge.NONE)),
        )
        while (view!!.checkins.form!!.step != step) {
            val at = view!!.checkins.form!!.step
            answers[at].orEmpty().forEach { core.update(Event.Checkin(CheckinEvent.Answer(it))) }
            core.update(Event.Checkin(CheckinEvent.Next))
            waitForView { it.checkins.form?.step != at }
        }
    }

    @Test
    fun answering_yes_to_an_urgent_first_sign_sends_the_check_in_at_once() {
        val urgent = view!!.checkins.questionnaire.urgentFirst.first()
        showForm()
        compose.onNodeWithText(urgent.text).performClick()
        compose.waitForIdle()

        val event = sent.single() as Event.Checkin
        check(event.value == CheckinEvent.Answer(CheckinAnswer.Sign(urgent.sign, true))) { "sent: $event" }
        val checkins = waitForView { it.checkins.lastResult != null }.checkins
        check(checkins.lastResult!!.level == Level.URGENT) { "the core triaged ${checkins.lastResult!!.level}" }
        check(checkins.form == null) { "the form stayed instead of the result" }
    }

    @Test
    fun the_result_shows_the_core_s_words() {
        val urgent = view!!.checkins.questionnaire.urgentFirst.first().sign
        send(Event.Checkin(CheckinEvent.Answer(CheckinAnswer.Sign(urgent, true))))
        val checkins = waitForView { it.checkins.lastResult != null }.checkins
        var dialled: String? = null
        compose.setContent { CheckinResultScreen(checkins, ::send, dial = { dialled = it }, onDone = {}) }
        compose.onNodeWithText(checkins.lastResultTitle!!).assertIsDisplayed()
        compose.onNodeWithText(checkins.lastResult!!.advice).assertIsDisplayed()
        checkins.callClinic?.let { call ->
            compose.onNodeWithText(call.label).performClick()
            check(dialled == call.uri) { "dialled $dialled" }
        }
    }

    @Test
    fun a_step_with_a_question_unanswered_shows_the_core_s_problem() {
        showForm()
        compose.onNodeWithText(view!!.checkins.form!!.nextLabel).performClick() // none of the urgent signs
        waitForView { it.checkins.form?.step == CheckinStep.SKIN }
        compose.waitForIdle()
        compose.onNodeWithText(view!!.checkins.form!!.nextLabel).performScrollTo().performClick() // nothing answered
        val problem = waitForView { it.checkins.form?.problem != null }.checkins.form!!.problem!!
        compose.waitForIdle()
        compose.onNodeWithText(problem).performScrollTo().assertIsDisplayed()
        check(view!!.checkins.form!!.step == CheckinStep.SKIN) { "moved on with the step unanswered" }
        check(view!!.checkins.lastResult == null) { "a refused check-in produced a result" }
    }

    @Test
    fun the_temperature_goes_to_the_core_as_typed() {
        answerUpTo(CheckinStep.FINISH)
        showForm()
        val questions = view!!.checkins.questionnaire
        compose.onNodeWithText(questions.temperatureLabel).performScrollTo().performTextInput("38,5x")
        // Not parsed (and so not dropped) here: the core reads it and names what it cannot read.
        waitForView { it.checkins.form?.temperature == "38,5x" }
        compose.onNodeWithText(view!!.checkins.form!!.nextLabel).performScrollTo().performClick()
        val problem = waitForView { it.checkins.form?.problem != null }.checkins.form!!.problem!!
        check("38,5x" in problem) { "problem: $problem" }
    }

    @Test
    fun at_double_font_size_on_a_narrow_phone_every_option_is_on_screen() {
        // Checked by geometry: each option's text is laid out (not squeezed to nothing) within the
        // phone's width. (The text layout that semantics reports at font scale 2 disagreed with
        // the drawn bounds here, so whether a line is cut inside its box is not checked.)
        val questions = view!!.checkins.questionnaire
        val phoneWidth = 360.dp
        compose.setContent {
            CompositionLocalProvider(LocalDensity provides Density(1f, fontScale = 2f)) {
                Column(Modifier.width(phoneWidth)) { view?.checkins?.form?.let { CheckinFormScreen(it, questions, ::send) } }
            }
        }
        val rootRight = phoneWidth.value // density 1: one dp is one pixel
        val steps: List<Pair<CheckinStep, List<String>>> = listOf(
            CheckinStep.URGENTFIRST to questions.urgentFirst.map { it.text },
            CheckinStep.SKIN to questions.redness + questions.swelling,
            CheckinStep.SIGNS to questions.discharge.map { it.text } + questions.otherSigns.map { it.text },
        )
        for ((step, options) in steps) {
            answerUpTo(step)
            compose.waitForIdle()
            for (text in options) {
                compose.onNodeWithText(text).performScrollTo() // off-screen nodes have clipped (empty) bounds
                val node = compose.onNodeWithText(text, useUnmergedTree = true).fetchSemanticsNode()
                val bounds = node.boundsInRoot
                check(bounds.width > 0f && bounds.right <= rootRight + 0.5f) { "'$text' lies outside the screen: $bounds (width $rootRight)" }
            }
        }
    }

    @Test
    fun the_trend_chart_is_read_as_the_core_s_description() {
        val urgent = view!!.checkins.questionnaire.urgentFirst.first().sign
        send(Event.Checkin(CheckinEvent.Answer(CheckinAnswer.Sign(urgent, true))))
        waitForView { it.checkins.lastResult != null }
        send(Event.Show(Screen.CHECKINS))
        val chart = waitForView { it.checkins.trend.chart.dayLabels.isNotEmpty() }.checkins.trend.chart
        compose.setContent { TrendChart(chart) }
        compose.onNode(hasContentDescription(chart.description)).assertExists()
    }
}

/** A closing line CI understands: "N passed, M failed". */
fun main() {
    val result = JUnitCore.runClasses(
        CheckinDesktopTest::class.java, RestorationDesktopTest::class.java, AccessibilityDesktopTest::class.java,
        OnboardingDesktopTest::class.java, SessionsDesktopTest::class.java, LockDesktopTest::class.java,
    )
    result.failures.forEach { println("FAIL ${it.testHeader}: ${it.trace}") }
    val failed = result.failureCount
    println("${result.runCount - failed} passed, $failed failed")
    exitProcess(if (result.wasSuccessful() && result.runCount > 0) 0 else 1)
}
