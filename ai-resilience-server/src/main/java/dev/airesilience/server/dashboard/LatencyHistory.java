package dev.airesilience.server.dashboard;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.ResilienceListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * Per-operation latency over the last minutes, in 10-second buckets, for the dashboard's sparklines. The core's
 * percentiles cover the whole lifetime; these show what happens now. Only calls that ran are recorded.
 */
@Component
public final class LatencyHistory implements ResilienceListener {

    static final long BUCKET_MILLIS = 10_000;
    static final int BUCKETS = 30;
    private static final int MAX_SAMPLES_PER_BUCKET = 2_000;

    private final Map<String, Series> series = new ConcurrentHashMap<>();

    public LatencyHistory(AIServiceResilience resilience) {
        resilience.addListener(this);
    }

    @Override
    public void onCallCompleted(CallCompletedEvent event) {
        if (event.attempts() == 0) {
            return;
        }
        series.computeIfAbsent(event.operation(), name -> new Series())
                .add(System.currentTimeMillis() / BUCKET_MILLIS, event.latencyNanos() / 1e6);
    }

    /** Bucket start times (epoch seconds) and the p50 / p99 in ms of each; {@code null} for buckets without calls. */
    public record Percentiles(List<Long> t, List<Double> p50Ms, List<Double> p99Ms) {}

    /** The last {@link #BUCKETS} buckets, oldest first. */
    public Percentiles percentiles(String operation) {
        Series s = series.get(operation);
        long now = System.currentTimeMillis() / BUCKET_MILLIS;
        List<Long> t = new ArrayList<>();
        List<Double> p50 = new ArrayList<>();
        List<Double> p99 = new ArrayList<>();
        for (long bucket = now - BUCKETS + 1; bucket <= now; bucket++) {
            double[] p = s == null ? null : s.percentiles(bucket);
            t.add(bucket * BUCKET_MILLIS / 1000);
            p50.add(p == null ? null : p[0]);
            p99.add(p == null ? null : p[1]);
        }
        return new Percentiles(t, p50, p99);
    }

    private static final class Series {
        private final long[] ids = new long[BUCKETS];
        private final double[][] samples = new double[BUCKETS][];
        private final int[] counts = new int[BUCKETS];

        synchronized void add(long bucket, double millis) {
            int slot = (int) (bucket % BUCKETS);
            if (ids[slot] != bucket || samples[slot] == null) {
                ids[slot] = bucket;
                samples[slot] = new double[64];
                counts[slot] = 0;
            }
            if (counts[slot] == MAX_SAMPLES_PER_BUCKET) {
                return;
            }
            if (counts[slot] == samples[slot].length) {
                samples[slot] = Arrays.copyOf(samples[slot], samples[slot].length * 2);
            }
            samples[slot][counts[slot]++] = millis;
        }

        synchronized double[] percentiles(long bucket) {
            int slot = (int) (bucket % BUCKETS);
            if (ids[slot] != bucket || counts[slot] == 0) {
                return null;
            }
            double[] sorted = Arrays.copyOf(samples[slot], counts[slot]);
            Arrays.sort(sorted);
            return new double[] {at(sorted, 0.50), at(sorted, 0.99)};
        }

        private static double at(double[] sorted, double quantile) {
            int index = (int) Math.ceil(quantile * sorted.length) - 1;
            return Math.round(sorted[Math.max(0, index)] * 10) / 10.0;
        }
    }
}
