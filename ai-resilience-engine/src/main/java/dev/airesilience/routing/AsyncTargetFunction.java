package dev.airesilience.routing;

import java.util.concurrent.CompletionStage;

/**
 * The asynchronous call a routed operation makes to one of its targets; it must not block.
 *
 * @param <T> what the call returns
 */
@FunctionalInterface
public interface AsyncTargetFunction<T> {

    /** Starts the call to {@code target} ({@link TargetCall#name()}: a name of the operation's route). */
    CompletionStage<? extends T> call(TargetCall target);
}
