package dev.airesilience.classify;

/** What a failure means for retry and for the circuit breaker. */
public enum FailureKind {
    /** Retried; a logical call that ends in it counts toward the breaker. */
    TRANSIENT,
    /** Retried after the provider's Retry-After; starts a shared cooldown; neutral for the breaker. */
    RATE_LIMITED,
    /** Not retried; neutral for the breaker. */
    PERMANENT
}
