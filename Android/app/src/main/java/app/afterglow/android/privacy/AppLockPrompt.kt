package app.afterglow.android.privacy

import android.content.Context
import androidx.biometric.BiometricManager
import androidx.biometric.BiometricPrompt
import androidx.core.content.ContextCompat
import androidx.fragment.app.FragmentActivity

/**
 * The platform side of the optional app lock: whether the device can authenticate its owner
 * (a fingerprint, a face or the screen lock's PIN, pattern or password) and the prompt itself.
 * The core decides when the app is locked and says every word (`view.lock`); this only asks
 * Android and reports the answer.
 */
object AppLockPrompt {
    private const val ALLOWED =
        BiometricManager.Authenticators.BIOMETRIC_WEAK or BiometricManager.Authenticators.DEVICE_CREDENTIAL

    fun available(context: Context): Boolean =
        BiometricManager.from(context).canAuthenticate(ALLOWED) == BiometricManager.BIOMETRIC_SUCCESS

    /**
     * Shows the system prompt with the core's [title] and [reason]; [answer] gets true once the
     * owner is recognised, false on an error or a cancel (a single failed finger is not an
     * answer: the prompt stays up and lets them try again).
     */
    fun unlock(activity: FragmentActivity, title: String, reason: String, answer: (Boolean) -> Unit) {
        val callback = object : BiometricPrompt.AuthenticationCallback() {
            override fun onAuthenticationSucceeded(result: BiometricPrompt.AuthenticationResult) = answer(true)

            override fun onAuthenticationError(errorCode: Int, errString: CharSequence) = answer(false)
        }
        val prompt = BiometricPrompt(activity, ContextCompat.getMainExecutor(activity), callback)
        val info = BiometricPrompt.PromptInfo.Builder()
            .setTitle(title)
            .setSubtitle(reason)
            .setAllowedAuthenticators(ALLOWED)
            .build()
        prompt.authenticate(info)
    }
}
