package dev.airesilience.routing;

/**
 * The call a routed operation makes to one of its targets: typically the same request to another provider or model.
 *
 * @param <T> what the call returns
 */
@FunctionalInterface
public interface TargetFunction<T> {

    /** Calls {@code target} ({@link TargetCall#name()}: a name of the operation's route). */
    T call(TargetCall target) throws Exception;
}
