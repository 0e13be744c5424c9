package dev.airesilience.recording;

import dev.airesilience.metrics.LatencySnapshot;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free log-scale histogram of microseconds: four buckets per power of two (about 19% relative
 * error), from 1 µs to about 2^40 µs. Allocated only when the operation records its first call, and then
 * only the rows of buckets that latencies fall into: an operation's latencies span a few powers of two, so it
 * keeps about 0.3 KB instead of 1.3 KB for all 160 buckets. The row table and the maximum are plain fields behind
 * {@link VarHandle}s rather than atomic wrapper objects: thousands of idle operations each keep one histogram.
 */
final class LatencyHistogram {

    private static final int SUB_BUCKET_BITS = 2;
    private static final int SUB_BUCKETS = 1 << SUB_BUCKET_BITS;
    private static final int MAX_EXPONENT = 40;
    private static final int BUCKETS = SUB_BUCKETS * MAX_EXPONENT;
    private static final int ROW_BITS = 4;
    private static final int ROW_SIZE = 1 << ROW_BITS;
    private static final int ROWS = BUCKETS / ROW_SIZE;

    private static final VarHandle ROW = MethodHandles.arrayElementVarHandle(AtomicLongArray[].class);
    private static final VarHandle MAX_MICROS;
    private static final VarHandle SUM_MICROS;

    static {
        try {
            MAX_MICROS = MethodHandles.lookup().findVarHandle(LatencyHistogram.class, "maxMicros", long.class);
            SUM_MICROS = MethodHandles.lookup().findVarHandle(LatencyHistogram.class, "sumMicros", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Rows of {@code ROW_SIZE} bucket counters, each created on first use; elements are read and set through ROW. */
    private final AtomicLongArray[] rows = new AtomicLongArray[ROWS];
    /**
     * The sum of the recorded microseconds, added with one atomic add, like the bucket. A {@code LongAdder}'s cells
     * gain nothing next to a bucket counter that concurrent calls increment anyway, and cost a CAS loop and an object.
     */
    @SuppressWarnings("unused") // through SUM_MICROS
    private volatile long sumMicros;
    private volatile long maxMicros;

    void recordNanos(long nanos) {
        long micros = Math.max(0, nanos / 1_000);
        int index = indexOf(micros);
        row(index >>> ROW_BITS).incrementAndGet(index & (ROW_SIZE - 1));
        SUM_MICROS.getAndAdd(this, micros);
        long max = maxMicros;
        while (micros > max && !MAX_MICROS.compareAndSet(this, max, micros)) {
            max = maxMicros;
        }
    }

    private AtomicLongArray row(int index) {
        AtomicLongArray row = rowAt(index);
        if (row != null) {
            return row;
        }
        AtomicLongArray fresh = new AtomicLongArray(ROW_SIZE);
        return ROW.compareAndSet(rows, index, null, fresh) ? fresh : rowAt(index);
    }

    private AtomicLongArray rowAt(int index) {
        return (AtomicLongArray) ROW.getAcquire(rows, index);
    }

    LatencySnapshot snapshot() {
        return snapshot(this, null);
    }

    /** How many latencies were recorded: the sum of the buckets (each only grows, so neither does this sum). */
    long count() {
        long count = 0;
        for (int r = 0; r < ROWS; r++) {
            AtomicLongArray row = rowAt(r);
            if (row != null) {
                for (int i = 0; i < ROW_SIZE; i++) {
                    count += row.get(i);
                }
            }
        }
        return count;
    }

    /**
     * The latencies of {@code a} and {@code b} together (either may be null), exactly as if one histogram had
     * recorded both: buckets, sums and counts add up, the maximum is the larger one.
     */
    static LatencySnapshot snapshot(LatencyHistogram a, LatencyHistogram b) {
        // Copy only the span of rows in use: metrics of thousands of operations are read at once.
        int first = Math.min(firstRow(a), firstRow(b));
        if (first == ROWS) {
            return LatencySnapshot.EMPTY;
        }
        int last = Math.max(lastRow(a), lastRow(b));
        long[] copy = new long[(last - first + 1) * ROW_SIZE];
        long count = addRows(a, copy, first, last) + addRows(b, copy, first, last);
        if (count == 0) {
            return LatencySnapshot.EMPTY;
        }
        int base = first << ROW_BITS;
        double max = Math.max(maxMicros(a), maxMicros(b)) / 1000.0;
        return new LatencySnapshot(count, (sumMicros(a) + sumMicros(b)) / 1000.0 / count,
                Math.min(max, percentile(copy, base, count, 0.50)), Math.min(max, percentile(copy, base, count, 0.95)),
                Math.min(max, percentile(copy, base, count, 0.99)), max);
    }

    /** The first row in use, or {@code ROWS}. */
    private static int firstRow(LatencyHistogram histogram) {
        int first = 0;
        while (histogram != null && first < ROWS && histogram.rowAt(first) == null) {
            first++;
        }
        return histogram == null ? ROWS : first;
    }

    /** The last row in use, or -1. */
    private static int lastRow(LatencyHistogram histogram) {
        int last = ROWS - 1;
        while (histogram != null && last >= 0 && histogram.rowAt(last) == null) {
            last--;
        }
        return histogram == null ? -1 : last;
    }

    /** Adds the buckets of rows {@code first..last} into {@code copy}; returns how many it added. */
    private static long addRows(LatencyHistogram histogram, long[] copy, int first, int last) {
        if (histogram == null) {
            return 0;
        }
        long count = 0;
        for (int r = first; r <= last; r++) {
            AtomicLongArray row = histogram.rowAt(r);
            if (row == null) {
                continue;
            }
            for (int i = 0; i < ROW_SIZE; i++) {
                long bucket = row.get(i);
                copy[((r - first) << ROW_BITS) + i] += bucket;
                count += bucket;
            }
        }
        return count;
    }

    private static long sumMicros(LatencyHistogram histogram) {
        return histogram == null ? 0 : histogram.sumMicros;
    }

    private static long maxMicros(LatencyHistogram histogram) {
        return histogram == null ? 0 : histogram.maxMicros;
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
