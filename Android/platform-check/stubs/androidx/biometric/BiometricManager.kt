package androidx.biometric

import android.content.Context

// Compile-time stand-in for androidx.biometric 1.1's BiometricManager: the members the app calls,
// with their declared signatures and constants (see androidx/core/app/NotificationCompat.kt).
class BiometricManager private constructor() {
    interface Authenticators {
        companion object {
            const val BIOMETRIC_STRONG: Int = 0x000F
            const val BIOMETRIC_WEAK: Int = 0x00FF
            const val DEVICE_CREDENTIAL: Int = 1 shl 15
        }
    }

    fun canAuthenticate(authenticators: Int): Int = TODO("androidx stub")

    companion object {
        const val BIOMETRIC_SUCCESS: Int = 0

        @JvmStatic
        fun from(context: Context): BiometricManager = TODO("androidx stub")
    }
}
