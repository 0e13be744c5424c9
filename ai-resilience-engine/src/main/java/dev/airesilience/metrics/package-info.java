/** Immutable metric snapshots: per operation, per circuit breaker, and the summary. */
package dev.airesilience.metrics;
