package androidx.biometric

import androidx.fragment.app.FragmentActivity
import java.util.concurrent.Executor

// Compile-time stand-in for androidx.biometric 1.1's BiometricPrompt: the members the app calls,
// with their declared signatures (see androidx/core/app/NotificationCompat.kt).
class BiometricPrompt(activity: FragmentActivity, executor: Executor, callback: AuthenticationCallback) {
    fun authenticate(info: PromptInfo): Unit = TODO("androidx stub")

    abstract class AuthenticationCallback {
        open fun onAuthenticationError(errorCode: Int, errString: CharSequence) {}

        open fun onAuthenticationSucceeded(result: AuthenticationResult) {}

        open fun onAuthenticationFailed() {}
    }

    class AuthenticationResult private constructor()

    class PromptInfo private constructor() {
        class Builder {
            fun setTitle(title: CharSequence): Builder = TODO("androidx stub")

            fun setSubtitle(subtitle: CharSequence?): Builder = TODO("androidx stub")

            fun setAllowedAuthenticators(allowedAuthenticators: Int): Builder = TODO("androidx stub")

            fun build(): PromptInfo = TODO("androidx stub")
        }
    }
}
