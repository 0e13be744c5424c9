/**
 * Immutable configuration: the four {@link dev.airesilience.config.ResilienceStrategy strategies} and the
 * {@link dev.airesilience.config.ResilienceConfig}, {@link dev.airesilience.config.RetryConfig} and
 * {@link dev.airesilience.config.CircuitBreakerConfig} records they are made of.
 * Also the named presets ({@link dev.airesilience.settings.PresetManager}), settings
 * ({@link dev.airesilience.settings.ResilienceSettings}), templates and the resolved configuration in force.
 */
package dev.airesilience.config;

import dev.airesilience.settings.PresetManager;
import dev.airesilience.settings.ResilienceSettings;