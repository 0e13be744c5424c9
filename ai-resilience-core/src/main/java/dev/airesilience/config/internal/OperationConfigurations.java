package dev.airesilience.config.internal;

import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.internal.OperationNames;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Which configuration each call runs with: the configuration in force (an immutable snapshot, swapped whole by
 * runtime updates), strategies registered per operation, and configurations pinned per operation. Read once per call.
 */
public final class OperationConfigurations {

    private final AtomicReference<ConfigurationSnapshot> configuration;
    private final ConcurrentHashMap<String, ResilienceStrategy> registered = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ResilienceConfig> pinned = new ConcurrentHashMap<>();

    public OperationConfigurations(ConfigurationSnapshot initial) {
        this.configuration = new AtomicReference<>(initial);
    }

    public ConfigurationSnapshot configuration() {
        return configuration.get();
    }

    public void swapConfiguration(ConfigurationSnapshot snapshot) {
        configuration.set(snapshot);
    }

    /** Swaps only if the configuration in force is still {@code expected} (no update is lost when two race). */
    public boolean swapConfiguration(ConfigurationSnapshot expected, ConfigurationSnapshot snapshot) {
        return configuration.compareAndSet(expected, snapshot);
    }

    public void register(String operation, ResilienceStrategy strategy) {
        OperationNames.validate(operation);
        registered.put(operation, strategy);
        pinned.remove(operation);
    }

    /** The operation runs with {@code config} from now on; replaces a registered strategy. */
    public void register(String operation, ResilienceConfig config) {
        OperationNames.validate(operation);
        pinned.put(operation, config);
        registered.remove(operation);
    }

    public Optional<ResilienceStrategy> registeredStrategy(String operation) {
        return Optional.ofNullable(registered.get(operation));
    }

    /** custom config &gt; explicit strategy &gt; the operation's own configuration. Read on every call. */
    public ResilienceConfig resolve(String operation, ResilienceStrategy strategy, ResilienceConfig custom) {
        return custom != null ? custom : resolve(operation, strategy, null, configuration.get());
    }

    /**
     * As {@link #resolve(String, ResilienceStrategy, ResilienceConfig)}, from {@code snapshot}: a call that reads
     * more than its configuration from the configuration in force (a routed call, its route) reads it all from one.
     */
    public ResilienceConfig resolve(String operation, ResilienceStrategy strategy, ResilienceConfig custom,
            ConfigurationSnapshot snapshot) {
        if (custom != null) {
            return custom;
        }
        if (strategy != null) {
            return snapshot.strategyConfig(strategy);
        }
        return operationConfig(operation, snapshot);
    }

    public ResilienceConfig operationConfig(String operation) {
        return operationConfig(operation, configuration.get());
    }

    private ResilienceConfig operationConfig(String operation, ConfigurationSnapshot snapshot) {
        ResilienceConfig config = pinned.get(operation);
        if (config != null) {
            return config;
        }
        ResilienceStrategy strategy = registered.get(operation);
        return strategy != null ? snapshot.resolvedStrategyConfig(strategy) : snapshot.operationConfig(operation);
    }
}
