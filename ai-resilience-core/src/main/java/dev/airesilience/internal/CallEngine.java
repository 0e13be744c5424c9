package dev.airesilience.internal;

import dev.airesilience.AsyncFallback;
import dev.airesilience.Fallback;
import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.RetryEvent;
import dev.airesilience.exception.CallInterruptedException;
import dev.airesilience.time.Scheduler;
import dev.airesilience.time.Sleeper;
import dev.airesilience.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs logical calls: {@code Fallback(Retry(CircuitBreaker(call)))}, with the breaker consulted before every
 * attempt and a shared rate-limit cooldown in front of it. The blocking loop sleeps on the calling thread
 * through the injected {@link Sleeper}; the asynchronous loop schedules its waits on the {@link Scheduler} and
 * never blocks a thread.
 */
public final class CallEngine {

    private static final Logger LOG = LoggerFactory.getLogger("dev.airesilience.AIServiceResilience");

    final TimeSource time;
    final Sleeper sleeper;
    final Scheduler scheduler;
    final RandomGenerator random;
    final FailureClassifier classifier;
    final Listeners listeners;
    final Breakers breakers;
    final AttemptTimeouts timeouts;

    CallEngine(TimeSource time, Sleeper sleeper, Scheduler scheduler, RandomGenerator random,
            FailureClassifier classifier, Listeners listeners, Breakers breakers) {
        this.time = time;
        this.sleeper = sleeper;
        this.scheduler = scheduler;
        this.random = random;
        this.classifier = classifier;
        this.listeners = listeners;
        this.breakers = breakers;
        this.timeouts = new AttemptTimeouts(scheduler);
    }

    // ---------------------------------------------------------------- blocking

    <T> T execute(OperationState op, ResilienceConfig config, Callable<? extends T> function,
            Fallback<? extends T> fallback, Object argument) {
        LogicalCall call = new LogicalCall(this, op, config, argument);
        try {
            while (true) {
                long cooldown = call.cooldownRemainingNanos();
                if (cooldown > 0) {
                    if (!call.fitsBudget(cooldown)) {
                        if (call.isFirstAttempt()) {
                            return recover(call, call.rejectCooldown(cooldown), true, fallback);
                        }
                        return recover(call, call.fail(), false, fallback);
                    }
                    sleep(call, cooldown);
                }
                if (!call.admit()) {
                    if (call.isFirstAttempt()) {
                        return recover(call, call.rejectOpen(), true, fallback);
                    }
                    LOG.debug("Operation '{}': circuit opened during retries; stopping after {} attempt(s)",
                            op.name, call.attempts);
                    return recover(call, call.fail(), false, fallback);
                }
                call.beginAttempt();
                Duration timeout = call.attemptTimeout();
                T result;
                try {
                    result = timeout == null ? function.call() : timeouts.call(op.name, function, timeout);
                } catch (InterruptedException e) {
                    throw interrupted(call, e);
                } catch (Error e) {
                    throw e;
                } catch (Throwable failure) {
                    long delay = call.onFailure(failure);
                    if (delay == LogicalCall.GIVE_UP) {
                        return recover(call, call.fail(), false, fallback);
                    }
                    sleep(call, delay);
                    continue;
                }
                call.succeed();
                return result;
            }
        } catch (Error e) {
            call.abort(); // never retried, never swallowed: only the accounting is settled
            throw e;
        }
    }

    private void sleep(LogicalCall call, long nanos) {
        try {
            sleeper.sleep(Duration.ofNanos(nanos));
        } catch (InterruptedException e) {
            throw interrupted(call, e);
        }
    }

    private static CallInterruptedException interrupted(LogicalCall call, InterruptedException e) {
        call.abort();
        Thread.currentThread().interrupt();
        return new CallInterruptedException(call.op.name, e);
    }

    private <T> T recover(LogicalCall call, RuntimeException surfaced, boolean rejected, Fallback<? extends T> fallback) {
        long now = call.nanoTime();
        if (fallback == null) {
            call.completed(rejected ? CallOutcome.REJECTED : CallOutcome.FAILURE, now);
            throw surfaced;
        }
        LOG.debug("Operation '{}': answering with the fallback after {}", call.op.name, surfaced.toString());
        T answer;
        try {
            answer = fallback.apply(call.fallbackContext(surfaced, rejected));
        } catch (RuntimeException fallbackFailure) {
            // The fallback did not answer: the caller gets a failure, and it is counted as one.
            call.completed(rejected ? CallOutcome.REJECTED : CallOutcome.FAILURE, now);
            addSuppressed(fallbackFailure, surfaced);
            throw fallbackFailure;
        }
        call.fallbackAnswered(now);
        return answer;
    }

    // ---------------------------------------------------------------- asynchronous

    <T> CompletableFuture<T> executeAsync(OperationState op, ResilienceConfig config,
            Supplier<? extends CompletionStage<? extends T>> function, Fallback<? extends T> fallback,
            AsyncFallback<? extends T> asyncFallback, Object argument) {
        AsyncCall<T> call = new AsyncCall<>(new LogicalCall(this, op, config, argument), function, fallback, asyncFallback);
        call.step();
        return call.result;
    }

