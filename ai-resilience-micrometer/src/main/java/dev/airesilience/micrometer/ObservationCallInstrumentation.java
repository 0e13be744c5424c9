package dev.airesilience.micrometer;

import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.context.CallInstrumentation;
import dev.airesilience.context.ContextScope;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;

/**
 * Micrometer Observations for every call ({@code ai.resilience.call}) and attempt ({@code ai.resilience.attempt}, a
 * child of its call); see {@link ResilienceObservations} for names and keys. The call's parent is the observation
 * current on the caller's thread when it starts; the attempt is current while the function runs, so an HTTP client
 * observation (a span) made inside the function is the attempt's child.
 *
 * <pre>{@code
 * AIServiceResilience resilience = AIServiceResilience.builder()
 *         .instrumentation(new ObservationCallInstrumentation(observationRegistry))
 *         .contextPropagator(ContextSnapshotPropagator.create())
 *         .build();
 * }</pre>
 */
public final class ObservationCallInstrumentation implements CallInstrumentation {

    private static final ResilienceCallConvention DEFAULT_CALL = new DefaultResilienceCallConvention();
    private static final ResilienceAttemptConvention DEFAULT_ATTEMPT = new DefaultResilienceAttemptConvention();

    private final ObservationRegistry registry;
    private final ResilienceCallConvention callConvention;
    private final ResilienceAttemptConvention attemptConvention;

    public ObservationCallInstrumentation(ObservationRegistry registry) {
        this(registry, null, null);
    }

    /** With custom conventions; null for the default of either. */
    public ObservationCallInstrumentation(ObservationRegistry registry, ResilienceCallConvention callConvention,
            ResilienceAttemptConvention attemptConvention) {
        if (registry == null) {
            throw new IllegalArgumentException("registry must not be null");
        }
        this.registry = registry;
        this.callConvention = callConvention;
        this.attemptConvention = attemptConvention;
    }

    @Override
    public CallObservation callStarted(String operation, ResilienceStrategy strategy) {
        String strategyName = strategy == null ? "custom" : strategy.wireName();
        ResilienceCallContext context = new ResilienceCallContext(operation, strategyName);
        Observation call = ResilienceObservations.CALL
                .observation(callConvention, DEFAULT_CALL, () -> context, registry)
                .start();
        return new Call(call, context);
    }

    @Override
    public String toString() {
        return "ObservationCallInstrumentation[" + registry + "]";
    }

    private final class Call implements CallObservation {
        private final Observation observation;
        private final ResilienceCallContext context;

        Call(Observation observation, ResilienceCallContext context) {
            this.observation = observation;
            this.context = context;
        }

        @Override
        public AttemptObservation attemptStarted(int number) {
            context.attemptStarted(number);
            ResilienceAttemptContext attemptContext =
                    new ResilienceAttemptContext(context.getOperation(), context.getStrategy(), number);
            // Explicit parent: the attempt may start on a thread where the call is not current.
            Observation attempt = ResilienceObservations.ATTEMPT
                    .observation(attemptConvention, DEFAULT_ATTEMPT, () -> attemptContext, registry)
                    .parentObservation(observation)
                    .start();
            return new Attempt(attempt, attemptContext);
        }

        @Override
        public ContextScope makeCurrent() {
            return observation.openScope()::close;
        }

        @Override
        public void callEnded(String outcome, String reason, Throwable failure) {
            context.ended(outcome, reason);
            if (failure != null) {
                observation.error(failure);
            }
            observation.stop();
        }
    }

    private static final class Attempt implements AttemptObservation {
        private final Observation observation;
        private final ResilienceAttemptContext context;

        Attempt(Observation observation, ResilienceAttemptContext context) {
            this.observation = observation;
            this.context = context;
        }

        @Override
        public ContextScope makeCurrent() {
            return observation.openScope()::close;
        }

        @Override
        public void attemptEnded(String reason, Throwable failure) {
            context.ended("none".equals(reason) ? "success" : "failure", reason);
            if (failure != null) {
                observation.error(failure);
            }
            observation.stop();
        }
    }
}
