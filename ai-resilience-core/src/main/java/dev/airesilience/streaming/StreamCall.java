package dev.airesilience.streaming;

import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.engine.CoreAccess;
import dev.airesilience.engine.ResilienceCore;
import dev.airesilience.internal.Workers;
import dev.airesilience.time.Scheduler;
import dev.airesilience.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streamed call. The orchestrator's asynchronous driver runs it; an attempt's future completes at the first
 * element (or the end of an empty stream), so everything the driver does (classification, backoff,
 * {@code Retry-After}, breaker, fallback) applies to failures before it and nothing applies after it.
 */
final class StreamCall<T, R> implements StreamSubscription {

    private static final Logger LOG = LoggerFactory.getLogger(StreamCall.class);
    /**
     * Where abandoned streams are cancelled. Never inline: a client's cancel may wait for its reader blocked on the
     * stalled connection (the OpenAI SDK's close does, also under Spring AI), and that would hold a timer thread or
     * the caller until the provider sends something.
     */
    private static final ExecutorService CANCELLING = Workers.newExecutor("ai-resilience-stream-cancel");

    private final ResilientStream<T, R> spec;
    private final SerializedObserver<T> downstream;
    private final String operation;
    private final ResilienceCore core;
    private final TimeSource time;
    private final Scheduler scheduler;
    private final Duration firstTokenTimeout;
    private final Duration idleTimeout;
    private final long startNanos;
    private final AtomicReference<Attempt> current = new AtomicReference<>();
    /** The attempt whose stream reached the subscriber; set before the driver hears it succeeded. */
    private final AtomicReference<Attempt> committed = new AtomicReference<>();
    private final AtomicReference<StreamSubscription> relay = new AtomicReference<>();
    private volatile CompletableFuture<R> call;
    private volatile boolean cancelled;

    StreamCall(ResilientStream<T, R> spec, StreamObserver<? super T> observer) {
        this.spec = spec;
        this.downstream = new SerializedObserver<>(observer);
        this.operation = spec.decorator.operation();
        this.core = CoreAccess.coreOf(spec.decorator.resilience());
        this.time = core.time();
        this.scheduler = core.scheduler();
        ResilienceConfig config = spec.decorator.currentConfig();
        this.firstTokenTimeout = config.firstTokenTimeout();
        this.idleTimeout = config.idleTimeout();
        this.startNanos = time.nanoTime();
    }

    void start() {
        CompletableFuture<R> future = spec.decorator.callAsync(this::attempt);
        call = future;
        future.whenComplete(this::callEnded);
        if (cancelled) {
            future.cancel(true);
        }
    }

    @Override
    public void cancel() {
        cancelled = true;
        downstream.cancel();
        CompletableFuture<R> future = call;
        if (future != null) {
            future.cancel(true); // stops retries still to come
        }
        Attempt attempt = current.get();
        if (attempt != null) {
            attempt.abandon();
        }
        StreamSubscription relayed = relay.get();
        if (relayed != null) {
            relayed.cancel();
        }
    }

    private CompletionStage<R> attempt() {
        Attempt attempt = new Attempt();
        Attempt previous = current.getAndSet(attempt);
        if (previous != null) {
            previous.abandon(); // cut off by the attempt timeout: whatever it still sends is dropped
        }
        attempt.open();
        return attempt.started;
    }

    private void callEnded(R answer, Throwable failure) {
        if (cancelled) {
            return;
        }
        if (failure != null) {
            Attempt attempt = current.get();
            if (attempt != null) {
                attempt.abandon();
            }
            downstream.error(unwrap(failure));
        } else if (committed.get() == null) {
            answeredByFallback(answer);
        }
        // else: the committed attempt relays its own stream to the end
    }

    private void answeredByFallback(R answer) {
        if (spec.fallbackAnswer == null) {
            if (answer == null) {
                downstream.complete();
            } else {
                downstream.error(new IllegalStateException("Operation '" + operation + "': the fallback answered a "
                        + answer.getClass().getName() + " but no fallbackAnswer(...) says how to stream it"));
            }
            return;
        }
        StreamSource<? extends T> rest;
        try {
            rest = spec.fallbackAnswer.apply(answer);
        } catch (RuntimeException e) {
            downstream.error(e);
            return;
        }
        relay(rest);
    }

    /** The stream failed after its first element: the explicit fallback, else a clear error. Never retried. */
    private void failedAfterStart(Throwable cause, long delivered) {
        MidStreamException failure = new MidStreamException(operation, delivered, cause);
        LOG.debug("{}", failure.getMessage());
        if (spec.afterFirstElement == null) {
            downstream.error(failure);
            return;
        }
        StreamSource<? extends T> rest;
        try {
            rest = spec.afterFirstElement.resume(failure);
        } catch (RuntimeException e) {
            e.addSuppressed(failure);
            downstream.error(e);
            return;
        }
        if (rest == null) {
            downstream.error(failure);
        } else {
            relay(rest);
        }
    }

