package dev.airesilience.event;

import java.time.Duration;

/**
 * A hedge of an attempt was sent (one more request beside the attempt's first, which had not answered), or it
 * answered the attempt ({@code won}: it beat the others, which were cancelled). Published between the attempt's
 * {@link AttemptStartedEvent} and what ends the attempt, on the thread that sent the hedge (the hedge timer's) or
 * that delivered its answer. The operation's metrics ({@code hedges}, {@code hedges_won}) and the Micrometer meters are
 * counted from these events.
 *
 * @param operation the operation name
 * @param attempt the attempt the hedge belongs to (1 for the first)
 * @param hedge 1 for the attempt's first hedge, 2 for the second...
 * @param after how long after the attempt started the hedge was sent, or answered
 * @param won false: the hedge was sent; true: it answered the attempt
 */
public record HedgeEvent(String operation, int attempt, int hedge, Duration after, boolean won)
        implements ResilienceEvent {}
