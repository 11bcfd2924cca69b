package androidx.fragment.app

// Compile-time stand-in for androidx.fragment's FragmentActivity (the host BiometricPrompt needs;
// the real one is a ComponentActivity, which draws the Compose UI in MainActivity).
open class FragmentActivity : android.app.Activity()
