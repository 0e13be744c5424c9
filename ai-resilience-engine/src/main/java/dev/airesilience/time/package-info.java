/**
 * Injected time: {@link dev.airesilience.time.TimeSource}, {@link dev.airesilience.time.Sleeper},
 * {@link dev.airesilience.time.Scheduler}, and {@link dev.airesilience.time.ManualClock} for virtual-time tests.
 */
package dev.airesilience.time;
