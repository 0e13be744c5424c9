/**
 * Immutable configuration: the four {@link dev.airesilience.config.ResilienceStrategy strategies} and the
 * {@link dev.airesilience.config.ResilienceConfig}, {@link dev.airesilience.config.RetryConfig} and
 * {@link dev.airesilience.config.CircuitBreakerConfig} records they are made of.
 */
package dev.airesilience.config;
