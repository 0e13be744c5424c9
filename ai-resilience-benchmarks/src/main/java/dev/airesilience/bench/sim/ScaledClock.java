package dev.airesilience.bench.sim;

import dev.airesilience.time.Scheduler;
import dev.airesilience.time.Sleeper;
import dev.airesilience.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Simulated time running faster than real time: one simulated second lasts {@code realNanosPerSimSecond}
 * real nanoseconds. Our orchestrator gets it injected as its clock and sleeper, so it runs the real strategy
 * table unchanged; the peers cannot take a clock for their sleeps, so they get their durations converted to
 * real time with {@link #real(Duration)}. Both then live on the same scaled timeline.
 */
final class ScaledClock implements TimeSource, Sleeper, Scheduler {

    private static final Instant EPOCH = Instant.parse("2026-11-22T00:00:00Z");
    /** Timers of every run (hedge delays, health probes, asynchronous waits), on the scaled timeline. */
    private static final ScheduledExecutorService TIMERS = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "sim-timer");
        thread.setDaemon(true);
        return thread;
    });

    private final long realNanosPerSimSecond;
    private final long originNanos = System.nanoTime();

    ScaledClock(long realNanosPerSimSecond) {
        this.realNanosPerSimSecond = realNanosPerSimSecond;
    }

    /** Simulated seconds since this clock was created. */
    double seconds() {
        return (System.nanoTime() - originNanos) / (double) realNanosPerSimSecond;
    }

    @Override
    public long nanoTime() {
        return (long) (seconds() * 1e9);
    }

    @Override
    public Instant now() {
        return EPOCH.plusNanos(nanoTime());
    }

    /** The real duration of a simulated one. */
    Duration real(Duration simulated) {
        return Duration.ofNanos((long) (simulated.toNanos() / 1e9 * realNanosPerSimSecond));
    }

    Duration real(double simulatedSeconds) {
        return Duration.ofNanos((long) (simulatedSeconds * realNanosPerSimSecond));
    }

    @Override
    public void sleep(Duration simulated) throws InterruptedException {
        sleepSeconds(simulated.toNanos() / 1e9);
    }

    @Override
    public Future<?> schedule(Runnable task, Duration simulated) {
        return TIMERS.schedule(task, Math.max(0, real(simulated).toNanos()), TimeUnit.NANOSECONDS);
    }

    /** Parks for the real equivalent; parkNanos is precise below a millisecond, where Thread.sleep is not on JDK 17. */
    void sleepSeconds(double simulatedSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + (long) (simulatedSeconds * realNanosPerSimSecond);
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }
}
