/**
 * Configuration monitoring: a bounded, thread-safe log of configuration loads, changes (with per-key diffs),
 * validations and errors, with usage statistics, load-time percentiles and alerts (seed §3.10).
 */
package dev.airesilience.config.monitoring;
