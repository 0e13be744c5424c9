package dev.airesilience.ratelimit;

import dev.airesilience.classify.FailureKind;
import dev.airesilience.config.QuotaConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.event.CallReason;
import dev.airesilience.exception.QuotaExceededException;
import dev.airesilience.pipeline.CallStage;
import dev.airesilience.pipeline.StageCall;
import dev.airesilience.quota.QuotaRemaining;
import dev.airesilience.quota.RateLimitHeaders;
import dev.airesilience.quota.Usage;
import dev.airesilience.time.TimeSource;
import dev.airesilience.shared.SharedState;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.Optional;

/**
 * A target's quota (requests and tokens per minute) kept on our side: before its attempt a call reserves one request
 * and its estimated tokens from two Bucket4j token buckets that refill continuously, and waits (when its budget
 * allows) or is refused when they cannot give them yet, so it never goes out to meet a 429. After the attempt the
 * tokens are reconciled with the usage the response reports (the estimate's excess is given back, a shortfall is
 * taken as debt), and the provider's rate-limit headers, when the response has them, set what is left, so the local
 * view converges to the provider's. A failed attempt gives its tokens back (a 429 does not: the provider has counted
 * them, or more).
 *
 * <p>A call's ticket is the tokens it holds. The buckets are made on first use and follow a change of the quota
 * (Bucket4j's {@code replaceConfiguration}, keeping what is left in proportion); they are lock-free (compare and
 * set), so no lock is held while a call runs. Time is the injected monotonic clock.
 *
 * <p>With a {@link SharedState} that shares buckets, every instance takes from the same two buckets (see
 * {@link QuotaBucket}), so N instances together stay within the one quota; the provider's headers then set the shared
 * level. When the store is away each instance goes on with its own buckets, from the level last shared.
 */
public final class QuotaStage extends CallStage {

    private final String operation;
    private final TimeSource time;
    private final TimeMeter meter;
    private final SharedState shared;
    private volatile Buckets buckets;

    /** {@code shared}: the buckets' store when it shares them ({@link SharedState#none()}: this instance's only). */
    public QuotaStage(String operation, TimeSource time, SharedState shared) {
        this.operation = operation;
        this.time = time;
        this.shared = shared;
        this.meter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return time.nanoTime();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
    }

    /** The requests and tokens buckets of one quota; either is null when the quota does not limit it. */
    private record Buckets(QuotaConfig quota, QuotaBucket requests, QuotaBucket tokens) {}

    private Buckets bucketsFor(QuotaConfig quota) {
        Buckets current = buckets;
        if (current != null && current.quota().equals(quota)) {
            return current;
        }
        // A new quota starts full; a changed one keeps what was left of the old (rare: a configuration change). Two
        // threads that race here may each build one: the last set wins, the other's reservations refill it. A shared
        // bucket is named by its quota too, so every instance on the new quota shares a new bucket.
        Buckets fresh = new Buckets(quota,
                QuotaBucket.of(quota.requestsPerMinute(), meter, current == null ? null : current.requests(), shared,
                        operation + ":requests:" + quota.requestsPerMinute()),
                QuotaBucket.of(quota.tokensPerMinute(), meter, current == null ? null : current.tokens(), shared,
                        operation + ":tokens:" + quota.tokensPerMinute()));
        buckets = fresh;
        return fresh;
    }

    @Override
    public long beforeAttempt(StageCall call) {
        QuotaConfig quota = call.quota();
        if (quota == null || !quota.limited() || call.ticket() >= 0) {
            return PROCEED; // no quota, or asked again for an attempt whose reservation it holds
        }
        Buckets current = bucketsFor(quota);
        long tokens = current.tokens() == null ? 0 : Math.min(call.estimatedTokens(), quota.tokensPerMinute());
        long wait = reserve(current, tokens);
        if (wait == 0) {
            call.ticket(tokens);
            return PROCEED;
        }
        long now = time.nanoTime();
        if (wait <= call.remainingNanos(now)) {
            return wait;
        }
        if (call.attempts() == 0) {
            Duration retryAfter = Duration.ofNanos(wait);
            call.reject(new QuotaExceededException(operation, quota, tokens, retryAfter), CallReason.RATE_LIMITED,
                    retryAfter);
        }
        return REFUSE;
    }

