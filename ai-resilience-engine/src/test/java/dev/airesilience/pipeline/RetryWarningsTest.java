package dev.airesilience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** At most one retry WARN per interval, carrying every retry since the previous one, even when retries race. */
class RetryWarningsTest {

    @Test
    void theFirstRetryWarnsThenTheIntervalsRetriesWaitForTheNextWarning() {
        RetryWarnings warnings = new RetryWarnings();
        long start = 1_000;

        assertThat(warnings.retry(start)).isEqualTo(1);
        assertThat(warnings.retry(start + 1)).isZero();
        assertThat(warnings.retry(start + RetryWarnings.INTERVAL_NANOS - 1)).isZero();
        assertThat(warnings.retry(start + RetryWarnings.INTERVAL_NANOS)).as("this one and the two before").isEqualTo(3);
        assertThat(warnings.retry(start + RetryWarnings.INTERVAL_NANOS + 1)).isZero();
    }

    @Test
    void racingRetriesAreEachReportedOnce() throws Exception {
        RetryWarnings warnings = new RetryWarnings();
        int threads = 4;
        int retries = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> reported = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            reported.add(pool.submit(() -> {
                start.await();
                long sum = 0;
                for (int i = 0; i < retries; i++) {
                    sum += warnings.retry(i * (RetryWarnings.INTERVAL_NANOS / 1_000)); // a warning every 1,000 retries
                }
                return sum;
            }));
        }
        start.countDown();
        long total = 0;
        for (Future<Long> future : reported) {
            total += future.get();
        }
        pool.shutdown();
        // The retries after the last warning are still waiting to be reported: one more warning at the end says how many.
        total += warnings.retry(Long.MAX_VALUE / 2) - 1;

        assertThat(total).isEqualTo((long) threads * retries);
    }
}
