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
    RATE_LIMITED
}
