package dev.airesilience.settings;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration in force, with where each value came from. Immutable; built by the orchestrator and swapped
 * in whole. Per-operation lookups are two map reads (everything is precomputed).
 *
 * <p>Resolution of an operation with no explicit strategy or custom config: registered strategy → runtime, custom
 * and legacy {@code operation_overrides} → the preset's {@code operation_overrides} (either name of an alias pair
 * matches) → the effective {@code default_strategy}. Operations that end on the default strategy run with the
 * preset's numbers overlaid by legacy, custom and runtime keys; other strategies run with the strategy table.
 */
@JsonPropertyOrder({"preset_name", "default_strategy", "values", "sources", "operation_overrides", "operation_override_sources"})
public final class ResolvedConfiguration {

    private final String presetName;
    private final ResilienceStrategy defaultStrategy;
    private final Map<String, Object> values;
    private final Map<String, ConfigSource> sources;
    private final Map<String, ResilienceStrategy> operationOverrides;
    private final Map<String, ConfigSource> overrideSources;
    private final Map<String, ResilienceStrategy> lookup;
    private final EnumMap<ResilienceStrategy, ResilienceConfig> configs;

    /** Built by the orchestrator's resolver; maps are copied. */
    public ResolvedConfiguration(String presetName, ResilienceStrategy defaultStrategy, Map<String, Object> values,
            Map<String, ConfigSource> sources, Map<String, ResilienceStrategy> operationOverrides,
            Map<String, ConfigSource> overrideSources, Map<String, ResilienceStrategy> lookup,
            Map<ResilienceStrategy, ResilienceConfig> configs) {
        this.presetName = presetName;
        this.defaultStrategy = Objects.requireNonNull(defaultStrategy, "defaultStrategy");
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        this.operationOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(operationOverrides));
        this.overrideSources = Collections.unmodifiableMap(new LinkedHashMap<>(overrideSources));
        this.lookup = Map.copyOf(lookup);
        this.configs = new EnumMap<>(configs);
    }

    /** The preset in force, or {@code null} when the orchestrator was built without settings. */
    @JsonProperty("preset_name")
    public String presetName() {
        return presetName;
    }

    @JsonProperty("default_strategy")
    public ResilienceStrategy defaultStrategy() {
        return defaultStrategy;
    }

    /** The effective value of every scalar key ({@code retry_attempts}, ...), by JSON key name. */
    @JsonProperty("values")
    public Map<String, Object> values() {
        return values;
    }

    /** Where each value of {@link #values()} came from. */
    @JsonProperty("sources")
    public Map<String, ConfigSource> sources() {
        return sources;
    }

    /** Every operation override in force (preset and above), as declared. */
    @JsonProperty("operation_overrides")
    public Map<String, ResilienceStrategy> operationOverrides() {
        return operationOverrides;
    }

    @JsonProperty("operation_override_sources")
    public Map<String, ConfigSource> operationOverrideSources() {
        return overrideSources;
    }

    /** The source of one key, or {@code null} if the key is unknown. */
    public ConfigSource sourceOf(String key) {
        return sources.get(key);
    }

    /** True only when at least one legacy value is actually in force. */
    @JsonProperty("is_legacy_config")
    public boolean usesLegacy() {
        return sources.containsValue(ConfigSource.LEGACY) || overrideSources.containsValue(ConfigSource.LEGACY);
    }

    /** The strategy an operation without registration resolves to (overrides, then the default strategy). */
    public ResilienceStrategy strategyFor(String operation) {
        ResilienceStrategy strategy = lookup.get(operation);
        return strategy != null ? strategy : defaultStrategy;
    }

    /** The configuration an operation without registration runs with. */
    public ResilienceConfig configFor(String operation) {
        return configs.get(strategyFor(operation));
    }

    /** The configuration of an operation that resolved to {@code strategy}. */
    @JsonIgnore
    public ResilienceConfig configForStrategy(ResilienceStrategy strategy) {
        return configs.get(strategy);
    }

    /**
     * What changed from {@code before} to this configuration: {@code key → {old, new}} for every scalar key, the
     * preset, and {@code operation_overrides.<op>} entries.
     */
    public Map<String, Map<String, Object>> diffFrom(ResolvedConfiguration before) {
        Map<String, Map<String, Object>> diff = new LinkedHashMap<>();
        if (!Objects.equals(before.presetName, presetName)) {
            diff.put("preset", change(before.presetName, presetName));
        }
        for (Map.Entry<String, Object> entry : values.entrySet()) {
            Object old = before.values.get(entry.getKey());
            if (!Objects.equals(old, entry.getValue())) {
                diff.put(entry.getKey(), change(old, entry.getValue()));
            }
        }
        Map<String, ResilienceStrategy> allOps = new LinkedHashMap<>(before.operationOverrides);
        allOps.putAll(operationOverrides);
        for (String op : allOps.keySet()) {
            ResilienceStrategy old = before.operationOverrides.get(op);
            ResilienceStrategy now = operationOverrides.get(op);
            if (!Objects.equals(old, now)) {
                diff.put("operation_overrides." + op, change(old == null ? null : old.wireName(), now == null ? null : now.wireName()));
            }
        }
        return diff;
    }

    private static Map<String, Object> change(Object old, Object now) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("old", old instanceof ResilienceStrategy ? ((ResilienceStrategy) old).wireName() : old);
        change.put("new", now instanceof ResilienceStrategy ? ((ResilienceStrategy) now).wireName() : now);
        return change;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof ResolvedConfiguration)) {
            return false;
        }
        ResolvedConfiguration that = (ResolvedConfiguration) other;
        return Objects.equals(presetName, that.presetName) && defaultStrategy == that.defaultStrategy
                && values.equals(that.values) && sources.equals(that.sources)
                && operationOverrides.equals(that.operationOverrides) && overrideSources.equals(that.overrideSources)
                && configs.equals(that.configs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(presetName, defaultStrategy, values, sources, operationOverrides);
    }

    @Override
    public String toString() {
        return "ResolvedConfiguration{preset=" + presetName + ", default=" + defaultStrategy + ", values=" + values
                + ", sources=" + sources + ", overrides=" + operationOverrides + "}";
    }
}
