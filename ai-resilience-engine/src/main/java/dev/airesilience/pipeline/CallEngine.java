package dev.airesilience.pipeline;

import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.config.HedgeConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryBudgetConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.config.ThrottleConfig;
import dev.airesilience.context.ContextScope;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.RetryEvent;
import dev.airesilience.exception.CallInterruptedException;
import dev.airesilience.fallback.AsyncFallback;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.internal.Redaction;
import dev.airesilience.routing.AsyncTargetFunction;
import dev.airesilience.routing.TargetFunction;
import dev.airesilience.recording.Listeners;
import dev.airesilience.time.Scheduler;
import dev.airesilience.time.Sleeper;
import dev.airesilience.time.TimeSource;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two drivers of a logical call. Each asks its {@link LogicalCall} what to do next (attempt now, wait, end) and
 * differs only in how it waits and delivers: the blocking driver sleeps on the calling thread through the injected
 * {@link Sleeper}; the asynchronous one schedules its waits on the {@link Scheduler} and never blocks a thread. What
 * the decisions are belongs to the operation's stages ({@link Pipeline}); the fallback answers last, here.
 */
public final class CallEngine {

    private static final Logger LOG = LoggerFactory.getLogger("dev.airesilience.AIServiceResilience");

    final TimeSource time;
    final Sleeper sleeper;
    final Scheduler scheduler;
    final RandomGenerator random;
    final FailureClassifier classifier;
    final Listeners listeners;
    final AttemptTimeouts timeouts;
    /** Propagators and instrumentation; {@link CallContexts#NONE} without them. */
    final CallContexts contexts;
    /** Asynchronous calls waiting out a backoff or cooldown: {@link #close()} ends them instead of dropping them. */
    private final Set<AsyncCall<?>> waiting = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    public CallEngine(TimeSource time, Sleeper sleeper, Scheduler scheduler, RandomGenerator random,
            FailureClassifier classifier, Listeners listeners) {
        this(time, sleeper, scheduler, random, classifier, listeners, CallContexts.NONE);
    }

    public CallEngine(TimeSource time, Sleeper sleeper, Scheduler scheduler, RandomGenerator random,
            FailureClassifier classifier, Listeners listeners, CallContexts contexts) {
        this.contexts = contexts;
        this.time = time;
        this.sleeper = sleeper;
        this.scheduler = scheduler;
        this.random = random;
        this.classifier = classifier;
        this.listeners = listeners;
        this.timeouts = new AttemptTimeouts(scheduler);
    }

    /**
     * Stops timed attempts and ends every asynchronous call that waits for its next step: each fails with an
     * {@link IllegalStateException} and is counted, so no caller is left with a future that never completes.
     */
    public void close() {
        closed = true;
        timeouts.close();
        for (AsyncCall<?> call : waiting) {
            call.closeNow();
        }
    }

    // ---------------------------------------------------------------- blocking

    public <T> T execute(Operation op, ResilienceConfig config, Callable<? extends T> function,
            Fallback<? extends T> fallback, Object argument) {
        return run(new LogicalCall(this, op, config, argument), function, fallback);
    }

    /**
     * A routed call of {@code op}: each attempt is a pass over the route's targets ({@link TargetPass}), each target
     * being the operation {@code targets} gives for its {@code target:<name>}. The routed call keeps the time budget,
     * the retries (a new pass after a backoff), the fallback and the operation's metrics; the targets keep their
     * breakers, cooldowns, throttles and quotas, which the routed call's own therefore leave alone. Each request is
     * estimated to use {@code estimatedTokens} (0: not said), reserved from a target's quota.
     */
    public <T> T executeRouted(Operation op, ResilienceConfig config, RoutingConfig routing,
            Function<String, Operation> targets, long estimatedTokens, TargetFunction<? extends T> function,
            Fallback<? extends T> fallback, Object argument) {
        LogicalCall call = new LogicalCall(this, op, routedConfig(config), argument);
        TargetPass<T> pass = new TargetPass<>(this, call, routing, targets, targetConfig(config), estimatedTokens);
        call.gate(pass);
        return run(call, () -> pass.runBlocking(function), fallback);
    }

    /** {@link #executeRouted} without blocking a thread. */
    public <T> CompletableFuture<T> executeRoutedAsync(Operation op, ResilienceConfig config, RoutingConfig routing,
            Function<String, Operation> targets, long estimatedTokens, AsyncTargetFunction<? extends T> function,
            Fallback<? extends T> fallback, AsyncFallback<? extends T> asyncFallback, Object argument) {
        LogicalCall call = new LogicalCall(this, op, routedConfig(config), argument, true);
        TargetPass<T> pass = new TargetPass<>(this, call, routing, targets, targetConfig(config), estimatedTokens);
        call.gate(pass);
        AsyncCall<T> routed = new AsyncCall<>(call, () -> pass.runAsync(function), fallback, asyncFallback);
        routed.step();
        return routed.result;
    }

