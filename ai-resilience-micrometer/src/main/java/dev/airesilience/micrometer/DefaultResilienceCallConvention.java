package dev.airesilience.micrometer;

import dev.airesilience.micrometer.ResilienceObservations.HighCardinalityKeys;
import dev.airesilience.micrometer.ResilienceObservations.LowCardinalityKeys;
import io.micrometer.common.KeyValues;

/** {@code ai.resilience.call}, span {@code resilience <operation>}; see {@link ResilienceObservations}. */
public class DefaultResilienceCallConvention implements ResilienceCallConvention {

    public static final String NAME = "ai.resilience.call";

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public String getContextualName(ResilienceCallContext context) {
        return "resilience " + context.getOperation();
    }

    @Override
    public KeyValues getLowCardinalityKeyValues(ResilienceCallContext context) {
        return KeyValues.of(LowCardinalityKeys.OPERATION.withValue(context.getOperation()),
                LowCardinalityKeys.STRATEGY.withValue(context.getStrategy()),
                LowCardinalityKeys.OUTCOME.withValue(context.getOutcome()),
                LowCardinalityKeys.REASON.withValue(context.getReason()));
    }

    @Override
    public KeyValues getHighCardinalityKeyValues(ResilienceCallContext context) {
        return KeyValues.of(HighCardinalityKeys.ATTEMPTS.withValue(Integer.toString(context.getAttempts())));
    }
}
