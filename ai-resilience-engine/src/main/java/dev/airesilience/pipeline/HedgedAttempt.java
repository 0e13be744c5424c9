package dev.airesilience.pipeline;

import dev.airesilience.classify.Classification;
import dev.airesilience.config.HedgeConfig;
import dev.airesilience.event.HedgeEvent;
import dev.airesilience.exception.AttemptTimeoutException;
import dev.airesilience.hedge.OperationHedging;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Supplier;

/**
 * One attempt run as hedged requests (Finagle's backup requests, Polly's hedging): the first request starts at once;
 * when no request has answered after the hedge delay, one more identical request is sent beside it, up to
 * {@link HedgeConfig#maxHedges()}, each paid from the operation's hedge budget and admitted by every stage (see
 * {@link CallStage#admitsHedge}). The first success answers the attempt and the others are cancelled (their threads
 * interrupted), without waiting for them. When every request sent has failed, the attempt fails with one of their
 * failures, the first that carries a {@code Retry-After} (it must set the cooldown), else the last; a failure before
 * the hedge delay therefore fails the attempt at once, and the retry policy, not hedging, decides what comes next.
 * An attempt timeout bounds all of the attempt's requests together.
 *
 * <p>The pipeline sees one attempt: the drivers hand this run's outcome to {@link LogicalCall} exactly as they hand a
 * plain attempt's, so the breaker counts one outcome and the retry policy one attempt. This class lives in
 * {@code pipeline} because it reaches the call's tickets, context and counts, which are package-private.
 *
 * <p>Threads: requests end on workers or the provider's threads, hedges are sent and the deadline fires on the
 * scheduler's. Their decisions meet under this object's monitor, which is never held around a request, a classifier
 * or a stage. While a hedge is being sent (stages asked, request started) the run may not settle: a request ending
 * meanwhile is only recorded, and the sender settles the run when it is done, so no stage hook of the call runs
 * while the sender reads the call's tickets.
 */
abstract class HedgedAttempt<T> {

    final LogicalCall call;
    private final OperationHedging hedging;
    private final HedgeConfig config;
    private final long delayNanos;
    private final Duration timeout;
    /** What the driver waits on: the attempt's answer or failure. */
    final CompletableFuture<T> outcome = new CompletableFuture<>();

    // Guarded by this.
    private final Future<?>[] requests;
    private final long[] startNanos;
    private int started;
    private int failed;
    private int fired;
    private boolean sending;
    private boolean settled;
    private boolean delivered;
    private int winner = -1;
    private T value;
    private Throwable failure;
    private boolean failureHasRetryAfter;
    private boolean timedOut;

    private volatile Future<?> timer;
    private volatile Future<?> deadline;

    private HedgedAttempt(LogicalCall call, long delayNanos, Duration timeout) {
        this.call = call;
        this.hedging = call.op.hedging();
        this.config = call.config.hedge();
        this.delayNanos = delayNanos;
        this.timeout = timeout;
        this.requests = new Future<?>[config.maxHedges() + 1];
        this.startNanos = new long[config.maxHedges() + 1];
    }

    /** Starts request {@code index}; its end must reach {@link #requestDone}. Returns what cancels it. */
    abstract Future<?> start(int index) throws Throwable;

    /** Starts the first request and arms the hedge timer and the deadline. */
    final void begin() {
        synchronized (this) {
            started = 1;
            startNanos[0] = call.attemptStartNanos();
        }
        outcome.whenComplete((ignored, failure) -> {
            if (outcome.isCancelled()) {
                abandon(); // the caller cancelled the call: stop every request
            }
        });
        // Armed before the first request starts, so that the delay and the deadline count from the attempt's start
        // whatever the first request's thread does meanwhile.
        try {
            if (timeout != null) {
                deadline = call.engine.scheduler.schedule(this::expire, timeout);
            }
            timer = call.engine.scheduler.schedule(this::fire, Duration.ofNanos(delayNanos));
        } catch (RuntimeException schedulerClosed) {
            abandon();
            throw schedulerClosed;
        }
        launch(0);
    }

    /** Starts request {@code index} (already counted as started) and keeps its handle. */
    private void launch(int index) {
        Future<?> handle;
        try {
            handle = start(index);
        } catch (Throwable e) {
            requestDone(index, null, e);
            return;
        }
        boolean cancel;
        synchronized (this) {
            requests[index] = handle;
            cancel = settled && winner != index;
        }
        if (cancel) {
            handle.cancel(true);
        }
    }

    /** The hedge delay passed again without an answer: send a hedge if the budget and every stage allow it. */
    private void fire() {
        synchronized (this) {
            if (settled) {
                return;
            }
            sending = true;
            fired++;
        }
        int index = -1;
        try {
            long now = call.engine.time.nanoTime();
            if (hedging.budget().tryAcquire()) {
                if (call.admitsHedge(now)) {
                    synchronized (this) {
                        if (!settled) {
                            index = started++;
                            startNanos[index] = now;
                        }
                    }
                }
                if (index < 0) {
                    hedging.budget().refund(); // refused, or answered meanwhile: not sent, not paid
                } else {
                    call.hedgeSent(now);
                    hedgeEvent(index, now, false);
                    launch(index);
                }
            }
        } finally {
            boolean again;
            synchronized (this) {
                sending = false;
                if (!settled && failed == started) {
                    settled = true; // every request sent failed while this hedge was decided
                }
                again = !settled && fired < config.maxHedges();
            }
            if (again) {
                timer = call.engine.scheduler.schedule(this::fire, Duration.ofNanos(delayNanos));
            }
            deliverIfDue();
        }
    }

