package dev.airesilience.internal;

import dev.airesilience.exception.AttemptTimeoutException;
import dev.airesilience.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per-attempt timeouts. The deadline is a task on the injected {@link Scheduler} (so tests drive it in virtual
 * time); when it fires first, the attempt is cancelled — its thread interrupted — and the caller gets an
 * {@link AttemptTimeoutException}, which is transient. A blocking attempt runs on a worker thread so that the
 * caller can stop waiting for it; idle workers exit after a few seconds and {@link #close()} stops them all.
 */
final class AttemptTimeouts implements AutoCloseable {

    private final Scheduler scheduler;
    private final AtomicReference<ThreadPoolExecutor> workers = new AtomicReference<>();
    private final AtomicInteger workerNumber = new AtomicInteger();
    private volatile boolean closed;

    AttemptTimeouts(Scheduler scheduler) {
        this.scheduler = scheduler;
    }

    /** Runs a blocking attempt, cut off after {@code timeout}. */
    <T> T call(String operation, Callable<? extends T> attempt, Duration timeout) throws Exception {
        FutureTask<T> task = new FutureTask<>(attempt::call);
        AtomicBoolean timedOut = new AtomicBoolean();
        // Armed before the attempt starts, so no time the attempt spends can escape the deadline.
        Future<?> deadline = scheduler.schedule(() -> {
            if (!task.isDone()) {
                timedOut.set(true);
                task.cancel(true);
            }
        }, timeout);
        try {
            workers().execute(task);
        } catch (RuntimeException closed) {
            deadline.cancel(false);
            throw closed;
        }
        try {
            return task.get();
        } catch (CancellationException e) {
            if (timedOut.get()) {
                throw new AttemptTimeoutException(operation, timeout);
            }
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw (Exception) cause;
        } catch (InterruptedException e) {
            task.cancel(true); // the caller gave up: do not leave the attempt running
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    /** An asynchronous attempt whose stage fails with {@link AttemptTimeoutException} after {@code timeout}. */
    <T> CompletableFuture<T> within(String operation, CompletableFuture<T> attempt, Duration timeout) {
        if (attempt.isDone()) {
            return attempt;
        }
        CompletableFuture<T> bounded = new CompletableFuture<>();
        Future<?> deadline = scheduler.schedule(() -> {
            if (bounded.completeExceptionally(new AttemptTimeoutException(operation, timeout))) {
                attempt.cancel(true);
            }
        }, timeout);
        bounded.whenComplete((value, failure) -> {
            if (bounded.isCancelled()) {
                attempt.cancel(true); // the caller cancelled the call: stop the attempt too
            }
        });
        attempt.whenComplete((value, failure) -> {
            deadline.cancel(false);
            if (failure == null) {
                bounded.complete(value);
            } else {
                bounded.completeExceptionally(failure);
            }
        });
        return bounded;
    }

    private ThreadPoolExecutor workers() {
        ThreadPoolExecutor current = workers.get();
        if (current != null) {
            return current;
        }
        if (closed) {
            throw new IllegalStateException("the orchestrator is closed");
        }
        ThreadPoolExecutor fresh = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS,
                new SynchronousQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "ai-resilience-attempt-" + workerNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        if (workers.compareAndSet(null, fresh)) {
            if (closed) {
                fresh.shutdownNow();
                throw new IllegalStateException("the orchestrator is closed");
            }
            return fresh;
        }
        fresh.shutdownNow();
        return workers.get();
    }

    @Override
    public void close() {
        closed = true;
        ThreadPoolExecutor current = workers.getAndSet(null);
        if (current != null) {
            current.shutdownNow();
        }
    }
}
