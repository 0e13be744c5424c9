/**
 * What an application of the starter uses: the {@code ai.resilience.*} properties ({@link
 * dev.airesilience.spring.boot.AIResilienceProperties}), customizers of the orchestrator bean, and the startup
 * failure that names every invalid property. The auto-configuration itself is in {@code spring.boot.autoconfigure}.
 */
package dev.airesilience.spring.boot;
