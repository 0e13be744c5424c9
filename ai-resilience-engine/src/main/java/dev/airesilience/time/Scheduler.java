package dev.airesilience.time;

import java.time.Duration;
import java.util.concurrent.Future;

/**
 * Runs a task after a delay without blocking a thread in the meantime; the asynchronous retry path
 * schedules its backoff delays here. Injected so that tests run in virtual time.
 *
 * <p>Implementations must be thread-safe. Cancelling the returned future must prevent a task that has not
 * started yet from running.
 */
@FunctionalInterface
public interface Scheduler {

    Future<?> schedule(Runnable task, Duration delay);
}
