package dev.airesilience.event;

import dev.airesilience.health.CircuitState;
import java.time.Instant;

/** An operation's circuit moved from {@code from} to {@code to} at {@code at}. */
public record CircuitStateChangeEvent(String operation, CircuitState from, CircuitState to, Instant at)
        implements ResilienceEvent {}
