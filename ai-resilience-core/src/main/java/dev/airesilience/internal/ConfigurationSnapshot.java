package dev.airesilience.internal;

import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import java.util.EnumMap;
import java.util.Map;

/**
 * The configuration in force, as one immutable value. A runtime update builds a new snapshot and swaps it in
 * with a single volatile write, so every call sees one whole snapshot and never a mix.
 */
public final class ConfigurationSnapshot {

    private final EnumMap<ResilienceStrategy, ResilienceConfig> strategies;
    private final ResilienceStrategy defaultStrategy;

    public ConfigurationSnapshot(Map<ResilienceStrategy, ResilienceConfig> strategies, ResilienceStrategy defaultStrategy) {
        this.strategies = new EnumMap<>(ResilienceStrategy.class);
        for (ResilienceStrategy strategy : ResilienceStrategy.values()) {
            this.strategies.put(strategy, strategies.getOrDefault(strategy, strategy.config()));
        }
        this.defaultStrategy = defaultStrategy;
    }

    /** The strategy table of the seed, BALANCED by default. */
    public static ConfigurationSnapshot defaults() {
        return new ConfigurationSnapshot(Map.of(), ResilienceStrategy.BALANCED);
    }

    public ResilienceConfig strategyConfig(ResilienceStrategy strategy) {
        return strategies.get(strategy);
    }

    public ResilienceStrategy defaultStrategy() {
        return defaultStrategy;
    }

    /** The configuration of an operation that has no explicit strategy, custom config or registration. */
    public ResilienceConfig operationConfig(String operation) {
        return strategies.get(defaultStrategy);
    }
}
