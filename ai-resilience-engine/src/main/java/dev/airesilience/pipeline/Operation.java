package dev.airesilience.pipeline;

import dev.airesilience.hedge.OperationHedging;
import dev.airesilience.recording.MetricsRecorder;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.function.Function;

/**
 * One operation name and what its calls share: its metrics and its pipeline, whose stages own the rest of its state
 * (the cooldown, the breaker...). Created once per name by the orchestrator's registry; thread-safe.
 */
public final class Operation {

    final String name;
    private static final VarHandle METRICS;
    private static final VarHandle HEDGING;

    static {
        try {
            METRICS = MethodHandles.lookup().findVarHandle(Operation.class, "metrics", MetricsRecorder.class);
            HEDGING = MethodHandles.lookup().findVarHandle(Operation.class, "hedging", OperationHedging.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /**
     * Null after {@code resetMetrics()}, until the next call: the operation then no longer counts as having metrics.
     * A volatile field set through a VarHandle rather than an AtomicReference: one object less per operation.
     */
    private volatile MetricsRecorder metrics;
    /** How often this operation's retries are logged at WARN. */
    final RetryWarnings retryWarnings = new RetryWarnings();
    final Pipeline pipeline;
    /** The hedge budget and latencies; null until the operation's first attempt with hedging on. */
    private volatile OperationHedging hedging;

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
        MetricsRecorder recorder = metrics;
        if (recorder != null) {
            return recorder;
        }
        MetricsRecorder fresh = new MetricsRecorder();
        return METRICS.compareAndSet(this, null, fresh) ? fresh : metrics;
    }

    /** What the operation's hedged attempts share, made on first use. */
    public OperationHedging hedging() {
        OperationHedging current = hedging;
        if (current != null) {
            return current;
        }
        OperationHedging fresh = new OperationHedging();
        return HEDGING.compareAndSet(this, null, fresh) ? fresh : hedging;
    }

    /** What the operation's hedged attempts share, or null when none has hedged yet. */
    public OperationHedging hedgingIfAny() {
        return hedging;
    }

    /** The recorder, or null when the operation has none (never called, or its metrics were reset). */
    public MetricsRecorder metricsIfAny() {
        return metrics;
    }

    /** Starts the operation's metrics again from zero ({@code fresh}), or forgets them ({@code null}). */
    public void replaceMetrics(MetricsRecorder fresh) {
        metrics = fresh;
    }
}
