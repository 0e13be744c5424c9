package dev.airesilience.time;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Virtual time for tests and simulations: a {@link TimeSource}, a {@link Sleeper} whose sleeps advance the
 * clock instead of blocking, and a {@link Scheduler} whose tasks run when the clock passes their due time.
 *
 * <p>In <em>auto-advancing</em> mode ({@link #autoAdvancing()}), scheduling a task jumps the clock to its
 * due time and runs it at once on the calling thread, so asynchronous code completes synchronously. In the
 * default mode tasks wait until {@link #advance(Duration)} passes their due time.
 *
 * <p>Thread-safe. Tasks run outside the internal lock.
 */
public final class ManualClock implements TimeSource, Sleeper, Scheduler {

    private static final Instant DEFAULT_EPOCH = Instant.parse("2026-01-01T00:00:00Z");

    private final AtomicLong nanos = new AtomicLong();
    private final Instant epoch;
    private final boolean autoAdvance;
    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Scheduled> queue = new PriorityQueue<>();
    private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private long sequence;

    public ManualClock() {
        this(DEFAULT_EPOCH, false);
    }

    private ManualClock(Instant epoch, boolean autoAdvance) {
        this.epoch = epoch;
        this.autoAdvance = autoAdvance;
    }

    /** A clock whose scheduled tasks run immediately, advancing time to their due time. */
    public static ManualClock autoAdvancing() {
        return new ManualClock(DEFAULT_EPOCH, true);
    }

    @Override
    public long nanoTime() {
        return nanos.get();
    }

    @Override
    public Instant now() {
        return epoch.plusNanos(nanos.get());
    }

    /** Time elapsed since this clock was created. */
    public Duration elapsed() {
        return Duration.ofNanos(nanos.get());
    }

    /** Records the sleep and advances the clock by it; honours the interrupt flag like a real sleep. */
    @Override
    public void sleep(Duration duration) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException("interrupted before sleeping " + duration);
        }
        sleeps.add(duration);
        advance(duration);
    }

    /** Every sleep requested so far, in order. */
    public List<Duration> sleeps() {
        return List.copyOf(sleeps);
    }

    @Override
    public FutureTaskHandle schedule(Runnable task, Duration delay) {
        FutureTaskHandle handle = new FutureTaskHandle(task);
        if (autoAdvance) {
            advance(delay);
            handle.run();
            return handle;
        }
        lock.lock();
        try {
            queue.add(new Scheduled(nanos.get() + Math.max(0, delay.toNanos()), sequence++, handle));
        } finally {
            lock.unlock();
        }
        if (delay.isZero() || delay.isNegative()) {
            runDueTasks();
        }
        return handle;
    }

    /** Moves time forward and runs every scheduled task that has come due, in due-time order. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("duration must not be negative, but was " + duration);
        }
        nanos.addAndGet(duration.toNanos());
        runDueTasks();
    }

    /** Number of scheduled tasks that have not run yet (cancelled ones included until their due time). */
    public int pendingTasks() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    private void runDueTasks() {
        while (true) {
            Scheduled next;
            lock.lock();
            try {
                next = queue.peek();
                if (next == null || next.dueNanos > nanos.get()) {
                    return;
                }
                queue.poll();
            } finally {
                lock.unlock();
            }
            next.task.run();
        }
    }

    /** The future returned by {@link #schedule}; cancelling it before its due time stops the task. */
    public static final class FutureTaskHandle extends FutureTask<Void> {
        FutureTaskHandle(Runnable task) {
            super(task, null);
        }
    }

    private record Scheduled(long dueNanos, long order, FutureTaskHandle task) implements Comparable<Scheduled> {
        @Override
        public int compareTo(Scheduled other) {
            int byTime = Long.compare(dueNanos, other.dueNanos);
            return byTime != 0 ? byTime : Long.compare(order, other.order);
        }
    }

}
