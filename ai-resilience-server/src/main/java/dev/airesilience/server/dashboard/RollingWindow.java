package dev.airesilience.server.dashboard;

import dev.airesilience.metrics.ResilienceMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * One operation's counters, sampled at a fixed interval into a ring: the difference between two samples is what
 * happened in between, so the success rate and requests/s of the last window are exact counts, not estimates.
 * The core's counters cover the whole lifetime; this is what makes "now" visible after an outage has passed.
 *
 * <p>Written by the sampler thread, read by request threads: every method is synchronized (nothing in here calls
 * out, so no lock is held around foreign code).
 */
final class RollingWindow {

    /** The core's lifetime counters at one instant; {@code nanos} is monotonic, {@code epochMillis} labels it. */
    record Sample(long nanos, long epochMillis, long calls, long successful, long failed, long rejected,
            long fallbacks, long retries) {

        static Sample of(long nanos, long epochMillis, ResilienceMetrics metrics) {
            return new Sample(nanos, epochMillis, metrics.totalCalls(), metrics.successfulCalls(),
                    metrics.failedCalls(), metrics.rejectedCalls(), metrics.fallbackCalls(), metrics.retryAttempts());
        }

        /** True when a counter went down: the operation's metrics were reset, older samples no longer apply. */
        boolean isBefore(Sample previous) {
            return calls < previous.calls || successful < previous.successful || failed < previous.failed
                    || rejected < previous.rejected || fallbacks < previous.fallbacks || retries < previous.retries;
        }
    }

    /**
     * What happened between two samples {@code seconds} apart. {@code successRate} is successful calls in percent
     * of all calls that ended (successful, failed, rejected), {@code null} when none ended.
     */
    record Stats(double seconds, long calls, long successful, long failed, long rejected, long fallbacks,
            long retries, Double successRate, double requestsPerSecond) {

        static final Stats EMPTY = new Stats(0, 0, 0, 0, 0, 0, 0, null, 0);

        static Stats between(Sample from, Sample to) {
            double seconds = (to.nanos - from.nanos) / 1e9;
            long calls = to.calls - from.calls;
            long successful = to.successful - from.successful;
            Double rate = calls == 0 ? null : Math.round(successful * 1000.0 / calls) / 10.0;
            double perSecond = seconds <= 0 ? 0 : Math.round(calls * 100.0 / seconds) / 100.0;
            return new Stats(seconds, calls, successful, to.failed - from.failed, to.rejected - from.rejected,
                    to.fallbacks - from.fallbacks, to.retries - from.retries, rate, perSecond);
        }
    }

    /** The rolling stats at each sample time, oldest first, for the charts; {@code successRate} null without calls. */
    record Series(List<Long> epochMillis, List<Double> successRate, List<Double> requestsPerSecond) {}

    private final Sample[] ring;
    private int next;
    private int size;

    RollingWindow(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, got " + capacity);
        }
        this.ring = new Sample[capacity];
    }

    synchronized void add(Sample sample) {
        if (size > 0 && sample.isBefore(at(size - 1))) {
            size = 0; // a reset: differences across it would be negative
        }
        ring[next] = sample;
        next = (next + 1) % ring.length;
        size = Math.min(size + 1, ring.length);
    }

    /** The stats of the last {@code windowNanos}, or of all samples when they span less; EMPTY under two samples. */
    synchronized Stats window(long windowNanos) {
        if (size < 2) {
            return Stats.EMPTY;
        }
        return Stats.between(at(baseline(size - 1, windowNanos)), at(size - 1));
    }

    /** The rolling stats as of every sample after the first. */
    synchronized Series series(long windowNanos) {
        List<Long> times = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        List<Double> perSecond = new ArrayList<>();
        int from = 0;
        for (int i = 1; i < size; i++) {
            // Two pointers: the baseline only moves forward as the end does.
            while (from + 1 < i && at(i).nanos - at(from + 1).nanos >= windowNanos) {
                from++;
            }
            Stats stats = Stats.between(at(from), at(i));
            times.add(at(i).epochMillis);
            rates.add(stats.successRate());
            perSecond.add(stats.requestsPerSecond());
        }
        return new Series(times, rates, perSecond);
    }

    synchronized int size() {
        return size;
    }

    /** The newest sample at least {@code windowNanos} before sample {@code end}, else the oldest one. */
    private int baseline(int end, long windowNanos) {
        long endNanos = at(end).nanos;
        for (int i = end - 1; i >= 0; i--) {
            if (endNanos - at(i).nanos >= windowNanos) {
                return i;
            }
        }
        return 0;
    }

    /** The i-th sample, oldest first. */
    private Sample at(int i) {
        return ring[Math.floorMod(next - size + i, ring.length)];
    }
}
