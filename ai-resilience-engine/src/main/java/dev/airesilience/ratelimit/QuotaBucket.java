package dev.airesilience.ratelimit;

import dev.airesilience.shared.SharedBucket;
import dev.airesilience.shared.SharedState;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * One kind of a quota (requests or tokens per minute): this instance's Bucket4j bucket, and the bucket every instance
 * shares when the shared state has one. While the store answers, takes and returns go to the shared bucket and the
 * local one mirrors what the shared one had left after each take, so that estimates ({@link #waitFor}) never go to
 * the store and an instance that loses the store goes on from the cluster's last known level. When the store cannot
 * answer (it has counted and logged why), the local bucket decides alone until the store is available again.
 * Returns and debts go to both, so the local view stays close between takes.
 */
final class QuotaBucket {

    private final long perMinute;
    private final Bucket local;
    private final SharedBucket shared;
    private final SharedState state;

    private QuotaBucket(long perMinute, Bucket local, SharedBucket shared, SharedState state) {
        this.perMinute = perMinute;
        this.local = local;
        this.shared = shared;
        this.state = state;
    }

    /**
     * A bucket of {@code perMinute} on {@code meter}, shared as {@code key} when {@code state} shares buckets;
     * null when the quota does not limit this kind. A changed quota keeps what {@code previous} had left, locally.
     */
    static QuotaBucket of(long perMinute, TimeMeter meter, QuotaBucket previous, SharedState state, String key) {
        if (perMinute == 0) {
            return null;
        }
        Bucket local = Bucket.builder()
                .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                .withCustomTimePrecision(meter)
                .build();
        if (previous != null) {
            long left = previous.local.getAvailableTokens();
            if (left < perMinute) {
                local.consumeIgnoringRateLimits(perMinute - left);
            }
        }
        SharedBucket shared = null;
        if (state.isShared()) {
            try {
                shared = state.bucket(key, perMinute);
            } catch (RuntimeException e) {
                // an implementation that cannot make one: this instance's bucket only
            }
        }
        return new QuotaBucket(perMinute, local, shared, state);
    }

    private boolean sharing() {
        return shared != null && state.available();
    }

    /** Takes {@code amount}: 0 when taken, else the nanoseconds until it could be (and nothing taken). */
    long take(long amount) {
        if (sharing()) {
            try {
                long left = shared.tryTake(amount);
                if (left >= 0) {
                    mirror(left);
                    return 0;
                }
                return -left;
            } catch (RuntimeException e) {
                // The store did not answer in time: this take is decided here.
            }
        }
        ConsumptionProbe probe = local.tryConsumeAndReturnRemaining(amount);
        return probe.isConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    /** Puts {@code amount} back, in the shared bucket when it answers and in the local one either way. */
    void giveBack(long amount) {
        onShared(bucket -> bucket.giveBack(amount));
        local.addTokens(amount);
    }

    /** Takes {@code amount} into debt, in the shared bucket when it answers and in the local one either way. */
    void takeAsDebt(long amount) {
        onShared(bucket -> bucket.takeAsDebt(amount));
        local.consumeIgnoringRateLimits(amount);
    }

    /** Sets what is left to {@code target} (a provider's word), in the shared bucket when it answers and here. */
    void align(long target) {
        onShared(bucket -> {
            long difference = bucket.left() - target;
            if (difference > 0) {
                bucket.takeAsDebt(difference);
            } else if (difference < 0) {
                bucket.giveBack(-difference);
            }
        });
        mirror(target);
    }

    /** Makes {@code change} to the shared bucket while the store is there; never throws. */
    private void onShared(Consumer<SharedBucket> change) {
        if (sharing()) {
            try {
                change.accept(shared);
            } catch (RuntimeException e) {
                // the store did not answer (it has counted and logged why): the change is made here only
            }
        }
    }

    /** Sets the local bucket to {@code left}. */
    private void mirror(long left) {
        long local = this.local.getAvailableTokens();
        long target = Math.min(left, perMinute);
        if (local > target) {
            this.local.consumeIgnoringRateLimits(local - target);
        } else if (local < target) {
            this.local.addTokens(target - local);
        }
    }

    /** The nanoseconds until {@code amount} could be taken, from the local view (never a round trip); 0 when it can now. */
    long waitFor(long amount) {
        if (amount == 0) {
            return 0;
        }
        EstimationProbe probe = local.estimateAbilityToConsume(amount);
        return probe.canBeConsumed() ? 0 : Math.max(1, probe.getNanosToWaitForRefill());
    }

    /** What is left, from the local view; 0 while in debt. */
    long left() {
        return Math.max(0, local.getAvailableTokens());
    }
}
