package dev.airesilience.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SlidingCounterTest {

    @Test
    void countsOnlyTheLastSecondsOfItsWindow() {
        SlidingCounter counter = new SlidingCounter(3);
        counter.add(0, 1);
        counter.add(1, 1);
        counter.add(1, 1);
        counter.add(2, 1);
        assertThat(counter.sum(2)).isEqualTo(4);
        assertThat(counter.sum(3)).as("second 0 has left the window").isEqualTo(3);
        counter.add(3, 1); // reuses second 0's bucket
        assertThat(counter.sum(3)).isEqualTo(4);
        assertThat(counter.sum(10)).isZero();
        counter.add(3, -1);
        counter.add(0, -1); // a give-back for a second whose bucket moved on is ignored
        assertThat(counter.sum(3)).isEqualTo(3);
    }

    @Test
    void isExactUnderContentionWhileBucketsMove() throws InterruptedException {
        SlidingCounter counter = new SlidingCounter(4);
        int threads = 4;
        int perThread = 20_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    counter.add(i / 5_000, 1); // every thread moves through seconds 0..3
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        assertThat(counter.sum(3)).isEqualTo((long) threads * perThread);
    }

    @Test
    void theSreFormula() {
        assertThat(ThrottleStage.rejectProbability(0, 0, 2)).isZero();
        assertThat(ThrottleStage.rejectProbability(10, 5, 2)).isZero();
        assertThat(ThrottleStage.rejectProbability(30, 5, 2)).isEqualTo(20.0 / 31);
        assertThat(ThrottleStage.rejectProbability(9, 0, 2)).isEqualTo(0.9);
    }
}
