package app.afterglow.android.privacy

import android.app.Activity
import android.os.Build
import android.view.WindowManager

/**
 * Keeps the patient's check-ins and face photos out of the recent-apps screen (review #20).
 * Android 13+ can hide just the recents thumbnail; older versions only offer FLAG_SECURE, which
 * also blocks screenshots of the app: the price of not showing health data in the app switcher.
 */
object RecentsPrivacy {
    fun apply(activity: Activity) {
        if (Build.VERSION.SDK_INT >= Build.VERSION_CODES.TIRAMISU) {
            activity.setRecentsScreenshotEnabled(false)
        } else {
            activity.window.addFlags(WindowManager.LayoutParams.FLAG_SECURE)
        }
    }
}
