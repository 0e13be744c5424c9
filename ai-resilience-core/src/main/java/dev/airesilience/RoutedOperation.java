package dev.airesilience;

import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.config.internal.ConfigurationSnapshot;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.routing.AsyncTargetFunction;
import dev.airesilience.routing.TargetFunction;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * An operation that routes its calls over targets (providers, models): see {@link RoutingConfig} for how a call
 * goes from one to the next. The function is told which target to call.
 *
 * <pre>{@code
 * String summary = resilience.operation("summarize")
 *         .route(RoutingConfig.of("openai/gpt-4o", "anthropic/claude-sonnet"))
 *         .call(target -> clients.get(target.name()).complete(prompt));
 * }</pre>
 *
 * <p>Without an explicit route ({@link ResilientOperation#route()}), each call takes the route configured for the
 * operation ({@code routes.<operation>}) at that moment, so a runtime update applies from the next call:
 *
 * <pre>{@code
 * resilience.updateConfiguration("{\"routes\": {\"summarize\": {\"targets\": [{\"name\": \"openai/gpt-4o\"},"
 *         + " {\"name\": \"anthropic/claude-sonnet\"}]}}}");
 * String summary = resilience.operation("summarize").route()
 *         .call(target -> clients.get(target.name()).complete(prompt));
 * }</pre>
 *
 * <p>The operation's configuration gives the time budget, the retries (each retry goes over the route again, after
 * the backoff) and the breaker, cooldown, throttle and attempt timeout every target applies on its own. Its metrics
 * count the routed calls; each target's are under the operation {@code target:<name>}. Immutable.
 */
public final class RoutedOperation {

    private final AIServiceResilience resilience;
    private final String operation;
    private final ResilienceStrategy strategy;
    private final ResilienceConfig config;
    /** The explicit route, or {@code null}: the route configured for the operation, read at each call. */
    private final RoutingConfig routing;
    private final long estimatedTokens;

    RoutedOperation(AIServiceResilience resilience, String operation, ResilienceStrategy strategy,
            ResilienceConfig config, RoutingConfig routing, long estimatedTokens) {
        this.resilience = resilience;
        this.operation = operation;
        this.strategy = strategy;
        this.config = config;
        this.routing = routing;
        this.estimatedTokens = estimatedTokens;
    }

    /**
     * Each request is estimated to use {@code tokens} (prompt plus allowed completion, see
     * {@link dev.airesilience.quota.TokenEstimator}): reserved from a target's tokens-per-minute quota before it goes,
     * and reconciled with what the function reports ({@link dev.airesilience.routing.TargetCall#reportUsage}).
     */
    public RoutedOperation estimatedTokens(long tokens) {
        if (tokens < 0) {
            throw new IllegalArgumentException("estimatedTokens must be 0 or more, but was " + tokens);
        }
        return new RoutedOperation(resilience, operation, strategy, config, routing, tokens);
    }

    /**
     * Calls the route's targets in turn, on this thread, until one answers; failures are thrown.
     *
     * @throws IllegalStateException if no route was given and none is configured for the operation
     */
    public <R> R call(TargetFunction<R> function) {
        return call(function, null);
    }

    /** As {@link #call(TargetFunction)}, answered by {@code fallback} when the call fails or no target is free. */
    public <R> R call(TargetFunction<R> function, Fallback<? extends R> fallback) {
        Objects.requireNonNull(function, "function");
        ConfigurationSnapshot snapshot = resilience.configurationSnapshot(); // route and configuration: one snapshot
        RoutingConfig route = routing(snapshot);
        return resilience.core().executeRouted(resilience.core().operation(operation),
                resilience.resolveConfig(operation, strategy, config, snapshot), route,
                estimatedTokens, function, fallback, null);
    }

    /**
     * Starts the call without blocking a thread; failures complete the future.
     *
     * @throws IllegalStateException if no route was given and none is configured for the operation (thrown, not
     *     completing the future: it is a configuration error, not a failure of the call)
     */
    public <R> CompletableFuture<R> callAsync(AsyncTargetFunction<R> function) {
        return callAsync(function, null);
    }

    /** As {@link #callAsync(AsyncTargetFunction)}, answered by {@code fallback} when the call fails. */
    public <R> CompletableFuture<R> callAsync(AsyncTargetFunction<R> function, Fallback<? extends R> fallback) {
        Objects.requireNonNull(function, "function");
        ConfigurationSnapshot snapshot = resilience.configurationSnapshot();
        RoutingConfig route = routing(snapshot);
        return resilience.core().executeRoutedAsync(resilience.core().operation(operation),
                resilience.resolveConfig(operation, strategy, config, snapshot), route,
                estimatedTokens, function, fallback, null, null);
    }

    /** The configuration the next call will run with (its targets each apply it, with one attempt per pass). */
    public ResilienceConfig currentConfig() {
        return resilience.resolveConfig(operation, strategy, config);
    }

    /**
     * The route the next call will take: the one given to {@link ResilientOperation#route(RoutingConfig)}, else the
     * one configured for the operation now.
     *
     * @throws IllegalStateException if no route was given and none is configured for the operation
     */
    public RoutingConfig routing() {
        return routing(resilience.configurationSnapshot());
    }

    private RoutingConfig routing(ConfigurationSnapshot snapshot) {
        if (routing != null) {
            return routing;
        }
        return snapshot.resolved().route(operation).orElseThrow(() -> new IllegalStateException(
                "No route for operation '" + operation + "': configure routes." + operation + " (a custom or runtime"
                        + " JSON configuration; ai.resilience.operations." + operation + ".targets with Spring Boot)"
                        + " or pass a RoutingConfig to route(RoutingConfig)"));
    }

    public String name() {
        return operation;
    }
}
