package dev.airesilience.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.docs.MeterDocumentation;
import java.util.List;
import java.util.Locale;

/**
 * Every meter {@link ResilienceMeterBinder} registers: name, type, base unit, tags and meaning. Names are
 * dotted lower case; registries translate them (Prometheus: {@code ai_resilience_attempts_total}). Tag values
 * are bounded: {@code operation} comes from code (operation names, capped by the orchestrator's
 * {@code maxOperations}), the others from small enums.
 *
 * <table>
 *   <caption>Meters</caption>
 *   <tr><th>name</th><th>type</th><th>tags</th><th>Prometheus</th></tr>
 *   <tr><td>ai.resilience.call.duration</td><td>timer (percentile histogram)</td>
 *       <td>operation, strategy, outcome, reason</td>
 *       <td>ai_resilience_call_duration_seconds_bucket/_count/_sum (the count is the number of calls)</td></tr>
 *   <tr><td>ai.resilience.attempts</td><td>counter</td><td>operation, strategy</td>
 *       <td>ai_resilience_attempts_total</td></tr>
 *   <tr><td>ai.resilience.retries</td><td>counter</td><td>operation</td><td>ai_resilience_retries_total</td></tr>
 *   <tr><td>ai.resilience.circuit.state</td><td>gauge</td><td>operation</td><td>ai_resilience_circuit_state</td></tr>
 *   <tr><td>ai.resilience.cooldown.remaining</td><td>gauge</td><td>operation</td>
 *       <td>ai_resilience_cooldown_remaining_seconds</td></tr>
 *   <tr><td>ai.resilience.quota.remaining</td><td>gauge</td><td>operation, kind</td>
 *       <td>ai_resilience_quota_remaining</td></tr>
 *   <tr><td>ai.resilience.shared.state.available</td><td>gauge</td><td></td>
 *       <td>ai_resilience_shared_state_available</td></tr>
 *   <tr><td>ai.resilience.shared.state.failures</td><td>counter</td><td></td>
 *       <td>ai_resilience_shared_state_failures_total</td></tr>
 *   <tr><td>ai.resilience.circuit.transitions</td><td>counter</td><td>operation, from, to</td>
 *       <td>ai_resilience_circuit_transitions_total</td></tr>
 *   <tr><td>ai.resilience.hedges</td><td>counter</td><td>operation</td><td>ai_resilience_hedges_total</td></tr>
 *   <tr><td>ai.resilience.hedges.won</td><td>counter</td><td>operation</td>
 *       <td>ai_resilience_hedges_won_total</td></tr>
 * </table>
 *
 * <p>Implements Micrometer's {@link MeterDocumentation}, so Micrometer's documentation tooling can read it.
 */
public enum ResilienceMeters implements MeterDocumentation {

    /**
     * Logical calls, one per call whatever the number of attempts, by how they ended and why; the timer's count is
     * the number of calls (there is no separate call counter to disagree with it), its time the wall time of the
     * whole call, backoff waits included, published as a percentile histogram.
     */
    CALL_DURATION("ai.resilience.call.duration", Meter.Type.TIMER, "seconds",
            "Logical calls by outcome and reason, and their wall time, backoff included",
            TagKey.OPERATION, TagKey.STRATEGY, TagKey.OUTCOME, TagKey.REASON),

    /**
     * Streamed calls only: from the start of the logical call (retries and their waits included) to its first
     * element, published as a percentile histogram.
     */
    TIME_TO_FIRST_TOKEN("ai.resilience.time.to.first.token", Meter.Type.TIMER, "seconds",
            "Time from the start of a streamed call to its first element, retries included",
            TagKey.OPERATION),

    /** Invocations of the protected function; attempts minus calls is the work retries added. */
    ATTEMPTS("ai.resilience.attempts", Meter.Type.COUNTER, "attempts",
            "Invocations of the protected function (0 for a rejected call)",
            TagKey.OPERATION, TagKey.STRATEGY),

    /**
     * Re-attempts made (attempts after the first), counted when the logical call completes: equal to the core's
     * {@code retry_attempts} once calls have completed. A retry scheduled but never made (the call was cancelled
     * during its backoff) is not counted.
     */
    RETRIES("ai.resilience.retries", Meter.Type.COUNTER, "retries",
            "Re-attempts made after a transient failure (attempts after the first), counted when the call completes",
            TagKey.OPERATION),

    /** The circuit state: 0 closed, 1 open, 2 half-open (an open circuit past its recovery timeout reads 2). */
    CIRCUIT_STATE("ai.resilience.circuit.state", Meter.Type.GAUGE, null,
            "Circuit breaker state: 0 closed, 1 open, 2 half-open",
            TagKey.OPERATION),

    /**
     * How long a provider's rate limit still holds the operation (its cooldown after a 429 with {@code Retry-After}),
     * 0 when none does: beside the circuit state, so a cooling operation is seen wherever an open one is.
     */
    COOLDOWN_REMAINING("ai.resilience.cooldown.remaining", Meter.Type.GAUGE, "seconds",
            "Time until the provider's rate limit on the operation ends; 0 when it is not cooling down",
            TagKey.OPERATION),