    /**
     * The routed call's own configuration: its budget, retries and fallback; no breaker, throttle, hedge or attempt
     * timeout of its own, since those belong to each target (a pass makes several requests).
     */
    private static ResilienceConfig routedConfig(ResilienceConfig config) {
        return config.toBuilder().enableCircuitBreaker(false).throttle(ThrottleConfig.DEFAULT)
                .hedge(HedgeConfig.DEFAULT).attemptTimeout(null).build();
    }

    /**
     * A target's configuration: one attempt (the routed call retries, by going over its route again) with the
     * target's breaker, cooldown, throttle and attempt timeout. No retry budget (a target's call never retries) and,
     * for now, no hedging.
     */
    private static ResilienceConfig targetConfig(ResilienceConfig config) {
        return config.toBuilder().enableRetry(false).retryBudget(RetryBudgetConfig.DEFAULT)
                .hedge(HedgeConfig.DEFAULT).build();
    }

    @SuppressWarnings("try") // context scopes are only closed
    private <T> T run(LogicalCall call, Callable<? extends T> function, Fallback<? extends T> fallback) {
        Operation op = call.op;
        ResilienceConfig config = call.config;
        try {
            while (true) {
                long admission = call.admit();
                if (admission == CallStage.REFUSE) {
                    return recover(call, call.endRefused(), fallback);
                }
                if (admission > 0) {
                    sleep(call, admission);
                    continue; // ask every stage again: another caller's rate limit may have extended the cooldown
                }
                call.beginAttempt();
                Duration timeout = call.attemptTimeout();
                long hedgeDelay = config.hedge().enabled() ? call.hedgeDelay(timeout) : -1;
                T result;
                try {
                    // The attempt (and, on a worker, the caller's context) is current.
                    if (hedgeDelay >= 0) {
                        result = HedgedAttempt.callBlocking(call, function, timeout, hedgeDelay);
                    } else if (timeout == null) {
                        try (ContextScope scope = call.attemptScope()) {
                            result = function.call();
                        }
                    } else {
                        result = timeouts.call(op.name,
                                call.context == null ? function : call.context.inAttemptScope(function), timeout);
                    }
                } catch (InterruptedException e) {
                    throw interrupted(call, e, true); // this thread was interrupted
                } catch (AttemptTimeouts.AttemptInterrupted e) {
                    throw interrupted(call, e.interruption(), false); // the worker was, not this thread
                } catch (Error e) {
                    throw e;
                } catch (Throwable failure) {
                    long delay = call.onFailure(failure);
                    if (delay == LogicalCall.GIVE_UP) {
                        return recover(call, call.fail(), fallback);
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
            throw interrupted(call, e, true);
        }
    }

    /**
     * Ends an interrupted call. An interrupt means "stop", so the call is not retried and no fallback answers, on
     * either path; the flag is set again only on the thread that was interrupted.
     */
    private static CallInterruptedException interrupted(LogicalCall call, InterruptedException e, boolean thisThread) {
        call.abort();
        if (thisThread) {
            Thread.currentThread().interrupt();
        }
        return new CallInterruptedException(call.op.name, e);
    }

    @SuppressWarnings("try") // context scopes are only closed
    private <T> T recover(LogicalCall call, RuntimeException surfaced, Fallback<? extends T> fallback) {
        long now = call.endNanos();
        boolean rejected = call.isRejected();
        if (fallback == null) {
            call.completed(rejected ? CallOutcome.REJECTED : CallOutcome.FAILURE, now);
            throw surfaced;
        }
        if (LOG.isDebugEnabled()) { // the failure's text is built only when it is logged
            LOG.debug("Operation '{}': answering with the fallback after {}", call.op.name, surfaced.toString());
        }
        T answer;
        try (ContextScope scope = call.callScope()) {
            answer = fallback.apply(call.fallbackContext(surfaced));
        } catch (RuntimeException | Error fallbackFailure) {
            // The fallback did not answer: the caller gets a failure, and it is counted (and published) as one.
            call.completed(rejected ? CallOutcome.REJECTED : CallOutcome.FAILURE, now);
            addSuppressed(fallbackFailure, surfaced);
            throw fallbackFailure;
        }
        call.fallbackAnswered(now);
        return answer;
    }

    // ---------------------------------------------------------------- asynchronous

    public <T> CompletableFuture<T> executeAsync(Operation op, ResilienceConfig config,
            Supplier<? extends CompletionStage<? extends T>> function, Fallback<? extends T> fallback,
            AsyncFallback<? extends T> asyncFallback, Object argument) {
        AsyncCall<T> call = new AsyncCall<>(new LogicalCall(this, op, config, argument, true),
                function, fallback, asyncFallback);
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
            // Cancelling the caller's future stops everything still to come. abort() counts the call once even if
            // the step it races with also tries to end it.
            result.whenComplete((value, failure) -> {
                if (result.isCancelled()) {
                    waiting.remove(this);
                    Future<?> wait = pendingWait;
                    if (wait != null) {
                        wait.cancel(false);
                    }
                    CompletableFuture<? extends T> attempt = pendingAttempt;
                    if (attempt != null) {
                        attempt.cancel(true);
                    }
                    call.abort();
                }
            });
        }

        @SuppressWarnings("try") // context scopes are only closed
        void step() {
            waiting.remove(this);
            try {
                if (result.isDone()) {
                    call.abort();
                    return;
                }
                long admission = call.admit();
                if (admission == CallStage.REFUSE) {
                    finish(call.endRefused());
                    return;
                }
                if (admission > 0) {
                    waitThenStep(admission);
                    return;
                }
                call.beginAttempt();
                Duration timeout = call.attemptTimeout();
                long hedgeDelay = call.config.hedge().enabled() ? call.hedgeDelay(timeout) : -1;
                CompletableFuture<? extends T> attempt;
                if (hedgeDelay >= 0) {
                    attempt = HedgedAttempt.callAsync(call, function, timeout, hedgeDelay);
                } else {
                    // The caller's context and the attempt are current while the function starts.
                    CompletableFuture<? extends T> started = (call.context == null ? function.get()
                            : call.context.supplyInAttemptScope(function)).toCompletableFuture();
                    attempt = timeout == null ? started : timeouts.within(call.op.name, started, timeout);
                }
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
                call.abort();
                return;
            }
            if (failure == null) {
                if (call.succeed()) {
                    result.complete(value);
                }
                return;
            }
            Throwable cause = unwrap(failure);
            if (cause instanceof Error) {
                call.abort();
                result.completeExceptionally(cause);
                return;
            }
            if (cause instanceof InterruptedException) {
                // As on the blocking path: an interrupted attempt ends the call, without retry or fallback.
                call.abort();
                result.completeExceptionally(new CallInterruptedException(call.op.name, (InterruptedException) cause));
                return;
            }
            long delay = call.onFailure(cause);
            if (delay == LogicalCall.GIVE_UP) {
                finish(call.fail());
            } else {
                waitThenStep(delay);
            }
        }

        private void waitThenStep(long nanos) {
            if (closed) {
                closeNow();
                return;
            }
            waiting.add(this);
            try {
                pendingWait = scheduler.schedule(this::step, Duration.ofNanos(nanos));
            } catch (RuntimeException schedulerClosed) {
                waiting.remove(this);
                call.abort();
                result.completeExceptionally(schedulerClosed);
                return;
            }
            if (closed) { // close() ran between the check and the scheduling: it may have missed this call
                closeNow();
            }
        }

        /** The orchestrator is closing: the call fails now instead of waiting on a scheduler that will not run it. */
        void closeNow() {
            waiting.remove(this);
            Future<?> wait = pendingWait;
            if (wait != null) {
                wait.cancel(false);
            }
            if (!call.isEnded()) {
                call.abort();
                result.completeExceptionally(new IllegalStateException(
                        "The orchestrator was closed while operation '" + call.op.name + "' waited to retry"));
            }
        }

        @SuppressWarnings("try") // context scopes are only closed
        private void finish(RuntimeException surfaced) {
            if (surfaced == null) {
                return; // the call was already ended (cancelled, or the orchestrator closed)
            }
            boolean rejected = call.isRejected();
            long now = call.endNanos();
            if (fallback == null && asyncFallback == null) {
                call.completed(rejected ? CallOutcome.REJECTED : CallOutcome.FAILURE, now);
                result.completeExceptionally(surfaced);
                return;
            }
            CallOutcome withoutAnswer = rejected ? CallOutcome.REJECTED : CallOutcome.FAILURE;
            try (ContextScope scope = call.callScope()) {
                if (asyncFallback != null) {
                    asyncFallback.apply(call.fallbackContext(surfaced)).whenComplete((value, fallbackFailure) -> {
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
                    T answer = fallback.apply(call.fallbackContext(surfaced));
                    call.fallbackAnswered(now);
                    result.complete(answer);
                }
            } catch (RuntimeException | Error fallbackFailure) {
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

    /**
     * Logs and publishes a scheduled retry. During a storm each operation writes one WARN line per
     * {@link RetryWarnings#INTERVAL_NANOS} with the number of retries since the previous one; the others go to DEBUG.
     */
    void retryScheduled(Operation op, RetryEvent event) {
        long warnFor = op.retryWarnings.retry(time.nanoTime());
        if (warnFor > 0) {
            String since = warnFor == 1 ? "" : "; " + warnFor + " retries since the previous warning";
            LOG.warn("Operation '{}' attempt {}/{} failed ({}); retrying in {} ms{} (further retries within {} s are "
                    + "logged at DEBUG)", event.operation(), event.attempt(), event.maxAttempts(),
                    Redaction.describe(event.cause()), event.delay().toMillis(), since,
                    TimeUnit.NANOSECONDS.toSeconds(RetryWarnings.INTERVAL_NANOS));
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("Operation '{}' attempt {}/{} failed ({}); retrying in {} ms", event.operation(), event.attempt(),
                    event.maxAttempts(), Redaction.describe(event.cause()), event.delay().toMillis());
        }
        if (!listeners.isEmpty()) {
            listeners.publish(event);
        }
    }

    static Throwable unwrap(Throwable failure) {
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
