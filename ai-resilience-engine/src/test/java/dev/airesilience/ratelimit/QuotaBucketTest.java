package dev.airesilience.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.shared.SharedBucket;
import dev.airesilience.shared.SharedState;
import io.github.bucket4j.TimeMeter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A quota bucket with a shared store behind it, the store replaced by a counter at the {@link SharedState} boundary
 * (the real one, on Redis, is in ai-resilience-redis): takes go to the store while it answers, the local bucket
 * follows the shared level, and a store that fails or is away leaves the decision to the local bucket.
 */
class QuotaBucketTest {

    private long nanos;
    private final TimeMeter meter = new TimeMeter() {
        @Override
        public long currentTimeNanos() {
            return nanos;
        }

        @Override
        public boolean isWallClockBased() {
            return false;
        }
    };

    /** What every instance shares: one level, no refill (time stands still in these tests). */
    private final class Store implements SharedState, SharedBucket {
        long level;
        boolean available = true;
        boolean failing;
        final List<String> commands = new ArrayList<>();

        Store(long level) {
            this.level = level;
        }

        private void command(String what) {
            commands.add(what);
            if (failing) {
                throw new IllegalStateException("timed out");
            }
        }

        @Override
        public long tryTake(long amount) {
            command("take " + amount);
            if (level < amount) {
                return -Duration.ofSeconds(6).toNanos();
            }
            level -= amount;
            return level;
        }

        @Override
        public void giveBack(long amount) {
            command("give " + amount);
            level += amount;
        }

        @Override
        public void takeAsDebt(long amount) {
            command("debt " + amount);
            level -= amount;
        }

        @Override
        public long left() {
            command("read");
            return level;
        }

        @Override
        public SharedBucket bucket(String key, long perMinute) {
            return this;
        }

        @Override
        public void start(Sink sink) {}

        @Override
        public void cooldownStarted(String operation, Duration remaining) {}

        @Override
        public void configurationUpdated(String document) {}

        @Override
        public boolean available() {
            return available;
        }

        @Override
        public void close() {}
    }

    @Test
    void takesGoToTheSharedBucketAndTheLocalOneFollowsItsLevel() {
        Store store = new Store(1000);
        QuotaBucket bucket = QuotaBucket.of(1000, meter, null, store, "target:a:tokens:1000");

        assertThat(bucket.take(300)).isZero();
        store.level = 100; // the other instances took 600 meanwhile
        assertThat(bucket.take(50)).isZero();

        assertThat(store.commands).containsExactly("take 300", "take 50");
        assertThat(bucket.left()).as("the level the store last reported").isEqualTo(50);
        assertThat(bucket.take(200)).as("the store's wait").isEqualTo(Duration.ofSeconds(6).toNanos());
        assertThat(bucket.waitFor(60)).as("estimated here, from the mirrored level: 10 tokens at 1000 a minute")
                .isEqualTo(Duration.ofMillis(600).toNanos());
        assertThat(store.commands).hasSize(3);
    }

    @Test
    void aStoreThatFailsLeavesEachDecisionToTheLocalBucketFromTheLastSharedLevel() {
        Store store = new Store(1000);
        QuotaBucket bucket = QuotaBucket.of(1000, meter, null, store, "target:a:tokens:1000");
        assertThat(bucket.take(900)).isZero();

        store.failing = true;
        assertThat(bucket.take(100)).as("the last 100 of the shared level, taken here").isZero();
        assertThat(bucket.take(1)).as("nothing left here either").isPositive();
        bucket.giveBack(40);
        bucket.takeAsDebt(10);

        assertThat(bucket.left()).isEqualTo(30);
        assertThat(store.level).as("nothing reached the store").isEqualTo(100);
    }

    @Test
    void aStoreKnownToBeAwayIsNotAskedAtAll() {
        Store store = new Store(1000);
        QuotaBucket bucket = QuotaBucket.of(1000, meter, null, store, "target:a:tokens:1000");
        store.available = false;

        assertThat(bucket.take(500)).isZero();
        bucket.giveBack(100);
        bucket.align(200);

        assertThat(store.commands).isEmpty();
        assertThat(bucket.left()).isEqualTo(200);
    }

    @Test
    void aProvidersWordSetsTheSharedLevelAndTheLocalOne() {
        Store store = new Store(1000);
        QuotaBucket bucket = QuotaBucket.of(1000, meter, null, store, "target:a:tokens:1000");

        bucket.align(250);
        assertThat(store.level).isEqualTo(250);
        bucket.align(400);
        assertThat(store.level).isEqualTo(400);

        assertThat(store.commands).containsExactly("read", "debt 750", "read", "give 150");
        assertThat(bucket.left()).isEqualTo(400);
    }

    @Test
    void withoutASharedStoreTheBucketIsThisInstancesOnly() {
        QuotaBucket bucket = QuotaBucket.of(1000, meter, null, SharedState.none(), "target:a:tokens:1000");

        assertThat(bucket.take(1000)).isZero();
        assertThat(bucket.take(100)).isEqualTo(Duration.ofSeconds(6).toNanos());
        nanos += Duration.ofSeconds(6).toNanos();
        assertThat(bucket.take(100)).isZero();
        assertThat(QuotaBucket.of(0, meter, null, SharedState.none(), "unused")).as("not limited").isNull();
    }
}
