package dev.airesilience.throttle;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A count over the last {@code n} seconds: a ring of one-second buckets, each one long holding its second (high
 * 32 bits) and its count (low 32 bits), so moving a bucket to a new second and counting in it is one compare-and-set:
 * exact under contention, without a lock.
 */
final class SlidingCounter {

    private static final long COUNT = 0xFFFF_FFFFL;

    private final AtomicLongArray buckets;

    SlidingCounter(int seconds) {
        // Second 0 with count 0 in every bucket: an empty window at the start.
        this.buckets = new AtomicLongArray(seconds);
    }

    int length() {
        return buckets.length();
    }

    /**
     * Adds {@code delta} (+1, or -1 to give a count back) in second {@code second}. A bucket already moved past it
     * (a thread that read the clock a whole window earlier) ignores it: that second is out of the window anyway.
     */
    void add(long second, int delta) {
        int index = (int) (second % buckets.length());
        while (true) {
            long bucket = buckets.get(index);
            long bucketSecond = bucket >>> 32;
            long next;
            if (bucketSecond == second) {
                long count = (bucket & COUNT) + delta;
                if (count < 0 || count > COUNT) {
                    return; // a give-back after the bucket moved on, or an overflow nobody will see
                }
                next = (second << 32) | count;
            } else if (bucketSecond < second) {
                if (delta < 0) {
                    return; // what it would give back has left the window
                }
                next = (second << 32) | delta;
            } else {
                return;
            }
            if (buckets.compareAndSet(index, bucket, next)) {
                return;
            }
        }
    }

    /** The count over the window ending with second {@code second}. */
    long sum(long second) {
        long total = 0;
        int n = buckets.length();
        for (int i = 0; i < n; i++) {
            long bucket = buckets.get(i);
            long age = second - (bucket >>> 32);
            if (age >= 0 && age < n) {
                total += bucket & COUNT;
            }
        }
        return total;
    }
}