    /** The attempt timeout passed: every request is cancelled and the attempt fails with a timeout. */
    private void expire() {
        synchronized (this) {
            if (settled) {
                return;
            }
            settled = true;
            timedOut = true;
        }
        deliverIfDue();
    }

    /** Request {@code index} ended with {@code result}, or failed with {@code error}. */
    final void requestDone(int index, T result, Throwable error) {
        Throwable cause = error == null ? null : CallEngine.unwrap(error);
        // Classified outside the monitor: a classifier is user code.
        boolean retryAfter = cause != null && !(cause instanceof Error) && hasRetryAfter(cause);
        synchronized (this) {
            if (settled) {
                return;
            }
            if (cause == null) {
                winner = index;
                value = result;
                settled = true;
            } else {
                failed++;
                if (cause instanceof Error) {
                    failure = cause; // never swallowed: it ends the call
                    settled = true;
                } else if (retryAfter || !failureHasRetryAfter) {
                    failure = cause;
                    failureHasRetryAfter |= retryAfter;
                }
                settled |= !sending && failed == started;
            }
        }
        deliverIfDue();
    }

    private boolean hasRetryAfter(Throwable cause) {
        Classification classification = call.engine.classify(cause);
        return classification.retryAfter() != null && classification.retryAfter().toNanos() > 0;
    }

    /** Hands the outcome to the driver once the run is settled and no hedge is being sent; exactly once. */
    private void deliverIfDue() {
        Future<?>[] losers;
        int won;
        synchronized (this) {
            if (!settled || sending || delivered) {
                return;
            }
            delivered = true;
            losers = requests.clone();
            won = winner;
        }
        cancelTimers();
        for (int i = 0; i < losers.length; i++) {
            if (losers[i] != null && i != won) {
                losers[i].cancel(true); // not awaited: an uncooperative loser must not hold the answer back
            }
        }
        if (won >= 0) {
            long now = call.engine.time.nanoTime();
            if (won > 0) {
                hedgeEvent(won, now, true);
            }
            hedging.succeeded(config, now - startNanos[won]);
            call.hedgedAttemptSettled();
            outcome.complete(value);
        } else {
            call.hedgedAttemptSettled();
            outcome.completeExceptionally(timedOut ? new AttemptTimeoutException(call.op.name, timeout) : failure);
        }
    }

    /**
     * Counts and publishes that hedge {@code hedge} was sent, or answered the attempt ({@code won}). Built whether or
     * not a listener is registered, because the operation's metrics count it, as they count completions.
     */
    private void hedgeEvent(int hedge, long nowNanos, boolean won) {
        HedgeEvent event = new HedgeEvent(call.op.name, call.attempts, hedge, Duration.ofNanos(nowNanos - startNanos[0]),
                won);
        call.op.metrics().record(event);
        if (!call.engine.listeners.isEmpty()) {
            call.engine.listeners.publish(event);
        }
    }

    /** The call was cancelled or its caller interrupted: nothing is delivered, every request is stopped. */
    final void abandon() {
        Future<?>[] all;
        synchronized (this) {
            settled = true;
            delivered = true;
            all = requests.clone();
        }
        cancelTimers();
        for (Future<?> request : all) {
            if (request != null) {
                request.cancel(true);
            }
        }
    }

    private void cancelTimers() {
        Future<?> armed = timer;
        if (armed != null) {
            armed.cancel(false);
        }
        armed = deadline;
        if (armed != null) {
            armed.cancel(false);
        }
    }

    // ---------------------------------------------------------------- the two drivers

    /** A blocking attempt: every request on a worker; the caller waits for the first answer. */
    static <T> T callBlocking(LogicalCall call, Callable<? extends T> function, Duration timeout, long delayNanos)
            throws Exception {
        Callable<? extends T> scoped = call.context == null ? function : call.context.inAttemptScope(function);
        HedgedAttempt<T> attempt = new HedgedAttempt<T>(call, delayNanos, timeout) {
            @Override
            Future<?> start(int index) {
                FutureTask<T> task = new FutureTask<T>(scoped::call) {
                    @Override
                    protected void done() {
                        try {
                            requestDone(index, get(), null);
                        } catch (ExecutionException e) {
                            requestDone(index, null, e.getCause());
                        } catch (InterruptedException | CancellationException e) {
                            // Cancelled by this run, which has settled already (and so ignores it).
                            requestDone(index, null, e);
                        }
                    }
                };
                call.engine.timeouts.workers().execute(task);
                return task;
            }
        };
        attempt.begin();
        try {
            return attempt.outcome.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            if (cause instanceof InterruptedException) {
                // A worker was interrupted (close(), or the function's own doing), not the caller.
                throw new AttemptTimeouts.AttemptInterrupted((InterruptedException) cause);
            }
            throw (Exception) cause;
        } catch (InterruptedException e) {
            attempt.abandon(); // the caller gave up: leave no request running
            throw e;
        }
    }

    /** An asynchronous attempt: requests are the function's futures; nothing blocks. */
    static <T> CompletableFuture<T> callAsync(LogicalCall call,
            Supplier<? extends CompletionStage<? extends T>> function, Duration timeout, long delayNanos) {
        HedgedAttempt<T> attempt = new HedgedAttempt<T>(call, delayNanos, timeout) {
            @Override
            Future<?> start(int index) {
                CompletableFuture<? extends T> request = (call.context == null ? function.get()
                        : call.context.supplyInAttemptScope(function)).toCompletableFuture();
                // A request this run cancelled ends after the run settled, which ignores it.
                request.whenComplete((result, error) -> requestDone(index, result, error));
                return request;
            }
        };
        attempt.begin();
        return attempt.outcome;
    }
}
