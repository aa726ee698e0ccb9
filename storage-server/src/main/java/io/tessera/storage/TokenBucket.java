package io.tessera.storage;

import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.NanoClock;

/**
 * A byte rate shared by threads: each caller takes what it is about to move and sleeps off any debt, so
 * the long-run rate stays at {@code bytesPerSecond} with bursts of at most one second's worth. A rate of
 * 0 or less means unlimited.
 */
final class TokenBucket {
    private final long bytesPerSecond;
    private final NanoClock clock;
    private double tokens;
    private long lastNs;

    TokenBucket(long bytesPerSecond, NanoClock clock) {
        this.bytesPerSecond = bytesPerSecond;
        this.clock = clock;
        this.tokens = bytesPerSecond;
        this.lastNs = clock.nanoTime();
    }

    /** Takes {@code bytes}, sleeping until the rate allows them. */
    void acquire(long bytes) throws InterruptedException {
        long waitNs = reserve(bytes);
        if (waitNs > 0) {
            TimeUnit.NANOSECONDS.sleep(waitNs);
        }
    }

    /** Takes {@code bytes} now and returns how long the caller must wait to have paid for them. */
    synchronized long reserve(long bytes) {
        if (bytesPerSecond <= 0) {
            return 0;
        }
        long now = clock.nanoTime();
        tokens = Math.min(bytesPerSecond, tokens + (now - lastNs) * (bytesPerSecond / 1e9));
        lastNs = now;
        tokens -= bytes;
        return tokens >= 0 ? 0 : (long) (-tokens / bytesPerSecond * 1e9);
    }
}
