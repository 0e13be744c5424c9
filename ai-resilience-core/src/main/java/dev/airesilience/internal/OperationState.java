package dev.airesilience.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicReference;

/** Everything the orchestrator keeps for one operation name. Created once per name; thread-safe. */
final class OperationState {

    final String name;
    /** Null after {@code resetMetrics()}, until the next call: the operation then no longer counts as having metrics. */
    final AtomicReference<MetricsRecorder> metrics = new AtomicReference<>();
    final AtomicReference<OperationBreaker> breaker = new AtomicReference<>();
    /** Monotonic time until which a provider rate limit (Retry-After) holds every caller of this operation. */
    final AtomicLong cooldownUntilNanos = new AtomicLong(Long.MIN_VALUE);
    /** How often this operation's retries are logged at WARN. */
    final RetryWarnings retryWarnings = new RetryWarnings();

    /** The stages every call of this operation runs through; they keep the state above for their concern. */
    final Pipeline pipeline;

    OperationState(String name, Function<OperationState, Pipeline> pipeline) {
        this.name = name;
        this.pipeline = pipeline.apply(this);
    }

    MetricsRecorder metrics() {
        MetricsRecorder recorder = metrics.get();
        if (recorder != null) {
            return recorder;
        }
        MetricsRecorder fresh = new MetricsRecorder();
        return metrics.compareAndSet(null, fresh) ? fresh : metrics.get();
    }

    /** Extends the shared cooldown to {@code untilNanos} unless it already lasts longer. */
    void extendCooldown(long untilNanos) {
        cooldownUntilNanos.accumulateAndGet(untilNanos, Math::max);
    }
}
