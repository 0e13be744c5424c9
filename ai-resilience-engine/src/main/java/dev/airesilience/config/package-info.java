/**
 * The engine's configuration: the four {@link dev.airesilience.config.ResilienceStrategy strategies}, the
 * {@link dev.airesilience.config.ResilienceConfig}, {@link dev.airesilience.config.RetryConfig} and
 * {@link dev.airesilience.config.CircuitBreakerConfig} records they are made of, and
 * {@link dev.airesilience.config.ConfigKey}, the one range table that Java, JSON and properties are checked against.
 * JSON documents, presets and templates are the configuration layer's ({@code dev.airesilience.settings}, in
 * ai-resilience-core).
 */
package dev.airesilience.config;
