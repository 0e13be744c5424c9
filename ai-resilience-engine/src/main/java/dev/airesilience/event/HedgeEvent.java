package dev.airesilience.event;

import java.time.Duration;

/**
 * A hedge was sent: one more request of an attempt that had not answered, running beside it (the first success
 * answers the attempt). Published on the thread that runs the hedge's timer, between the attempt's
 * {@link AttemptStartedEvent} and what ends the attempt; how many hedges were sent and won is on the call's
 * {@link CallCompletedEvent}, which the metrics count.
 *
 * @param operation the operation name
 * @param attempt the attempt the hedge belongs to (1 for the first)
 * @param hedge 1 for the attempt's first hedge, 2 for the second...
 * @param after how long after the attempt started the hedge was sent
 */
public record HedgeEvent(String operation, int attempt, int hedge, Duration after) implements ResilienceEvent {}
