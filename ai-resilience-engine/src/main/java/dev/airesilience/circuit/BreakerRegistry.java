package dev.airesilience.circuit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.ConfigurationNotFoundException;
import io.github.resilience4j.core.registry.AbstractRegistry;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A Resilience4j {@link CircuitBreakerRegistry} that holds our {@link OperationBreaker}s, so that Resilience4j
 * tooling (tagged metrics, actuator endpoints) finds them and hears when new ones appear. Breakers that a user
 * creates through the registry API are plain Resilience4j breakers, as with {@code CircuitBreakerRegistry.ofDefaults()}.
 */
final class BreakerRegistry extends AbstractRegistry<CircuitBreaker, CircuitBreakerConfig> implements CircuitBreakerRegistry {

    BreakerRegistry() {
        super(CircuitBreakerConfig.ofDefaults());
    }

    /** The breaker registered under {@code name}, created by {@code create} and announced if there was none. */
    CircuitBreaker register(String name, Supplier<CircuitBreaker> create) {
        return computeIfAbsent(name, create);
    }

    @Override
    public Set<CircuitBreaker> getAllCircuitBreakers() {
        return new HashSet<>(entryMap.values());
    }

    @Override
    public CircuitBreaker circuitBreaker(String name) {
        return circuitBreaker(name, getDefaultConfig());
    }

    @Override
    public CircuitBreaker circuitBreaker(String name, Map<String, String> tags) {
        return circuitBreaker(name, getDefaultConfig(), tags);
    }

    @Override
    public CircuitBreaker circuitBreaker(String name, CircuitBreakerConfig config) {
        return circuitBreaker(name, config, Map.of());
    }

    @Override
    public CircuitBreaker circuitBreaker(String name, CircuitBreakerConfig config, Map<String, String> tags) {
        return computeIfAbsent(name, () -> CircuitBreaker.of(name, config, getAllTags(tags)));
    }

    @Override
    public CircuitBreaker circuitBreaker(String name, String configName) {
        return circuitBreaker(name, configName, Map.of());
    }

    @Override
    public CircuitBreaker circuitBreaker(String name, String configName, Map<String, String> tags) {
        CircuitBreakerConfig config = getConfiguration(configName)
                .orElseThrow(() -> new ConfigurationNotFoundException(configName));
        return circuitBreaker(name, config, tags);
    }

    @Override
    public CircuitBreaker circuitBreaker(String name, Supplier<CircuitBreakerConfig> configSupplier) {
        return circuitBreaker(name, configSupplier, Map.of());
    }

    @Override
    public CircuitBreaker circuitBreaker(String name, Supplier<CircuitBreakerConfig> configSupplier, Map<String, String> tags) {
        return computeIfAbsent(name, () -> CircuitBreaker.of(name, configSupplier.get(), getAllTags(tags)));
    }
}
