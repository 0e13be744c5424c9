package dev.airesilience.pipeline;

import dev.airesilience.internal.MetricsRecorder;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * One operation name and what its calls share: its metrics and its pipeline, whose stages own the rest of its state
 * (the cooldown, the breaker...). Created once per name by the orchestrator's registry; thread-safe.
 */
public final class Operation {

    final String name;
    /** Null after {@code resetMetrics()}, until the next call: the operation then no longer counts as having metrics. */
    private final AtomicReference<MetricsRecorder> metrics = new AtomicReference<>();
    /** How often this operation's retries are logged at WARN. */
    final RetryWarnings retryWarnings = new RetryWarnings();
    final Pipeline pipeline;

    /** {@code stages} builds the operation's pipeline; a stage that keeps per-operation state gets this operation. */
    public Operation(String name, Function<Operation, Pipeline> stages) {
        this.name = name;
        this.pipeline = stages.apply(this);
    }

    public String name() {
        return name;
    }

    public Pipeline pipeline() {
        return pipeline;
    }

    /** The operation's recorder, created on first use. */
    public MetricsRecorder metrics() {
        MetricsRecorder recorder = metrics.get();
        if (recorder != null) {
            return recorder;
        }
        MetricsRecorder fresh = new MetricsRecorder();
        return metrics.compareAndSet(null, fresh) ? fresh : metrics.get();
    }

    /** The recorder, or null when the operation has none (never called, or its metrics were reset). */
    public MetricsRecorder metricsIfAny() {
        return metrics.get();
    }

    /** Starts the operation's metrics again from zero ({@code fresh}), or forgets them ({@code null}). */
    public void replaceMetrics(MetricsRecorder fresh) {
        metrics.set(fresh);
    }
}
