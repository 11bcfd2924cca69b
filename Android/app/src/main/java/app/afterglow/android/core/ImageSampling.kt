package app.afterglow.android.core

/**
 * The power-of-two `inSampleSize` that decodes a `width`×`height` image with neither side above
 * `maxSide` (review #26: a full-resolution 12 MP photo is ~48 MB as a bitmap, several on the
 * comparison screen exhaust the heap). Plain JVM so jvm-test checks it.
 */
fun sampleSizeFor(width: Int, height: Int, maxSide: Int): Int {
    var size = 1
    while (width / size > maxSide || height / size > maxSide) size *= 2
    return size
}
