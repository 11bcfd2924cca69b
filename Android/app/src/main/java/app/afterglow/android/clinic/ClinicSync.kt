package app.afterglow.android.clinic

import android.content.Context
import android.net.ConnectivityManager
import android.net.Network
import android.os.Handler
import android.os.Looper
import android.os.SystemClock

/**
 * Tells the core when to deliver the outbox (`SharingEvent.Sync`): when the network comes back,
 * and at the next retry instant the view reports (the Rust handler chose it with backoff and
 * Retry-After); with the app closed, [OutboxJob]. Delivery itself, retries and the token live in
 * the Rust library.
 */
class ClinicSync(private val context: Context, private val sync: () -> Unit) {
    private val main = Handler(Looper.getMainLooper())
    private val retry = Runnable { sync() }

    init {
        context.getSystemService(ConnectivityManager::class.java).registerDefaultNetworkCallback(
            object : ConnectivityManager.NetworkCallback() {
                override fun onAvailable(network: Network) = sync()
            },
        )
    }

    /**
     * Replaces the pending retry with one at `atUtcMs` (none when `null`): while the process
     * lives, a main-thread timer; for when it does not, the [OutboxJob].
     */
    fun retryAt(atUtcMs: Long?) {
        main.removeCallbacks(retry)
        OutboxJob.schedule(context, atUtcMs)
        if (atUtcMs == null) return
        val delay = (atUtcMs - System.currentTimeMillis()).coerceAtLeast(0)
        main.postAtTime(retry, SystemClock.uptimeMillis() + delay)
    }
}
