package dev.airesilience.context;

import dev.airesilience.config.ResilienceStrategy;

/**
 * Observes logical calls and their attempts, for tracing and timing ({@code ai-resilience-micrometer} implements it
 * with Micrometer Observations).
 *
 * <p>{@link #callStarted} runs on the caller's thread when a call starts; the other methods run on whatever thread
 * drives the call at that moment, one at a time per call. An exception thrown by an instrumentation is logged and
 * does not affect the call.
 */
@FunctionalInterface
public interface CallInstrumentation {

    /**
     * A logical call starts.
     *
     * @param operation the operation's name
     * @param strategy the strategy of the configuration the call runs with
     * @return the call's observation; never null
     */
    CallObservation callStarted(String operation, ResilienceStrategy strategy);

    /** One logical call, from its start to its end. */
    interface CallObservation {

        /** Attempt {@code number} (1 for the first) starts; its function has not been invoked yet. */
        AttemptObservation attemptStarted(int number);

        /** Makes the call current on this thread; used around the fallback. */
        ContextScope makeCurrent();

        /**
         * The call ended. Exactly once per call.
         *
         * @param outcome {@code success}, {@code failure}, {@code rejected} or {@code fallback} (as
         *     {@link dev.airesilience.event.CallOutcome#tag()})
         * @param reason {@code none} for a success; else {@code retries_exhausted}, {@code permanent_failure},
         *     {@code circuit_open}, {@code rate_limited} (as {@link dev.airesilience.fallback.FallbackReason}), or
         *     {@code aborted} (interrupted, cancelled, the orchestrator closed, an {@link Error})
         * @param failure what ended the call when it failed or was rejected, else null
         */
        void callEnded(String outcome, String reason, Throwable failure);
    }

    /** One attempt: one invocation of the function. */
    interface AttemptObservation {

        /** Makes the attempt current on this thread while the function runs, so the function's spans are its children. */
        ContextScope makeCurrent();

        /**
         * The attempt ended. Exactly once per attempt.
         *
         * @param reason {@code none} for a success; else {@code transient}, {@code rate_limited}, {@code permanent}
         *     (the failure's classification), {@code timeout} (cut off by the attempt timeout) or {@code aborted}
         * @param failure the attempt's failure, or null for a success (and for an aborted attempt)
         */
        void attemptEnded(String reason, Throwable failure);
    }
}
