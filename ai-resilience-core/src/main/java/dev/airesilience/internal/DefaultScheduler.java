package dev.airesilience.internal;

import dev.airesilience.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real scheduler of the asynchronous path: one daemon timer thread, created on first use, that only hands
 * due tasks over to an executor, so a slow task never delays the others. {@link #close()} releases the thread.
 */
final class DefaultScheduler implements Scheduler, AutoCloseable {

    private final AtomicReference<ScheduledThreadPoolExecutor> timer = new AtomicReference<>();
    private final Executor executor;
    private volatile boolean closed;

    DefaultScheduler() {
        this(ForkJoinPool.commonPool());
    }

    DefaultScheduler(Executor executor) {
        this.executor = executor;
    }

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        return timer().schedule(() -> executor.execute(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
    }

    private ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor current = timer.get();
        if (current != null) {
            return current;
        }
        if (closed) {
            throw new IllegalStateException("the orchestrator is closed");
        }
        ScheduledThreadPoolExecutor fresh = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "ai-resilience-scheduler");
            thread.setDaemon(true);
            return thread;
        });
        fresh.setRemoveOnCancelPolicy(true);
        if (timer.compareAndSet(null, fresh)) {
            if (closed) { // lost a race with close(): do not leak the thread
                fresh.shutdownNow();
                throw new IllegalStateException("the orchestrator is closed");
            }
            return fresh;
        }
        fresh.shutdownNow();
        return timer.get();
    }

    boolean isStarted() {
        return timer.get() != null;
    }

    @Override
    public void close() {
        closed = true;
        ScheduledThreadPoolExecutor current = timer.getAndSet(null);
        if (current != null) {
            current.shutdownNow();
        }
    }
}
