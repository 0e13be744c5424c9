package dev.airesilience.internal;

import dev.airesilience.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The real scheduler of the asynchronous path: one daemon timer thread, created on first use, that only hands
 * due tasks over to the orchestrator's own workers ({@link Workers}: a virtual thread per task, or an elastic pool),
 * so a slow task, such as a blocking fallback, never delays the others. Not the common fork-join pool: on a small
 * machine it has one thread. {@link #close()} releases the threads.
 */
public final class DefaultScheduler implements Scheduler, AutoCloseable {

    private final AtomicReference<ScheduledThreadPoolExecutor> timer = new AtomicReference<>();
    private final AtomicReference<ExecutorService> executor = new AtomicReference<>();
    private volatile boolean closed;

    @Override
    public Future<?> schedule(Runnable task, Duration delay) {
        ScheduledThreadPoolExecutor timer = timer();
        ExecutorService workers = workers();
        return timer.schedule(() -> workers.execute(task), Saturating.nanos(delay), TimeUnit.NANOSECONDS);
    }

    private ExecutorService workers() {
        ExecutorService current = executor.get();
        if (current != null) {
            return current;
        }
        ExecutorService fresh = Workers.newExecutor("ai-resilience-async");
        if (executor.compareAndSet(null, fresh)) {
            if (closed) {
                fresh.shutdownNow();
                throw new IllegalStateException("the orchestrator is closed");
            }
            return fresh;
        }
        fresh.shutdownNow();
        return executor.get();
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

    public boolean isStarted() {
        return timer.get() != null;
    }

    @Override
    public void close() {
        closed = true;
        ScheduledThreadPoolExecutor current = timer.getAndSet(null);
        if (current != null) {
            current.shutdownNow();
        }
        ExecutorService workers = executor.getAndSet(null);
        if (workers != null) {
            workers.shutdown(); // steps already handed over finish; nothing new is accepted
        }
    }
}