    /** One asynchronous logical call: each step runs an attempt or schedules a wait, never blocking. */
    private final class AsyncCall<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        final LogicalCall call;
        final Supplier<? extends CompletionStage<? extends T>> function;
        final Fallback<? extends T> fallback;
        final AsyncFallback<? extends T> asyncFallback;
        volatile Future<?> pendingWait;
        volatile CompletableFuture<? extends T> pendingAttempt;

        AsyncCall(LogicalCall call, Supplier<? extends CompletionStage<? extends T>> function,
                Fallback<? extends T> fallback, AsyncFallback<? extends T> asyncFallback) {
            this.call = call;
            this.function = function;
            this.fallback = fallback;
            this.asyncFallback = asyncFallback;
            // Cancelling the caller's future stops everything still to come.
            result.whenComplete((value, failure) -> {
                if (result.isCancelled()) {
                    Future<?> wait = pendingWait;
                    if (wait != null && wait.cancel(false)) {
                        call.abort(); // the step that would have settled the call will never run
                    }
                    CompletableFuture<? extends T> attempt = pendingAttempt;
                    if (attempt != null) {
                        attempt.cancel(true);
                    }
                }
            });
        }

        void step() {
            try {
                if (result.isDone()) {
                    settleCancelled();
                    return;
                }
                long cooldown = call.cooldownRemainingNanos();
                if (cooldown > 0) {
                    if (!call.fitsBudget(cooldown)) {
                        finish(call.isFirstAttempt() ? call.rejectCooldown(cooldown) : call.fail(), call.isFirstAttempt());
                        return;
                    }
                    waitThenStep(cooldown);
                    return;
                }
                if (!call.admit()) {
                    finish(call.isFirstAttempt() ? call.rejectOpen() : call.fail(), call.isFirstAttempt());
                    return;
                }
                call.beginAttempt();
                Duration timeout = call.attemptTimeout();
                CompletableFuture<? extends T> started = function.get().toCompletableFuture();
                CompletableFuture<? extends T> attempt = timeout == null ? started
                        : timeouts.within(call.op.name, started, timeout);
                pendingAttempt = attempt;
                attempt.whenComplete(this::attemptDone);
            } catch (Error e) {
                call.abort();
                result.completeExceptionally(e);
            } catch (Throwable failure) {
                attemptDone(null, failure);
            }
        }

        private void attemptDone(T value, Throwable failure) {
            pendingAttempt = null;
            if (result.isDone()) {
                settleCancelled();
                return;
            }
            if (failure == null) {
                call.succeed();
                result.complete(value);
                return;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof Error) {
                call.abort();
                result.completeExceptionally(cause);
                return;
            }
            long delay = call.onFailure(cause);
            if (delay == LogicalCall.GIVE_UP) {
                finish(call.fail(), false);
            } else {
                waitThenStep(delay);
            }
        }

        private void waitThenStep(long nanos) {
            try {
                pendingWait = scheduler.schedule(this::step, Duration.ofNanos(nanos));
            } catch (RuntimeException schedulerClosed) {
                call.abort();
                result.completeExceptionally(schedulerClosed);
            }
        }

        private void settleCancelled() {
            if (!call.isFinished()) {
                call.abort();
            }
        }

        private void finish(RuntimeException surfaced, boolean rejected) {
            long now = call.nanoTime();
            if (fallback == null && asyncFallback == null) {
                call.completed(rejected ? CallOutcome.REJECTED : CallOutcome.FAILURE, now);
                result.completeExceptionally(surfaced);
                return;
            }
            CallOutcome withoutAnswer = rejected ? CallOutcome.REJECTED : CallOutcome.FAILURE;
            try {
                if (asyncFallback != null) {
                    asyncFallback.apply(call.fallbackContext(surfaced, rejected)).whenComplete((value, fallbackFailure) -> {
                        if (fallbackFailure == null) {
                            call.fallbackAnswered(now);
                            result.complete(value);
                        } else {
                            call.completed(withoutAnswer, now);
                            Throwable cause = unwrap(fallbackFailure);
                            addSuppressed(cause, surfaced);
                            result.completeExceptionally(cause);
                        }
                    });
                } else {
                    T answer = fallback.apply(call.fallbackContext(surfaced, rejected));
                    call.fallbackAnswered(now);
                    result.complete(answer);
                }
            } catch (RuntimeException fallbackFailure) {
                call.completed(withoutAnswer, now);
                addSuppressed(fallbackFailure, surfaced);
                result.completeExceptionally(fallbackFailure);
            }
        }
    }

    // ---------------------------------------------------------------- shared

    Classification classify(Throwable failure) {
        try {
            Classification classification = classifier.classify(failure);
            return classification == null ? Classification.TRANSIENT : classification;
        } catch (RuntimeException classifierFailure) {
            LOG.warn("Failure classifier threw; treating the failure as transient", classifierFailure);
            return Classification.TRANSIENT;
        }
    }

    void retryScheduled(RetryEvent event) {
        LOG.warn("Operation '{}' attempt {}/{} failed ({}); retrying in {} ms", event.operation(), event.attempt(),
                event.maxAttempts(), describe(event.cause()), event.delay().toMillis());
        if (!listeners.isEmpty()) {
            listeners.retry(event);
        }
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + abbreviate(message));
    }

    private static String abbreviate(String message) {
        return message.length() <= 200 ? message : message.substring(0, 200) + "...";
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    private static void addSuppressed(Throwable target, Throwable suppressed) {
        if (target != suppressed) {
            target.addSuppressed(suppressed);
        }
    }
}
