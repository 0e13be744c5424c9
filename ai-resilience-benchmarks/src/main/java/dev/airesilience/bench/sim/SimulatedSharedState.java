package dev.airesilience.bench.sim;

import dev.airesilience.shared.SharedBucket;
import dev.airesilience.shared.SharedState;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The store that the simulator's replicas share, kept in the process on the scaled clock: what
 * {@code RedisSharedState} does over Redis, for a simulation that Redis cannot time. Redis expires its keys (a trial
 * claim, a bucket) in real time, while the simulator's clock runs 50 to 200 times faster.
 *
 * <p>The contract is the same. What a replica shares reaches every other replica after {@code delay} of simulated
 * time, standing for a pub/sub hop: cooldowns, breaker openings (for what is left of them) and recoveries, and
 * configuration updates. A trial or probe claim holds for its period on the scaled clock. Every replica takes from
 * one Bucket4j bucket per quota, which also refills on the scaled clock. A take answers at once: a Redis round trip
 * of about 1 real ms would be 0.02-0.05 simulated s at the scales the simulator runs, a cost the simulation would
 * charge to the scaling, not to the store.
 */
final class SimulatedSharedState {

    private final ScaledClock clock;
    private final Duration delay;
    private final List<Replica> replicas = new CopyOnWriteArrayList<>();
    /** Operation to the simulated time (nanos) its trial, or its health probe, is claimed until. */
    private final Map<String, Long> trialClaims = new ConcurrentHashMap<>();
    private final Map<String, Long> probeClaims = new ConcurrentHashMap<>();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final TimeMeter meter;

    SimulatedSharedState(ScaledClock clock, Duration delay) {
        this.clock = clock;
        this.delay = delay;
        this.meter = new TimeMeter() {
            @Override
            public long currentTimeNanos() {
                return clock.nanoTime();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        };
    }

    /** The shared state of one more replica. */
    SharedState replica() {
        Replica replica = new Replica();
        replicas.add(replica);
        return replica;
    }

    private final class Replica implements SharedState {
        private volatile Sink sink;

        /** Tells every other replica, after the delay. */
        private void tellOthers(Consumer<Sink> message) {
            for (Replica other : replicas) {
                if (other != this) {
                    clock.schedule(() -> {
                        Sink receiver = other.sink;
                        if (receiver != null) {
                            message.accept(receiver);
                        }
                    }, delay);
                }
            }
        }

        @Override
        public void start(Sink sink) {
            this.sink = sink;
        }

        @Override
        public void cooldownStarted(String operation, Duration remaining) {
            tellOthers(sink -> sink.cooldown(operation, remaining.minus(delay)));
        }

        @Override
        public void configurationUpdated(String document) {
            tellOthers(sink -> sink.configuration(document));
            sink.configuration(document); // an instance's own update comes back to it too
        }

        @Override
        public void breakerOpened(String operation, Duration openFor) {
            tellOthers(sink -> sink.breakerOpened(operation, openFor.minus(delay)));
        }

        @Override
        public void breakerClosed(String operation) {
            tellOthers(sink -> sink.breakerClosed(operation));
        }

        @Override
        public boolean claimTrial(String operation, Duration holdFor) {
            return claim(trialClaims, operation, holdFor);
        }

        @Override
        public boolean claimProbe(String operation, Duration holdFor) {
            return claim(probeClaims, operation, holdFor);
        }

        private boolean claim(Map<String, Long> held, String operation, Duration holdFor) {
            long now = clock.nanoTime();
            boolean[] granted = {false};
            held.compute(operation, (op, until) -> {
                if (until != null && until > now) {
                    return until;
                }
                granted[0] = true;
                return now + holdFor.toNanos();
            });
            return granted[0];
        }

        @Override
        public SharedBucket bucket(String key, long perMinute) {
            Bucket bucket = buckets.computeIfAbsent(key + ":" + perMinute, k -> Bucket.builder()
                    .addLimit(limit -> limit.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
                    .withCustomTimePrecision(meter)
                    .build());
            return new SharedBucket() {
                @Override
                public long tryTake(long amount) {
                    ConsumptionProbe probe = bucket.tryConsumeAndReturnRemaining(amount);
                    return probe.isConsumed() ? probe.getRemainingTokens() : -Math.max(1, probe.getNanosToWaitForRefill());
                }

                @Override
                public void giveBack(long amount) {
                    bucket.addTokens(amount);
                }

                @Override
                public void takeAsDebt(long amount) {
                    bucket.consumeIgnoringRateLimits(amount);
                }

                @Override
                public long left() {
                    return bucket.getAvailableTokens();
                }
            };
        }

        @Override
        public boolean available() {
            return true;
        }

        @Override
        public void close() {
            replicas.remove(this);
        }
    }
}
