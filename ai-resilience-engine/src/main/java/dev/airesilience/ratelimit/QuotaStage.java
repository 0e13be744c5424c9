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
import io.github.bucket4j.Bucket;
import io.github.bucket4j.EstimationProbe;
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
 */
public final class QuotaStage extends CallStage {

    private final String operation;
    private final TimeSource time;
    private final TimeMeter meter;
    private volatile Buckets buckets;

    public QuotaStage(String operation, TimeSource time) {
        this.operation = operation;
        this.time = time;
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
    private record Buckets(QuotaConfig quota, Bucket requests, Bucket tokens) {}

    private Buckets bucketsFor(QuotaConfig quota) {
        Buckets current = buckets;
        if (current != null && current.quota().equals(quota)) {
            return current;
        }
        // A new quota starts full; a changed one keeps what was left of the old (rare: a configuration change). Two
        // threads that race here may each build one: the last set wins, the other's reservations refill it.
        Buckets fresh = new Buckets(quota, bucket(quota.requestsPerMinute(), current == null ? null : current.requests()),
                bucket(quota.tokensPerMinute(), current == null ? null : current.tokens()));
        buckets = fresh;
        return fresh;
    }

    private Bucket bucket(long perMinute, Bucket previous) {
        if (perMinute == 0) {
            return null;
        }
        Bucket fresh = Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .withCustomTimePrecision(meter)
                .build();
        if (previous != null) {
            long left = previous.getAvailableTokens();
            if (left < perMinute) {
                fresh.consumeIgnoringRateLimits(perMinute - left);
            }
        }
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

    /** Takes one request and {@code tokens}: 0 when taken, else the nanoseconds until both buckets can give them. */
    private static long reserve(Buckets buckets, long tokens) {
        while (true) {
            long wait = Math.max(waitFor(buckets.requests(), 1), waitFor(buckets.tokens(), tokens));
            if (wait > 0) {
                return wait;
            }
            if (buckets.requests() != null && !buckets.requests().tryConsume(1)) {
                continue; // another call took it between the estimate and now: estimate again
            }
            if (buckets.tokens() != null && tokens > 0 && !buckets.tokens().tryConsume(tokens)) {
                if (buckets.requests() != null) {
                    buckets.requests().addTokens(1);
                }
                continue;
            }
            return 0;
        }
    }

    private static long waitFor(Bucket bucket, long amount) {
        if (bucket == null || amount == 0) {
            return 0;
        }
        EstimationProbe probe = bucket.estimateAbilityToConsume(amount);
        return probe.canBeConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    /**
     * How long a call that needs one request (and no tokens: its estimate is not known here) would wait now; the
     * tokens a call needs are checked when it is admitted.
     */
    @Override
    public long unavailableNanos(ResilienceConfig config, long nowNanos) {
        Buckets current = buckets;
        return current == null ? 0 : Math.max(waitFor(current.requests(), 1), waitFor(current.tokens(), 1));
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
            current.tokens().addTokens(held);
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
                current.tokens().addTokens(-difference);
            } else if (difference > 0) {
                current.tokens().consumeIgnoringRateLimits(difference); // debt: later calls wait for it
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
            current.requests().addTokens(1);
        }
        if (current.tokens() != null && held > 0) {
            current.tokens().addTokens(held);
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
    private static void align(Bucket bucket, long perMinute, long remaining, Duration reset) {
        if (bucket == null || remaining < 0) {
            return;
        }
        long target = Math.min(remaining, perMinute);
        if (reset != null) {
            double refilledByReset = perMinute * (reset.toNanos() / 60e9);
            target = Math.min(target, (long) Math.floor(perMinute - refilledByReset));
        }
        long local = bucket.getAvailableTokens();
        if (local > target) {
            bucket.consumeIgnoringRateLimits(local - target);
        } else if (local < target) {
            bucket.addTokens(target - local);
        }
    }

    /** What is left now, for reports; -1 for a kind the quota does not limit (or before the first limited call). */
    public QuotaRemaining remaining() {
        Buckets current = buckets;
        if (current == null) {
            return new QuotaRemaining(-1, -1);
        }
        return new QuotaRemaining(left(current.requests()), left(current.tokens()));
    }

    private static long left(Bucket bucket) {
        return bucket == null ? -1 : Math.max(0, bucket.getAvailableTokens());
    }
}
