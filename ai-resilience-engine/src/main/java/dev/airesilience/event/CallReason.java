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
    /**
     * The operation's adaptive client-side throttle rejected the call locally, the provider having refused too many
     * recent attempts: rejected, the function never ran.
     */
    CLIENT_THROTTLED,
    /**
     * The operation's retry budget was spent: a call that would have retried ended with its last (transient or
     * rate-limited) failure instead.
     */
    RETRY_BUDGET,
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
