package dev.airesilience.routing;

/**
 * The call a routed operation makes to one of its targets: typically the same request to another provider or model.
 *
 * @param <T> what the call returns
 */
@FunctionalInterface
public interface TargetFunction<T> {

    /** Calls {@code target} (a name of the operation's {@link dev.airesilience.config.RoutingConfig}). */
    T call(String target) throws Exception;
}
