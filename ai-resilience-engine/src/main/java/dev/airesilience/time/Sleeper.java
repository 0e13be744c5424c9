package dev.airesilience.time;

import java.time.Duration;

/**
 * Blocks the calling thread between retry attempts. Injected so that tests never really sleep.
 *
 * <p>Implementations must be thread-safe and must respond to interrupts by throwing
 * {@link InterruptedException}.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    /** Sleeps with {@link Thread#sleep(long, int)}; on virtual threads this parks without pinning. */
    static Sleeper system() {
        return SystemTime.INSTANCE;
    }
}
