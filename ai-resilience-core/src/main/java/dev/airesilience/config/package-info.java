/**
 * Immutable configuration: the four {@link dev.airesilience.config.ResilienceStrategy strategies} and the
 * {@link dev.airesilience.config.ResilienceConfig}, {@link dev.airesilience.config.RetryConfig} and
 * {@link dev.airesilience.config.CircuitBreakerConfig} records they are made of.
 * Also the named presets ({@link dev.airesilience.config.PresetManager}), settings
 * ({@link dev.airesilience.config.ResilienceSettings}), templates and the resolved configuration in force.
 */
package dev.airesilience.config;
