package dev.airesilience.config;

/** How the delay between attempts grows. */
public enum BackoffMode {
    /** {@code clamp(exponentialMultiplier * 2^(k-1), exponentialMin, exponentialMax)} before attempt k+1. */
    EXPONENTIAL,
    /** The same {@code fixedDelaySeconds} before every re-attempt. */
    FIXED
}
