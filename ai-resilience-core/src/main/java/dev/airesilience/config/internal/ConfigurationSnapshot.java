package dev.airesilience.config.internal;

import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.schema.ConfigLayer;
import dev.airesilience.config.schema.ConfigSchema;
import dev.airesilience.settings.ResolvedConfiguration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The configuration in force, as one immutable value. A runtime update builds a new snapshot and swaps it in
 * with a single volatile write, so every call sees one whole snapshot and never a mix. Everything a call needs
 * is precomputed here: resolving an operation is two map reads.
 */
public final class ConfigurationSnapshot {

    private final EnumMap<ResilienceStrategy, ResilienceConfig> strategies;
    /** The same table by ordinal: what every call naming a strategy reads, without the map's key checks. */
    private final ResilienceConfig[] byOrdinal;
    private final ConfigResolver.Layers layers;
    private final ResolvedConfiguration resolved;

    public ConfigurationSnapshot(Map<ResilienceStrategy, ResilienceConfig> strategies, ResilienceStrategy defaultStrategy) {
        this(strategies, new ConfigResolver.Layers(null, ConfigLayer.EMPTY,
                defaultStrategy == ResilienceStrategy.BALANCED ? ConfigLayer.EMPTY : strategyLayer(defaultStrategy),
                ConfigLayer.EMPTY));
    }

    /** @throws dev.airesilience.config.validation.InvalidConfigurationException if the layers do not combine */
    public ConfigurationSnapshot(Map<ResilienceStrategy, ResilienceConfig> strategies, ConfigResolver.Layers layers) {
        this.strategies = new EnumMap<>(ResilienceStrategy.class);
        for (ResilienceStrategy strategy : ResilienceStrategy.values()) {
            this.strategies.put(strategy, strategies.getOrDefault(strategy, strategy.config()));
        }
        this.layers = layers;
        this.byOrdinal = this.strategies.values().toArray(new ResilienceConfig[0]); // EnumMap: in ordinal order
        this.resolved = ConfigResolver.resolve(layers, this.strategies);
    }

    private static ConfigLayer strategyLayer(ResilienceStrategy strategy) {
        return dev.airesilience.config.schema.ConfigSchema.check("{\"default_strategy\":\"" + strategy.wireName() + "\"}").layerOrThrow();
    }

    /** The seed's strategy table, BALANCED by default. */
    public static ConfigurationSnapshot defaults() {
        return new ConfigurationSnapshot(Map.of(), ResilienceStrategy.BALANCED);
    }

    /** A snapshot with the same strategy table and other layers. */
    public ConfigurationSnapshot withLayers(ConfigResolver.Layers newLayers) {
        return new ConfigurationSnapshot(strategies, newLayers);
    }

    /** The strategy table entry, for calls that name a strategy explicitly. */
    public ResilienceConfig strategyConfig(ResilienceStrategy strategy) {
        return byOrdinal[strategy.ordinal()];
    }

    /** The configuration of an operation that resolved (by registration or overrides) to {@code strategy}. */
    public ResilienceConfig resolvedStrategyConfig(ResilienceStrategy strategy) {
        return resolved.configForStrategy(strategy);
    }

    public ResilienceStrategy defaultStrategy() {
        return resolved.defaultStrategy();
    }

    /** The configuration of an operation that has no explicit strategy, custom config or registration. */
    public ResilienceConfig operationConfig(String operation) {
        return resolved.configFor(operation);
    }

    public ResolvedConfiguration resolved() {
        return resolved;
    }

    public ConfigResolver.Layers layers() {
        return layers;
    }
}
