package dev.airesilience.event;

import java.time.Duration;
import java.time.Instant;

/**
 * A registered health probe ran while the operation's circuit was open. A healthy probe moves the circuit to
 * half-open, so the next call is its trial. Probes are not calls: they count in no call metric.
 *
 * @param healthy whether the probe returned normally (and not {@code false})
 * @param duration how long the probe took
 * @param failure what it threw, or {@code null}
 * @param at when it ended
 */
public record HealthProbeEvent(String operation, boolean healthy, Duration duration, Throwable failure, Instant at)
        implements ResilienceEvent {}
