package dev.airesilience.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.config.BackoffMode;
import dev.airesilience.config.RetryConfig;
import java.time.Duration;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

class BackoffPropertiesTest {

    @Property
    void exponentialDelayIsClampedAndMonotoneWithoutJitter(
            @ForAll @DoubleRange(min = 0.1, max = 10.0) double multiplier,
            @ForAll @DoubleRange(min = 0.1, max = 30.0) double min,
            @ForAll @IntRange(min = 1, max = 19) int attempt) {
        RetryConfig config = RetryConfig.builder().exponentialMultiplier(seconds(multiplier)).exponentialMin(seconds(min))
                .exponentialMax(Duration.ofSeconds(60)).jitter(false).build();
        long delay = Backoff.delayNanos(config, attempt, new Random(1));
        long next = Backoff.delayNanos(config, attempt + 1, new Random(1));
        assertThat(delay).isBetween((long) (min * 1e9) - 1, (long) (60.0 * 1e9));
        assertThat(next).isGreaterThanOrEqualTo(delay);
    }

    @Property
    void jitterStaysWithinItsBound(@ForAll @DoubleRange(min = 0.1, max = 60.0) double jitterMax,
            @ForAll @IntRange(min = 1, max = 10) int attempt, @ForAll long seed) {
        RetryConfig config = RetryConfig.builder().jitter(true).jitterMax(seconds(jitterMax)).build();
        RetryConfig withoutJitter = config.toBuilder().jitter(false).build();
        long base = Backoff.delayNanos(withoutJitter, attempt, new Random(seed));
        long jittered = Backoff.delayNanos(config, attempt, new Random(seed));
        assertThat(jittered - base).isBetween(-1L, (long) (jitterMax * 1e9) + 1);
    }

    @Property
    void fixedModeAlwaysWaitsTheFixedDelay(@ForAll @DoubleRange(min = 0.0, max = 100.0) double fixed,
            @ForAll @IntRange(min = 1, max = 20) int attempt) {
        RetryConfig config = RetryConfig.builder().backoffMode(BackoffMode.FIXED).fixedDelay(seconds(fixed))
                .jitter(false).build();
        assertThat(Backoff.delayNanos(config, attempt, new Random(0))).isEqualTo((long) (fixed * 1e9));
    }

    /** Truncated to the nanosecond, as the assertions compute their bounds. */
    private static Duration seconds(double seconds) {
        return Duration.ofNanos((long) (seconds * 1e9));
    }
}
