package dev.airesilience.bench.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.shared.SharedBucket;
import dev.airesilience.shared.SharedState;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The multi-instance scenario's store keeps the contract {@code RedisSharedState} keeps (what one replica shares
 * reaches the others, not itself; one claim per period, trials and probes apart; one bucket for all). The clock runs
 * at real speed, so that nothing expires between two lines of a test.
 */
class SimulatedSharedStateTest {

    private final ScaledClock clock = new ScaledClock(1_000_000_000);
    private final SimulatedSharedState store = new SimulatedSharedState(clock, Duration.ofMillis(1));

    private static final class Heard implements SharedState.Sink {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final CountDownLatch first = new CountDownLatch(1);

        @Override
        public void cooldown(String operation, Duration remaining) {
            messages.add("cooldown " + operation);
            first.countDown();
        }

        @Override
        public void breakerOpened(String operation, Duration remaining) {
            messages.add("opened " + operation);
            first.countDown();
        }

        @Override
        public void configuration(String document) {}
    }

    @Test
    void whatOneReplicaSharesReachesTheOthersAndNotItself() throws InterruptedException {
        SharedState a = store.replica();
        SharedState b = store.replica();
        Heard heardByA = new Heard();
        Heard heardByB = new Heard();
        a.start(heardByA);
        b.start(heardByB);

        a.cooldownStarted("chat", Duration.ofSeconds(30));
        assertThat(heardByB.first.await(10, TimeUnit.SECONDS)).isTrue();
        b.breakerOpened("chat", Duration.ofSeconds(60));
        assertThat(heardByA.first.await(10, TimeUnit.SECONDS)).isTrue();

        assertThat(heardByB.messages).containsExactly("cooldown chat");
        // An echo of A's cooldown would have been due before B's later opening, so it would be heard first.
        assertThat(heardByA.messages).containsExactly("opened chat");
    }

    @Test
    void oneReplicaWinsEachClaimAndTrialsAndProbesAreClaimedApart() {
        SharedState a = store.replica();
        SharedState b = store.replica();
        Duration hour = Duration.ofHours(1);

        assertThat(a.claimTrial("chat", hour)).isTrue();
        assertThat(b.claimTrial("chat", hour)).isFalse();
        assertThat(b.claimProbe("chat", hour)).isTrue();
        assertThat(a.claimProbe("chat", hour)).isFalse();
        assertThat(b.claimTrial("other", hour)).isTrue();
    }

    @Test
    void everyReplicaTakesFromOneBucket() {
        SharedBucket a = store.replica().bucket("primary:tokens", 1_000);
        SharedBucket b = store.replica().bucket("primary:tokens", 1_000);

        assertThat(a.tryTake(600)).isEqualTo(400);
        assertThat(b.tryTake(500)).as("not there: minus the wait").isNegative();
        b.giveBack(100);
        assertThat(a.left()).isBetween(500L, 501L); // a millisecond of refill at most
    }
}