    /** A route target's quota left (operations {@code target:<name>} only); NaN for a kind its quota does not limit. */
    QUOTA_REMAINING("ai.resilience.quota.remaining", Meter.Type.GAUGE, null,
            "What a route target's quota has left in the rolling minute, by kind (requests, tokens)",
            TagKey.OPERATION, TagKey.KIND),

    /**
     * Whether the state shared with other instances (Redis) is reachable: 1 yes, 0 no (calls go on with local state),
     * NaN when nothing is shared. One per orchestrator, not per operation.
     */
    SHARED_STATE_AVAILABLE("ai.resilience.shared.state.available", Meter.Type.GAUGE, null,
            "Whether the shared state (Redis) is reachable: 1 yes, 0 no; NaN when nothing is shared"),

    /** Facts that could not be shared since the instance started; each call concerned went on with local state. */
    SHARED_STATE_FAILURES("ai.resilience.shared.state.failures", Meter.Type.COUNTER, "failures",
            "Facts (cooldowns) this instance could not share because the shared state was away or slow"),

    /** Circuit state changes; manual resets are not transitions. */
    CIRCUIT_TRANSITIONS("ai.resilience.circuit.transitions", Meter.Type.COUNTER, "transitions",
            "Circuit breaker state transitions",
            TagKey.OPERATION, TagKey.FROM, TagKey.TO),

    /**
     * Hedged requests sent (provider requests besides each attempt's first), counted from the same events as the
     * core's {@code hedges}; registered by the operation's first hedge.
     */
    HEDGES("ai.resilience.hedges", Meter.Type.COUNTER, "requests",
            "Hedged requests sent: provider requests besides each attempt's first",
            TagKey.OPERATION),

    /** Attempts a hedge answered (it beat the attempt's first request); registered with {@link #HEDGES}. */
    HEDGES_WON("ai.resilience.hedges.won", Meter.Type.COUNTER, "attempts",
            "Attempts answered by a hedge rather than by their first request",
            TagKey.OPERATION);

    /** The tag keys, with their possible values. */
    public enum TagKey implements KeyName {
        /** The operation name, from {@code @Resilient}, a decorator or configuration; never user input. */
        OPERATION("operation"),
        /** {@code aggressive}, {@code balanced}, {@code conservative} or {@code critical}. */
        STRATEGY("strategy"),
        /**
         * {@code success}; {@code failure} (the caller got an exception after the function ran); {@code rejected}
         * (refused before any attempt, no fallback); {@code fallback} (failed or rejected, and a fallback answered).
         */
        OUTCOME("outcome"),
        /**
         * Why: {@code none} for a success; {@code circuit_open}, {@code rate_limited} (our cooldown) and
         * {@code client_throttled} (our adaptive throttle) for calls refused before any attempt; {@code throttled}
         * (the provider's 429 ended the call), {@code permanent} (401, 400...), {@code exhausted} (transient failures
         * used up attempts or budget), {@code retry_budget} (the operation's retry budget stopped the retries),
         * {@code timeout} (the last attempt timed out) and {@code aborted} (interrupted, cancelled, closed) for calls
         * that ran.
         */
        REASON("reason"),
        /** The state left: {@code closed}, {@code open} or {@code half-open}. */
        FROM("from"),
        /** The state entered: {@code closed}, {@code open} or {@code half-open}. */
        TO("to"),
        /** What a quota counts: {@code requests} or {@code tokens}. */
        KIND("kind");

        private final String key;

        TagKey(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }

        @Override
        public String asString() {
            return key;
        }
    }

    private final String meterName;
    private final Meter.Type type;
    private final String baseUnit;
    private final String description;
    private final List<TagKey> tagKeys;

    ResilienceMeters(String meterName, Meter.Type type, String baseUnit, String description, TagKey... tagKeys) {
        this.meterName = meterName;
        this.type = type;
        this.baseUnit = baseUnit;
        this.description = description;
        this.tagKeys = List.of(tagKeys);
    }

    /** The dotted lower-case meter name, as registered. */
    public String meterName() {
        return meterName;
    }

    public Meter.Type type() {
        return type;
    }

    /** The base unit, or {@code null} for a unitless gauge. */
    public String baseUnit() {
        return baseUnit;
    }

    public String description() {
        return description;
    }

    /** The tag keys, besides any common tags given to the binder. */
    public List<TagKey> tagKeys() {
        return tagKeys;
    }

    @Override
    public String getName() {
        return meterName;
    }

    @Override
    public Meter.Type getType() {
        return type;
    }

    @Override
    public String getBaseUnit() {
        return baseUnit;
    }

    @Override
    public KeyName[] getKeyNames() {
        return tagKeys.toArray(new KeyName[0]);
    }

    @Override
    public String toString() {
        return meterName + " (" + type.name().toLowerCase(Locale.ROOT) + ")";
    }
}
