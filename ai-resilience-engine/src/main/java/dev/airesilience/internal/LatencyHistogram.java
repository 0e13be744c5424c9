package dev.airesilience.internal;

import dev.airesilience.metrics.LatencySnapshot;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A lock-free log-scale histogram of microseconds: four buckets per power of two (about 19% relative
 * error), from 1 µs to about 2^40 µs. Allocated only when the operation records its first call, and then
 * only the rows of buckets that latencies fall into: an operation's latencies span a few powers of two, so it
 * keeps about 0.3 KB instead of 1.3 KB for all 160 buckets (every operation keeps two histograms).
 */
final class LatencyHistogram {

    private static final int SUB_BUCKET_BITS = 2;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int MAX_EXPONENT = 40;
    private static final int BUCKETS = SUB_BUCKETS * MAX_EXPONENT;
    private static final int ROW_BITS = 4;
    private static final int ROW_SIZE = 1 << ROW_BITS;
    private static final int ROWS = BUCKETS / ROW_SIZE;

    /** Rows of {@code ROW_SIZE} bucket counters, created on first use. */
    private final AtomicReferenceArray<AtomicLongArray> rows = new AtomicReferenceArray<>(ROWS);
    private final LongAdder sumMicros = new LongAdder();
    private final AtomicLong maxMicros = new AtomicLong();

    void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        int index = indexOf(micros);
        row(index >>> ROW_BITS).incrementAndGet(index & (ROW_SIZE - 1));
        sumMicros.add(micros);
        long max = maxMicros.get();
        while (micros > max && !maxMicros.compareAndSet(max, micros)) {
            max = maxMicros.get();
        }
    }

    private AtomicLongArray row(int index) {
        AtomicLongArray row = rows.get(index);
        if (row != null) {
            return row;
        }
        AtomicLongArray fresh = new AtomicLongArray(ROW_SIZE);
        return rows.compareAndSet(index, null, fresh) ? fresh : rows.get(index);
    }

    LatencySnapshot snapshot() {
        // Copy only the span of rows in use: metrics of thousands of operations are read at once.
        int first = 0;
        while (first < ROWS && rows.get(first) == null) {
            first++;
        }
        if (first == ROWS) {
            return LatencySnapshot.EMPTY;
        }
        int last = ROWS - 1;
        while (rows.get(last) == null) {
            last--;
        }
        long[] copy = new long[(last - first + 1) * ROW_SIZE];
        long count = 0;
        for (int r = first; r <= last; r++) {
            AtomicLongArray row = rows.get(r);
            if (row == null) {
                continue;
            }
            for (int i = 0; i < ROW_SIZE; i++) {
                long bucket = row.get(i);
                copy[((r - first) << ROW_BITS) + i] = bucket;
                count += bucket;
            }
        }
        if (count == 0) {
            return LatencySnapshot.EMPTY;
        }
        int base = first << ROW_BITS;
        double max = maxMicros.get() / 1000.0;
        return new LatencySnapshot(count, sumMicros.sum() / 1000.0 / count,
                Math.min(max, percentile(copy, base, count, 0.50)), Math.min(max, percentile(copy, base, count, 0.95)),
                Math.min(max, percentile(copy, base, count, 0.99)), max);
    }

    static int indexOf(long micros) {
        if (micros < SUB_BUCKETS) {
            return (int) micros;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(micros);
        int sub = (int) (micros >>> (exponent - SUB_BUCKET_BITS)) & (SUB_BUCKETS - 1);
        int index = (exponent - SUB_BUCKET_BITS + 1) * SUB_BUCKETS + sub;
        return Math.min(index, BUCKETS - 1);
    }

    /** The middle of bucket {@code index}, in microseconds. */
    static double midpointMicros(int index) {
        if (index < SUB_BUCKETS) {
            return index;
        }
        int exponent = index / SUB_BUCKETS + SUB_BUCKET_BITS - 1;
        int sub = index % SUB_BUCKETS;
        double width = Math.pow(2, exponent - SUB_BUCKET_BITS);
        return Math.pow(2, exponent) + sub * width + width / 2;
    }

    /** The percentile of bucket counts {@code counts}, whose first element is bucket {@code base}. */
    private static double percentile(long[] counts, int base, long total, double quantile) {
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return midpointMicros(base + i) / 1000.0;
            }
        }
        return midpointMicros(BUCKETS - 1) / 1000.0;
    }
}
