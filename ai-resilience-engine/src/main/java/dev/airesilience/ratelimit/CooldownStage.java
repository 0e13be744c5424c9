package dev.airesilience.ratelimit;

import dev.airesilience.classify.FailureKind;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.event.CallReason;
import dev.airesilience.exception.NoTargetAvailableException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.internal.Saturating;
import dev.airesilience.pipeline.CallStage;
import dev.airesilience.pipeline.StageCall;
import dev.airesilience.time.TimeSource;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The operation's shared rate-limit cooldown: a provider's 429 with {@code Retry-After} holds every caller of the
 * operation until it ends. A call waits for it when its budget allows, is rejected before its first attempt when it
 * does not, and never retries before it ends.
 */
public final class CooldownStage extends CallStage {

    private static final long NEVER = Long.MIN_VALUE;

    private static final VarHandle UNTIL;

    static {
        try {
            UNTIL = MethodHandles.lookup().findVarHandle(CooldownStage.class, "untilNanos", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Monotonic time until which a provider rate limit holds every caller of the operation; only extended. A plain
     * volatile field updated through a VarHandle rather than an AtomicLong: one object less per operation.
     */
    private volatile long untilNanos = NEVER;
    private final TimeSource time;
    private final RandomGenerator random;
    /** Told when a provider's rate limit extends the cooldown (to share it with other instances); may be null. */
    private final Extended extended;

    /** Told when a provider's rate limit extends an operation's cooldown. */
    @FunctionalInterface
    public interface Extended {

        /** The cooldown now holds for {@code remainingNanos}; called on the call's thread, so it must not block. */
        void cooldownExtended(long remainingNanos);
    }

    public CooldownStage(TimeSource time, RandomGenerator random) {
        this(time, random, null);
    }

    public CooldownStage(TimeSource time, RandomGenerator random, Extended extended) {
        this.time = time;
        this.random = random;
        this.extended = extended;
    }

    /**
     * Holds the operation for {@code remainingNanos} from now unless it already is for longer: a cooldown another
     * instance learnt. Not reported to {@link Extended}, which would echo it back.
     */
    public void holdFor(long remainingNanos) {
        if (remainingNanos > 0) {
            extendTo(Saturating.add(time.nanoTime(), remainingNanos));
        }
    }

    /** Nanoseconds the cooldown still holds the operation at {@code nowNanos}; 0 when none does. */
    public long remainingNanos(long nowNanos) {
        long until = untilNanos;
        return until == NEVER ? 0 : Math.max(0, until - nowNanos); // NEVER: no subtraction, which would overflow
    }

    @Override
    public long unavailableNanos(ResilienceConfig config, long nowNanos) {
        return remainingNanos(nowNanos);
    }

    /** Ends the cooldown at once (a manual reset says the provider is fine again). */
    public void reset() {
        untilNanos = NEVER;
    }

    @Override
    protected boolean keepsTicket() {
        return false; // per-call state: none
    }

    @Override
    public long beforeAttempt(StageCall call) {
        long until = untilNanos;
        if (until == NEVER) { // never cooled down: the happy path reads no clock here
            return PROCEED;
        }
        long now = time.nanoTime();
        long remaining = until - now;
        if (remaining <= 0) {
            return PROCEED;
        }
        long budget = call.remainingNanos(now);
        if (remaining > budget) {
            if (call.attempts() == 0) {
                Duration retryAfter = Duration.ofNanos(remaining);
                call.reject(new RateLimitException("Operation '" + call.operation() + "' is cooling down after a provider "
                        + "rate limit; retry after " + retryAfter.toMillis() + " ms", retryAfter),
                        CallReason.RATE_LIMITED, retryAfter);
            }
            return REFUSE;
        }
        // Callers released by the same cooldown do not all return at its last nanosecond: each adds a random share
        // of the retry jitter (at most the cooldown itself, within the budget), so the provider sees a spread.
        RetryConfig retry = call.config().retry();
        if (!retry.jitter()) {
            return remaining;
        }
        long spread = Math.min(remaining, retry.jitterMax().toNanos());
        long wait = Saturating.add(remaining, (long) (random.nextDouble() * spread));
        return Math.max(remaining, Math.min(wait, budget));
    }

    /** No hedge while a provider rate limit holds the operation: it would be one more request refused. */
    @Override
    public boolean admitsHedge(ResilienceConfig config, long ticket, long nowNanos) {
        return remainingNanos(nowNanos) == 0;
    }

    /**
     * A rate limit with {@code Retry-After} extends the cooldown; no retry comes before it ends. Not a routed call's
     * {@link NoTargetAvailableException}: its wait is the targets' own (a cooldown, an open breaker, a quota), which
     * they keep and the route reads again before every attempt. Holding the routed operation for it would outlast
     * what ends it sooner (a health probe, a request small enough for the quota) and, with shared state, tell every
     * instance that a provider had said so.
     */
    @Override
    public long afterFailure(StageCall call, long nowNanos) {
        long retryAfter = call.lastRetryAfterNanos();
        if (call.lastClassification().kind() == FailureKind.RATE_LIMITED && retryAfter > 0
                && !(call.lastFailure() instanceof NoTargetAvailableException)
                && extendTo(Saturating.add(nowNanos, retryAfter)) && extended != null) {
            extended.cooldownExtended(retryAfter);
        }
        return remainingNanos(nowNanos);
    }

    /** Moves the end of the cooldown to {@code until} if that is later; whether it did. */
    private boolean extendTo(long until) {
        long current;
        do {
            current = untilNanos;
            if (current != NEVER && current >= until) {
                return false;
            }
        } while (!UNTIL.compareAndSet(this, current, until));
        return true;
    }
}