    /** Passes a fallback's stream on as it is: no timeouts, no retries. */
    private void relay(StreamSource<? extends T> rest) {
        if (rest == null) {
            downstream.complete();
            return;
        }
        StreamObserver<T> forward = new StreamObserver<>() {
            @Override
            public void onNext(T element) {
                downstream.next(element);
            }

            @Override
            public void onComplete() {
                downstream.complete();
            }

            @Override
            public void onError(Throwable error) {
                downstream.error(error);
            }
        };
        try {
            StreamSubscription subscription = rest.open(forward);
            relay.set(subscription == null ? StreamSubscription.NONE : subscription);
            if (cancelled && subscription != null) {
                subscription.cancel();
            }
        } catch (Exception e) {
            downstream.error(e);
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while ((current instanceof CompletionException || current instanceof ExecutionException) && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** One attempt: PENDING until its first element, then COMMITTED until its end; ABANDONED or ENDED after. */
    private final class Attempt implements StreamObserver<T> {
        private static final int PENDING = 0;
        private static final int COMMITTED = 1;
        private static final int ENDED = 2;
        private static final int ABANDONED = 3;

        final CompletableFuture<R> started = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(PENDING);
        private final AtomicBoolean upstreamCancelled = new AtomicBoolean();
        private volatile StreamSubscription upstream;
        private volatile Future<?> timer;
        private volatile long lastElementNanos;
        private volatile long delivered; // written only by the source, one event at a time

        void open() {
            // A cancelled or timed-out attempt future (caller cancel, attempt timeout) abandons the stream.
            started.whenComplete((value, failure) -> {
                if (started.isCancelled()) {
                    abandon();
                }
            });
            if (firstTokenTimeout != null) {
                timer = scheduler.schedule(this::firstTokenTimedOut, firstTokenTimeout);
            }
            try {
                StreamSubscription subscription = spec.source.open(this);
                upstream = subscription == null ? StreamSubscription.NONE : subscription;
            } catch (Exception e) {
                onError(e);
                return;
            }
            int now = state.get();
            if (now == ABANDONED) {
                cancelUpstream(); // abandoned while opening, before its subscription was known
            }
        }

        @Override
        public void onNext(T element) {
            int now = state.get();
            if (now == PENDING) {
                if (!commit(true)) {
                    return;
                }
            } else if (now != COMMITTED) {
                return;
            }
            delivered++;
            if (idleTimeout != null) {
                lastElementNanos = time.nanoTime();
            }
            downstream.next(element);
        }

        @Override
        public void onComplete() {
            if (state.get() == PENDING && !commit(false)) {
                return;
            }
            if (state.compareAndSet(COMMITTED, ENDED)) {
                cancelTimer();
                downstream.complete();
            }
        }

        @Override
        public void onError(Throwable error) {
            if (state.compareAndSet(PENDING, ABANDONED)) {
                cancelTimer();
                started.completeExceptionally(error); // before the first element: the orchestrator decides
            } else if (state.compareAndSet(COMMITTED, ENDED)) {
                cancelTimer();
                failedAfterStart(error, delivered);
            }
        }

        /** The first element (or the end of an empty stream): the attempt succeeded. */
        private boolean commit(boolean element) {
            if (!state.compareAndSet(PENDING, COMMITTED)) {
                return state.get() == COMMITTED;
            }
            cancelTimer();
            committed.set(this);
            if (!started.complete(null)) { // the call gave up on this attempt meanwhile (cancel, attempt timeout)
                committed.compareAndSet(this, null);
                state.set(ABANDONED);
                cancelUpstream();
                return false;
            }
            long now = time.nanoTime();
            if (element) {
                core.recordTimeToFirstToken(operation, now - startNanos);
            }
            if (idleTimeout != null) {
                lastElementNanos = now;
                timer = scheduler.schedule(this::idleCheck, idleTimeout);
            }
            return true;
        }

        private void firstTokenTimedOut() {
            if (state.compareAndSet(PENDING, ABANDONED)) {
                started.completeExceptionally(new FirstTokenTimeoutException(operation, firstTokenTimeout));
                cancelUpstream();
            }
        }

        /** One timer per stream, re-armed for the time left rather than rescheduled on every element. */
        private void idleCheck() {
            if (state.get() != COMMITTED) {
                return;
            }
            long idle = time.nanoTime() - lastElementNanos;
            long left = idleTimeout.toNanos() - idle;
            if (left > 0) {
                timer = scheduler.schedule(this::idleCheck, Duration.ofNanos(left));
            } else if (state.compareAndSet(COMMITTED, ENDED)) {
                failedAfterStart(new StreamIdleTimeoutException(operation, idleTimeout), delivered); // the subscriber first
                cancelUpstream();
            }
        }

        void abandon() {
            while (true) {
                int now = state.get();
                if (now == ENDED || now == ABANDONED) {
                    return;
                }
                if (state.compareAndSet(now, ABANDONED)) {
                    cancelTimer();
                    cancelUpstream();
                    if (now == PENDING) {
                        started.cancel(false);
                    }
                    return;
                }
            }
        }

        private void cancelTimer() {
            Future<?> pending = timer;
            if (pending != null) {
                pending.cancel(false);
            }
        }

        private void cancelUpstream() {
            StreamSubscription subscription = upstream;
            if (subscription != null && upstreamCancelled.compareAndSet(false, true)) {
                CANCELLING.execute(() -> {
                    try {
                        subscription.cancel();
                    } catch (RuntimeException e) {
                        LOG.debug("Operation '{}': cancelling an abandoned stream failed", operation, e);
                    }
                });
            }
        }
    }
}
