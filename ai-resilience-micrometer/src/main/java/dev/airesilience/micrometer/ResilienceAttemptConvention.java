package dev.airesilience.micrometer;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/** Names and keys of {@code ai.resilience.attempt} observations; implement it to change or add tags. */
public interface ResilienceAttemptConvention extends ObservationConvention<ResilienceAttemptContext> {

    @Override
    default boolean supportsContext(Observation.Context context) {
        return context instanceof ResilienceAttemptContext;
    }
}
