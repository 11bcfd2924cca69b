package app.afterglow.android

import android.app.Application
import app.afterglow.android.notifications.ReminderChannel

/** Owns the one [Shell] (and so the one Core) of the process: the UI and receivers share it. */
class AfterglowApplication : Application() {
    lateinit var shell: Shell
        private set

    override fun onCreate() {
        super.onCreate()
        ReminderChannel.create(this)
        shell = Shell(this)
    }
}

val android.content.Context.shell: Shell
    get() = (applicationContext as AfterglowApplication).shell
