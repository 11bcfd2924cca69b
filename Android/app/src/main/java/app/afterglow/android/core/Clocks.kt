package app.afterglow.android.core

import app.afterglow.shared.types.Clock
import java.time.ZoneId

/** The patient's clock as the core wants it: the instant in UTC and the device's IANA zone. */
fun deviceClock(nowUtcMs: Long = System.currentTimeMillis(), zone: ZoneId = ZoneId.systemDefault()): Clock =
    Clock(nowUtcMs, zone.id)
