package dev.airesilience.pipeline;

import dev.airesilience.exception.AttemptTimeoutException;
import dev.airesilience.internal.Workers;
import dev.airesilience.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Per-attempt timeouts. The deadline is a task on the injected {@link Scheduler} (so tests drive it in virtual
 * time); when it fires first, the attempt is cancelled — its thread interrupted — and the caller gets an
 * {@link AttemptTimeoutException}, which is transient. A blocking attempt runs on a worker thread so that the
 * caller can stop waiting for it: a virtual thread where the JDK has them, else a pooled daemon thread that exits
 * when idle ({@link Workers}); {@link #close()} stops them all.
 */
final class AttemptTimeouts implements AutoCloseable {

    private final Scheduler scheduler;
    private final AtomicReference<ExecutorService> workers = new AtomicReference<>();
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
            if (cause instanceof InterruptedException) {
                // The worker was interrupted (close(), or the function's own doing), not the caller.
                throw new AttemptInterrupted((InterruptedException) cause);
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

    /** The workers timed and hedged attempts run on, started on first use. */
    ExecutorService workers() {
        ExecutorService current = workers.get();
        if (current != null) {
            return current;
        }
        if (closed) {
            throw new IllegalStateException("the orchestrator is closed");
        }
        ExecutorService fresh = Workers.newExecutor("ai-resilience-attempt");
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
        ExecutorService current = workers.getAndSet(null);
        if (current != null) {
            current.shutdownNow();
        }
    }

    /** The attempt's worker thread, not the caller, was interrupted: the call ends, the caller's flag stays clear. */
    static final class AttemptInterrupted extends Exception {
        private static final long serialVersionUID = 1L;

        AttemptInterrupted(InterruptedException cause) {
            super(cause.getMessage(), cause, false, false);
        }

        InterruptedException interruption() {
            return (InterruptedException) getCause();
        }
    }
}
