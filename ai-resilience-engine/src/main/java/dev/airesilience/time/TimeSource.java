package dev.airesilience.time;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * Where the orchestrator reads time. Monotonic nanos drive budgets and backoff; wall time only labels
 * timestamps in metrics. Injected so that tests run in virtual time ({@link ManualClock}).
 *
 * <p>Implementations must be thread-safe.
 */
public interface TimeSource {

    /** Monotonic time in nanoseconds, for measuring elapsed time only. */
    long nanoTime();

    /** The current wall-clock instant (UTC). */
    Instant now();

    /** The real system clock. */
    static TimeSource system() {
        return SystemTime.INSTANCE;
    }

    /** A {@link Clock} view of {@link #now()}, for libraries (Resilience4j) that take one. */
    default Clock asClock() {
        TimeSource source = this;
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                throw new UnsupportedOperationException("TimeSource clocks are always UTC");
            }

            @Override
            public Instant instant() {
                return source.now();
            }

            @Override
            public long millis() {
                return source.now().toEpochMilli();
            }
        };
    }
}
