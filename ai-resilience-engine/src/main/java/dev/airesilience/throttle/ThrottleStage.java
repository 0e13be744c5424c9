package dev.airesilience.throttle;

import dev.airesilience.classify.FailureKind;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ThrottleConfig;
import dev.airesilience.event.CallReason;
import dev.airesilience.exception.ThrottledException;
import dev.airesilience.pipeline.CallStage;
import dev.airesilience.pipeline.StageCall;
import dev.airesilience.time.TimeSource;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * Adaptive client-side throttling (Google SRE book, "Handling Overload"): the operation rejects an attempt locally
 * with probability {@code max(0, (requests - K * accepts) / (requests + 1))} over a sliding window, so an overloaded
 * provider sees a bounded share of the load instead of every caller's attempts and retries.
 *
 * <p>{@code requests} counts every attempt the stage decided on, admitted or rejected locally (a local rejection is
 * a request: that is what makes the rejection rate rise while the provider keeps refusing). {@code accepts} counts
 * the attempts the provider answered without an overload: a success or a permanent error (it was served, just
 * refused on its merits); a transient failure, a timeout, a 429/503/529 is no accept. An attempt admitted here but
 * refused by a later stage before it ran (the breaker) is given back.
 *
 * <p>Off unless the call's configuration enables it; then it costs one field read per hook.
 */
public final class ThrottleStage extends CallStage {

    /** Ticket of a call this stage rejected: its request stays counted. */
    private static final long REJECTED = 0;

    private final String operation;
    private final TimeSource time;
    private final RandomGenerator random;
    /** Made on first use, with the window of the configuration that used it; remade (empty) if that changes. */
    private final AtomicReference<Window> window = new AtomicReference<>();

    public ThrottleStage(String operation, TimeSource time, RandomGenerator random) {
        this.operation = operation;
        this.time = time;
        this.random = random;
    }

    /** The rejection probability for these counts: SRE's formula. */
    static double rejectProbability(long requests, long accepts, double k) {
        return Math.max(0, (requests - k * accepts) / (requests + 1));
    }

    /** The probability with which the next attempt would be rejected now (0 before any use): for reports and tests. */
    public double rejectProbability(ThrottleConfig config) {
        Window current = window.get();
        if (current == null) {
            return 0;
        }
        long second = current.second(time.nanoTime());
        return rejectProbability(current.requests.sum(second), current.accepts.sum(second), config.k());
    }

    /** Forgets the window (a manual reset says the provider is fine again). */
    public void reset() {
        window.set(null);
    }

    @Override
    protected boolean isActive(ResilienceConfig config) {
        return config.throttle().enabled();
    }

    @Override
    public long beforeAttempt(StageCall call) {
        ThrottleConfig config = call.config().throttle();
        long attempt = call.attempts() + 1;
        if (call.ticket() == attempt) {
            return PROCEED; // asked again after a later stage's wait: this attempt is counted already
        }
        Window counts = window(config);
        long second = counts.second(time.nanoTime());
        double probability = rejectProbability(counts.requests.sum(second), counts.accepts.sum(second), config.k());
        counts.requests.add(second, 1);
        if (probability <= 0 || random.nextDouble() >= probability) { // no random draw while the provider is fine
            call.ticket(attempt);
            return PROCEED;
        }
        call.ticket(REJECTED);
        if (call.attempts() == 0) {
            call.reject(new ThrottledException(operation, probability), CallReason.CLIENT_THROTTLED, Duration.ZERO);
        }
        return REFUSE; // on a retry the call ends with its last failure, as when the breaker refuses one
    }

    /** No hedge while the throttle would reject anything: extra load is what an overloaded provider must not get. */
    @Override
    public boolean admitsHedge(ResilienceConfig config, long ticket, long nowNanos) {
        Window counts = window.get();
        if (counts == null) {
            return true;
        }
        long second = counts.second(nowNanos);
        return rejectProbability(counts.requests.sum(second), counts.accepts.sum(second), config.throttle().k()) <= 0;
    }

    /** A hedge is a provider request: counted as one (the attempt's answer is one accept at most). */
    @Override
    public void onHedge(ResilienceConfig config, long ticket, long nowNanos) {
        Window counts = window(config.throttle());
        counts.requests.add(counts.second(nowNanos), 1);
    }

    /** A permanent error is an accept: the provider served the attempt. Overload and transient failures are not. */
    @Override
    public long afterFailure(StageCall call, long nowNanos) {
        if (call.lastClassification().kind() == FailureKind.PERMANENT) {
            accept(call, nowNanos);
        }
        return 0;
    }

    @Override
    public void onSuccess(StageCall call, long nowNanos) {
        accept(call, nowNanos);
    }

    /** A later stage refused the attempt this stage admitted, before it ran: it was no request to the provider. */
    @Override
    public void release(StageCall call) {
        if (call.ticket() > call.attempts()) {
            Window counts = window.get();
            if (counts != null) {
                counts.requests.add(counts.second(time.nanoTime()), -1);
            }
        }
    }

    private void accept(StageCall call, long nowNanos) {
        Window counts = window(call.config().throttle());
        counts.accepts.add(counts.second(nowNanos), 1);
    }

    private Window window(ThrottleConfig config) {
        int seconds = (int) config.window().getSeconds();
        Window current = window.get();
        while (current == null || current.requests.length() != seconds) {
            Window fresh = new Window(seconds, time.nanoTime());
            if (window.compareAndSet(current, fresh)) {
                return fresh;
            }
            current = window.get();
        }
        return current;
    }

    /** The two counters of one window, on a common time origin. */
    private static final class Window {
        final long originNanos;
        final SlidingCounter requests;
        final SlidingCounter accepts;

        Window(int seconds, long originNanos) {
            this.originNanos = originNanos;
            this.requests = new SlidingCounter(seconds);
            this.accepts = new SlidingCounter(seconds);
        }

        /** Whole seconds since the window was made (never negative, so a thread that read the clock early counts now). */
        long second(long nanos) {
            return Math.max(0, (nanos - originNanos) / 1_000_000_000L);
        }
    }
}
