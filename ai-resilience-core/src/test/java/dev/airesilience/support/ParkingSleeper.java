package dev.airesilience.support;

import dev.airesilience.time.ManualClock;
import dev.airesilience.time.Sleeper;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A sleeper for many blocking callers in virtual time: each sleep parks its thread until the test advances the
 * {@link ManualClock} past the wake-up time (unlike {@code ManualClock.sleep}, which advances the clock itself).
 * Interrupts end the sleep, as {@link Thread#sleep} does.
 */
public final class ParkingSleeper implements Sleeper {

    private final ManualClock clock;
    private final AtomicInteger parked = new AtomicInteger();

    public ParkingSleeper(ManualClock clock) {
        this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) throws InterruptedException {
        CountDownLatch awake = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean counted = new java.util.concurrent.atomic.AtomicBoolean(true);
        parked.incrementAndGet();
        // Un-parked by the thread that advances the clock, so that once advance() returns, the count already
        // excludes every caller it woke.
        clock.schedule(() -> {
            if (counted.getAndSet(false)) {
                parked.decrementAndGet();
            }
            awake.countDown();
        }, duration);
        try {
            awake.await();
        } finally {
            if (counted.getAndSet(false)) {
                parked.decrementAndGet();
            }
        }
    }

    /** Threads parked right now. */
    public int parked() {
        return parked.get();
    }

    /** Waits (in real time, bounded) until {@code count} threads are parked. */
    public void awaitParked(int count) throws InterruptedException {
        awaitSettled(() -> parked.get() >= count, "only " + count + " callers parked");
    }

    /**
     * After an {@code advance}, waits (in real time, bounded) until every caller is either parked again or
     * {@code finished}, so that each caller acts at the virtual instant it woke at.
     */
    public void awaitSettled(int callers, java.util.function.IntSupplier finished) throws InterruptedException {
        awaitSettled(() -> parked.get() + finished.getAsInt() >= callers, callers + " callers parked or finished");
    }

    private static void awaitSettled(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(1);
        }
    }
}
