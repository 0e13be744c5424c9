package dev.airesilience.hedge;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The operation's last {@link #SIZE} successful request latencies, and a percentile of them, for the hedge delay.
 * Not the metrics' histogram: that one times whole calls (retries and backoff included), never forgets, and is reset
 * with the metrics; a hedge delay needs the latency of one request to the provider as it is now.
 *
 * <p>Recording is one atomic increment and one store into a ring, with no lock; the percentile is recomputed (a copy
 * and a sort of at most 128 longs) only after {@link #REFRESH} new samples, so an attempt reads a cached value. A
 * reader racing a writer may see a ring that mixes a few old and new samples, which is good enough for an estimate.
 * No percentile is given before {@link #MIN_SAMPLES} latencies are known: then the operation does not hedge.
 */
public final class RecentLatencies {

    /** Latencies kept: enough for a p99 (the second largest), 1 KB per operation that hedges by percentile. */
    public static final int SIZE = 128;
    /** Latencies needed before a percentile is given. */
    public static final int MIN_SAMPLES = 20;
    /** New latencies after which the percentile is computed again. */
    static final int REFRESH = 8;

    private final AtomicLongArray ring = new AtomicLongArray(SIZE);
    private final AtomicLong recorded = new AtomicLong();
    private volatile Cached cached;

    /** A successful request took {@code nanos}. */
    public void record(long nanos) {
        long index = recorded.getAndIncrement();
        ring.set((int) (index % SIZE), Math.max(0, nanos));
    }

    /** How many latencies were recorded so far. */
    public long count() {
        return recorded.get();
    }

    /**
     * The {@code percentile} (0-100, exclusive of 0) of the kept latencies by nearest rank, in nanoseconds; -1 while
     * fewer than {@link #MIN_SAMPLES} are known.
     */
    public long percentileNanos(double percentile) {
        long count = recorded.get();
        if (count < MIN_SAMPLES) {
            return -1;
        }
        Cached current = cached;
        if (current != null && current.percentile == percentile && count - current.count < REFRESH) {
            return current.nanos;
        }
        int kept = (int) Math.min(count, SIZE);
        long[] sorted = new long[kept];
        for (int i = 0; i < kept; i++) {
            sorted[i] = ring.get(i);
        }
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(percentile / 100 * kept);
        long nanos = sorted[Math.max(0, Math.min(kept, rank) - 1)];
        cached = new Cached(percentile, count, nanos);
        return nanos;
    }

    private record Cached(double percentile, long count, long nanos) {}
}