    /**
     * Takes one request and {@code tokens}: 0 when both are taken, else the nanoseconds until both buckets can give
     * them (and nothing is taken).
     */
    private static long reserve(Buckets buckets, long tokens) {
        QuotaBucket requests = buckets.requests();
        QuotaBucket tokenBucket = tokens > 0 ? buckets.tokens() : null;
        long requestWait = requests == null ? 0 : requests.take(1);
        if (requestWait > 0) {
            return Math.max(requestWait, tokenBucket == null ? 0 : tokenBucket.waitFor(tokens));
        }
        long tokenWait = tokenBucket == null ? 0 : tokenBucket.take(tokens);
        if (tokenWait > 0 && requests != null) {
            requests.giveBack(1);
        }
        return tokenWait;
    }

    /**
     * How long a call that needs one request (and no tokens: its estimate is not known here) would wait now; the
     * tokens a call needs are checked when it is admitted. From this instance's view: never a round trip to a store.
     */
    @Override
    public long unavailableNanos(ResilienceConfig config, long nowNanos) {
        Buckets current = buckets;
        return current == null ? 0 : Math.max(waitFor(current.requests(), 1), waitFor(current.tokens(), 1));
    }

    private static long waitFor(QuotaBucket bucket, long amount) {
        return bucket == null ? 0 : bucket.waitFor(amount);
    }

    /** A failed attempt: its tokens come back (unless the provider rate-limited it), and its headers are applied. */
    @Override
    public long afterFailure(StageCall call, long nowNanos) {
        long held = call.ticket();
        Buckets current = buckets;
        if (held < 0 || current == null) {
            return 0;
        }
        call.ticket(-1); // a retry reserves again
        if (call.lastClassification().kind() != FailureKind.RATE_LIMITED && current.tokens() != null && held > 0) {
            current.tokens().giveBack(held);
        }
        follow(current, call.usage());
        return 0;
    }

    /** The attempt succeeded: the tokens are reconciled with the reported usage, and its headers are applied. */
    @Override
    public void onSuccess(StageCall call, long nowNanos) {
        long held = call.ticket();
        Buckets current = buckets;
        if (held < 0 || current == null) {
            return;
        }
        Usage usage = call.usage();
        if (current.tokens() != null && usage.tokens() >= 0) {
            long difference = usage.tokens() - held;
            if (difference < 0) {
                current.tokens().giveBack(-difference);
            } else if (difference > 0) {
                current.tokens().takeAsDebt(difference); // later calls wait for it
            }
        }
        follow(current, usage);
    }

    /** The call ended without an attempt of its own (a later stage refused it, or it was cancelled): all back. */
    @Override
    public void release(StageCall call) {
        long held = call.ticket();
        Buckets current = buckets;
        if (held < 0 || current == null) {
            return;
        }
        if (current.requests() != null) {
            current.requests().giveBack(1);
        }
        if (current.tokens() != null && held > 0) {
            current.tokens().giveBack(held);
        }
    }

    /** Sets what is left to what the provider says is left (within the quota), when its headers say it. */
    private void follow(Buckets current, Usage usage) {
        if (usage.headers().isEmpty()) {
            return;
        }
        Optional<RateLimitHeaders.Limits> limits = RateLimitHeaders.parse(usage.headers(), time.now());
        if (limits.isPresent()) {
            QuotaConfig quota = current.quota();
            align(current.requests(), quota.requestsPerMinute(), limits.get().requestsRemaining(),
                    limits.get().requestsReset());
            align(current.tokens(), quota.tokensPerMinute(), limits.get().tokensRemaining(),
                    limits.get().tokensReset());
        }
    }

    /**
     * Sets what the bucket has to what the provider says: {@code remaining} now, and full again after {@code reset}
     * (when the provider says when). A bucket refills a whole quota per minute; a provider whose reset is later than
     * that (a window longer than a minute, a daily quota) refills more slowly, so the bucket is set lower, into debt
     * if need be, to be full exactly when the provider is.
     */
    private static void align(QuotaBucket bucket, long perMinute, long remaining, Duration reset) {
        if (bucket == null || remaining < 0) {
            return;
        }
        long target = Math.min(remaining, perMinute);
        if (reset != null) {
            double refilledByReset = perMinute * (reset.toNanos() / 60e9);
            target = Math.min(target, (long) Math.floor(perMinute - refilledByReset));
        }
        bucket.align(target);
    }

    /** What is left now, for reports; -1 for a kind the quota does not limit (or before the first limited call). */
    public QuotaRemaining remaining() {
        Buckets current = buckets;
        if (current == null) {
            return new QuotaRemaining(-1, -1);
        }
        return new QuotaRemaining(left(current.requests()), left(current.tokens()));
    }

    private static long left(QuotaBucket bucket) {
        return bucket == null ? -1 : bucket.left();
    }
}
