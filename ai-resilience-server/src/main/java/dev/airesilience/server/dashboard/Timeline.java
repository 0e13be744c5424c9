package dev.airesilience.server.dashboard;

import dev.airesilience.health.CircuitState;
import dev.airesilience.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dashboard's memory of what happened: a bounded ring of circuit transitions, rejection runs and rate limits,
 * newest last, plus what the timeline implies now (each operation's rate-limit cooldown and last circuit state).
 *
 * <p>Rejections and rate limits come in bursts (thousands a second during an outage), so consecutive ones of an
 * operation with the same reason are one entry with a count, until something else happens to that operation or
 * the run pauses for {@link #RUN_GAP}. Fed by {@link DashboardListener} on the calling threads: every method is
 * short and synchronized, and nothing in here calls out.
 */
final class Timeline {

    /** A rejection or rate-limit run ends when none came for this long. */
    static final Duration RUN_GAP = Duration.ofSeconds(5);

    static final Duration MAX_RETRY_AFTER = Duration.ofHours(24);

    /** Why a call was turned away without reaching the provider (wire names). */
    static final String CIRCUIT_OPEN = "circuit_open";
    static final String RATE_LIMITED = "rate_limited";

    /** One timeline line; {@code count} and {@code lastAt} grow while a run goes on. */
    record Entry(long sequence, Instant at, Instant lastAt, String operation, String kind, String from, String to,
            String reason, long count, Long retryAfterMillis) {}

    /** A rate-limit cooldown still holding an operation. */
    record Cooldown(Instant until, long remainingMillis) {}

    private final TimeSource time;
    private final int capacity;
    private final Deque<Run> entries = new ArrayDeque<>();
    private final Map<String, Run> openRuns = new HashMap<>();
    private final Map<String, Long> cooldownUntilNanos = new HashMap<>();
    private long sequence;

    Timeline(TimeSource time, int capacity) {
        this.time = time;
        this.capacity = capacity;
    }

    synchronized void transition(String operation, CircuitState from, CircuitState to, Instant at) {
        openRuns.values().removeIf(run -> run.operation.equals(operation));
        append(new Run(++sequence, at, operation, "transition", from.wireName(), to.wireName(), null, null));
    }

    /** A call was rejected before any attempt, for {@code reason} (a {@code CallReason} tag). */
    synchronized void rejection(String operation, String reason) {
        run(operation, "rejection", reason, null, time.nanoTime());
    }

    /** The provider rate-limited an attempt and asked for {@code retryAfter}: every caller waits that long. */
    synchronized void rateLimited(String operation, Duration retryAfter) {
        if (retryAfter.compareTo(MAX_RETRY_AFTER) > 0) {
            retryAfter = MAX_RETRY_AFTER; // the core caps it too; keeps the arithmetic in range
        }
        long now = time.nanoTime();
        long until = now + retryAfter.toNanos();
        cooldownUntilNanos.merge(operation, until, Math::max);
        run(operation, "rate_limit", RATE_LIMITED, retryAfter.toMillis(), now);
    }

    /** The operation's cooldown, if one still holds it. */
    synchronized Cooldown cooldown(String operation) {
        long now = time.nanoTime();
        long remaining = cooldownRemainingNanos(operation, now);
        if (remaining <= 0) {
            cooldownUntilNanos.remove(operation);
            return null;
        }
        return new Cooldown(time.now().plusNanos(remaining), Duration.ofNanos(remaining).toMillis());
    }

    /** The newest entries, newest first, at most {@code limit}. */
    synchronized List<Entry> newest(int limit) {
        List<Entry> out = new ArrayList<>();
        var it = entries.descendingIterator();
        while (it.hasNext() && out.size() < limit) {
            out.add(it.next().entry());
        }
        return out;
    }

    /** The newest rejection run of an operation that is still going on, or null. */
    synchronized Entry activeRejection(String operation) {
        Run run = openRuns.get(operation + "\u0000rejection");
        return run == null || time.nanoTime() - run.lastNanos > RUN_GAP.toNanos() ? null : run.entry();
    }

    private long cooldownRemainingNanos(String operation, long now) {
        Long until = cooldownUntilNanos.get(operation);
        return until == null ? 0 : until - now;
    }

    private void run(String operation, String kind, String reason, Long retryAfterMillis, long now) {
        String key = operation + "\u0000" + kind;
        Run run = openRuns.get(key);
        if (run != null && reason.equals(run.reason) && now - run.lastNanos <= RUN_GAP.toNanos()) {
            run.count++;
            run.lastNanos = now;
            run.lastAt = time.now();
            if (retryAfterMillis != null) {
                run.retryAfterMillis = retryAfterMillis;
            }
            return;
        }
        run = new Run(++sequence, time.now(), operation, kind, null, null, reason, retryAfterMillis);
        run.lastNanos = now;
        openRuns.put(key, run);
        append(run);
    }

    private void append(Run run) {
        entries.addLast(run);
        if (entries.size() > capacity) {
            Run evicted = entries.removeFirst();
            openRuns.values().remove(evicted);
        }
    }

    /** A timeline line while it may still grow. */
    private static final class Run {
        final long sequence;
        final Instant at;
        final String operation;
        final String kind;
        final String from;
        final String to;
        final String reason;
        Instant lastAt;
        long lastNanos;
        long count = 1;
        Long retryAfterMillis;

        Run(long sequence, Instant at, String operation, String kind, String from, String to, String reason,
                Long retryAfterMillis) {
            this.sequence = sequence;
            this.at = at;
            this.lastAt = at;
            this.operation = operation;
            this.kind = kind;
            this.from = from;
            this.to = to;
            this.reason = reason;
            this.retryAfterMillis = retryAfterMillis;
        }

        Entry entry() {
            return new Entry(sequence, at, lastAt, operation, kind, from, to, reason, count, retryAfterMillis);
        }
    }
}
