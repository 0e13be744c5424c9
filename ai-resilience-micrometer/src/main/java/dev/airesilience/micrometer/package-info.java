/**
 * Micrometer meters for the orchestrator: {@link dev.airesilience.micrometer.ResilienceMeterBinder} binds them,
 * {@link dev.airesilience.micrometer.ResilienceMeters} documents every name, type and tag.
 */
package dev.airesilience.micrometer;
