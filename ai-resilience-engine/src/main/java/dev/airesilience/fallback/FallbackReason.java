package dev.airesilience.fallback;

/** Why a fallback was asked to answer. */
public enum FallbackReason {
    /** Transient failures used up the attempts or the time budget. */
    RETRIES_EXHAUSTED,
    /** The function failed in a way retrying cannot fix. */
    PERMANENT_FAILURE,
    /** The operation's circuit is open; the function was not invoked. */
    CIRCUIT_OPEN,
    /** The operation is cooling down after a provider rate limit that outlasts the call's budget. */
    RATE_LIMITED,
    /** The operation's adaptive client-side throttle rejected the call; the function was not invoked. */
    CLIENT_THROTTLED,
    /** The operation's retry budget was spent, so a call that would have retried ended with its last failure. */
    RETRY_BUDGET
}
