package dev.airesilience.micrometer;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The Observations {@link ObservationCallInstrumentation} makes: one per logical call, and one per attempt as its
 * child. As in Spring AI's {@code gen_ai.client.operation}, low-cardinality keys become meter tags and span
 * attributes, high-cardinality keys only span attributes; a failure is the observation's error (Micrometer's meter
 * handler tags it {@code error}, tracing records it on the span).
 *
 * <table>
 *   <caption>Observations</caption>
 *   <tr><th>name</th><th>span name</th><th>low cardinality</th><th>high cardinality</th></tr>
 *   <tr><td>ai.resilience.call</td><td>resilience &lt;operation&gt;</td>
 *       <td>operation, strategy, outcome, reason</td><td>attempts</td></tr>
 *   <tr><td>ai.resilience.attempt</td><td>attempt &lt;operation&gt;</td>
 *       <td>operation, strategy, outcome, reason</td><td>attempt</td></tr>
 * </table>
 */
public enum ResilienceObservations implements ObservationDocumentation {

    /** A logical call: its attempts, backoff waits and fallback. */
    CALL {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultResilienceCallConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] {HighCardinalityKeys.ATTEMPTS};
        }
    },

    /** One invocation of the protected function; current while the function runs. */
    ATTEMPT {
        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultResilienceAttemptConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeys.values();
        }

        @Override
        public KeyName[] getHighCardinalityKeyNames() {
            return new KeyName[] {HighCardinalityKeys.ATTEMPT};
        }
    };

    /** Bounded values: operation names come from code, the others from small sets. */
    public enum LowCardinalityKeys implements KeyName {
        /** The operation's name, as for the meters of {@link ResilienceMeters}. */
        OPERATION {
            @Override
            public String asString() {
                return "operation";
            }
        },
        /** The strategy of the call's configuration: aggressive, balanced, conservative, critical. */
        STRATEGY {
            @Override
            public String asString() {
                return "strategy";
            }
        },
        /**
         * Call: success, failure, rejected, fallback (as the tags of {@link ResilienceMeters#CALL_DURATION}). Attempt: success, failure.
         * {@code unknown} while running.
         */
        OUTCOME {
            @Override
            public String asString() {
                return "outcome";
            }
        },
        /**
         * {@code none} for a success. Call: retries_exhausted, permanent_failure, circuit_open, rate_limited,
         * client_throttled, retry_budget, aborted.
         * Attempt: transient, rate_limited, permanent, timeout, aborted.
         */
        REASON {
            @Override
            public String asString() {
                return "reason";
            }
        }
    }

    /** Values that would multiply time series: span attributes only. */
    public enum HighCardinalityKeys implements KeyName {
        /** Call: the number of attempts it made (0 when rejected). */
        ATTEMPTS {
            @Override
            public String asString() {
                return "attempts";
            }
        },
        /** Attempt: its number, 1 for the first. */
        ATTEMPT {
            @Override
            public String asString() {
                return "attempt";
            }
        }
    }
}
