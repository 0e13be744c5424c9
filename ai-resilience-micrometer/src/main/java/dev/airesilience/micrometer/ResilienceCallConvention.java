package dev.airesilience.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and keys of {@code ai.resilience.call} observations; implement it to change or add tags. */
public interface ResilienceCallConvention extends ObservationConvention<ResilienceCallContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ResilienceCallContext;
    }
}
