package dev.airesilience.micrometer;

import dev.airesilience.micrometer.ResilienceObservations.HighCardinalityKeys;
import dev.airesilience.micrometer.ResilienceObservations.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/** {@code ai.resilience.attempt}, span {@code attempt <operation>}; see {@link ResilienceObservations}. */
public class DefaultResilienceAttemptConvention implements ResilienceAttemptConvention {

    public static final String NAME = "ai.resilience.attempt";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ResilienceAttemptContext context) {
        return "attempt " + context.getOperation();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ResilienceAttemptContext context) {
        return KeyValues.of(LowCardinalityKeys.OPERATION.withValue(context.getOperation()),
                LowCardinalityKeys.STRATEGY.withValue(context.getStrategy()),
                LowCardinalityKeys.OUTCOME.withValue(context.getOutcome()),
                LowCardinalityKeys.REASON.withValue(context.getReason()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ResilienceAttemptContext context) {
        return KeyValues.of(HighCardinalityKeys.ATTEMPT.withValue(Integer.toString(context.getAttempt())));
    }
}
