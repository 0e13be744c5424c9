package dev.airesilience.recording;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.metrics.LatencySnapshot;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * An operation's reported latency merges the histogram of its successes with that of its failures (the successes'
 * count is the success count): the merge must report exactly what one histogram of every call would.
 */
class LatencyHistogramTest {

    @Property
    void mergingTwoHistogramsReportsWhatOneHistogramOfBothWould(
            @ForAll @Size(max = 40) List<@LongRange(min = 0, max = 3_600_000_000_000L) Long> successes,
            @ForAll @Size(max = 40) List<@LongRange(min = 0, max = 3_600_000_000_000L) Long> failures) {
        LatencyHistogram succeeded = new LatencyHistogram();
        LatencyHistogram failed = new LatencyHistogram();
        LatencyHistogram all = new LatencyHistogram();
        successes.forEach(nanos -> {
            succeeded.recordNanos(nanos);
            all.recordNanos(nanos);
        });
        failures.forEach(nanos -> {
            failed.recordNanos(nanos);
            all.recordNanos(nanos);
        });

        assertThat(LatencyHistogram.snapshot(succeeded, failed)).isEqualTo(all.snapshot());
        assertThat(LatencyHistogram.snapshot(failed, succeeded)).isEqualTo(all.snapshot());
        assertThat(succeeded.count()).isEqualTo(successes.size());
    }

    @Test
    void aMissingOrEmptyHistogramAddsNothing() {
        LatencyHistogram one = new LatencyHistogram();
        one.recordNanos(2_500_000);
        LatencySnapshot alone = one.snapshot();

        assertThat(LatencyHistogram.snapshot(one, null)).isEqualTo(alone);
        assertThat(LatencyHistogram.snapshot(null, one)).isEqualTo(alone);
        assertThat(LatencyHistogram.snapshot(new LatencyHistogram(), one)).isEqualTo(alone);
        assertThat(LatencyHistogram.snapshot(null, null)).isEqualTo(LatencySnapshot.EMPTY);
        assertThat(alone.count()).isEqualTo(1);
        assertThat(alone.maxMs()).isEqualTo(2.5);
    }
}
