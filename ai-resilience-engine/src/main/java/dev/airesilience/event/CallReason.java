package dev.airesilience.event;

import java.util.Locale;

/**
 * Why a logical call ended the way it did: with {@link CallOutcome#SUCCESS} the reason is always {@link #NONE};
 * every other outcome carries one of the rest. It is the {@code reason} tag of the Micrometer meters.
 */
public enum CallReason {
    /** The call succeeded. */
    NONE,
    /** The operation's circuit was open (or its half-open trials were taken): rejected, the function never ran. */
    CIRCUIT_OPEN,
    /** The operation's shared rate-limit cooldown outlasted the call's budget: rejected, the function never ran. */
    RATE_LIMITED,
    /** The provider answered the last attempt with a rate limit (429, quota) and the call could not wait it out. */
    THROTTLED,
    /** The last attempt failed in a way retrying cannot fix (401, 400, context too long...). */
    PERMANENT,
    /** Transient failures used up the attempts or the time budget (or the circuit opened during the retries). */
    EXHAUSTED,
    /** The last attempt exceeded the per-attempt timeout and no retry was left. */
    TIMEOUT,
    /** The call was stopped without a verdict: interrupted, cancelled, the orchestrator closed, or an {@link Error}. */
    ABORTED;

    /** Lower-case tag value for metrics ({@code circuit_open}). */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
