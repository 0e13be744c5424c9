package dev.airesilience.settings;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.config.schema.ConfigSchema;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration in force, with where each value came from. Immutable; built by the orchestrator and swapped
 * in whole. Per-operation lookups are two map reads (everything is precomputed).
 *
 * <p>Resolution of an operation with no explicit strategy or custom config: registered strategy → runtime, custom
 * and legacy {@code operation_overrides} → the preset's {@code operation_overrides} (either name of an alias pair
 * matches) → the effective {@code default_strategy}. Operations that end on the default strategy run with the
 * preset's numbers overlaid by legacy, custom and runtime keys; other strategies run with the strategy table.
 *
 * <p>Routes ({@code routes}) are by exact operation name: the highest layer that gives an operation a route (or
 * removes it with {@code null}) decides; {@link #route(String)} is one map read.
 */
@JsonPropertyOrder({"preset_name", "default_strategy", "values", "sources", "operation_overrides", "operation_override_sources",
        "routes", "route_sources"})
public final class ResolvedConfiguration {

    private final String presetName;
    private final ResilienceStrategy defaultStrategy;
    private final Map<String, Object> values;
    private final Map<String, ConfigSource> sources;
    private final Map<String, ResilienceStrategy> operationOverrides;
    private final Map<String, ConfigSource> overrideSources;
    private final Map<String, ResilienceStrategy> lookup;
    private final EnumMap<ResilienceStrategy, ResilienceConfig> configs;
    private final Map<String, RoutingConfig> routes;
    /** The same routes, for the lookup of every routed call: a hash map, without the insertion order. */
    private final Map<String, RoutingConfig> routeLookup;
    private final Map<String, ConfigSource> routeSources;

    /** Built by the orchestrator's resolver, without routes; maps are copied. */
    public ResolvedConfiguration(String presetName, ResilienceStrategy defaultStrategy, Map<String, Object> values,
            Map<String, ConfigSource> sources, Map<String, ResilienceStrategy> operationOverrides,
            Map<String, ConfigSource> overrideSources, Map<String, ResilienceStrategy> lookup,
            Map<ResilienceStrategy, ResilienceConfig> configs) {
        this(presetName, defaultStrategy, values, sources, operationOverrides, overrideSources, lookup, configs,
                Map.of(), Map.of());
    }

    /**
     * Built by the orchestrator's resolver; maps are copied.
     *
     * @param routes the route in force of each routed operation (no {@code null} values)
     * @param routeSources the layer each route came from
     */
    public ResolvedConfiguration(String presetName, ResilienceStrategy defaultStrategy, Map<String, Object> values,
            Map<String, ConfigSource> sources, Map<String, ResilienceStrategy> operationOverrides,
            Map<String, ConfigSource> overrideSources, Map<String, ResilienceStrategy> lookup,
            Map<ResilienceStrategy, ResilienceConfig> configs, Map<String, RoutingConfig> routes,
            Map<String, ConfigSource> routeSources) {
        this.presetName = presetName;
        this.defaultStrategy = Objects.requireNonNull(defaultStrategy, "defaultStrategy");
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
        this.sources = Collections.unmodifiableMap(new LinkedHashMap<>(sources));
        this.operationOverrides = Collections.unmodifiableMap(new LinkedHashMap<>(operationOverrides));
        this.overrideSources = Collections.unmodifiableMap(new LinkedHashMap<>(overrideSources));
        this.lookup = Map.copyOf(lookup);
        this.configs = new EnumMap<>(configs);
        this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
        this.routeLookup = Map.copyOf(routes);
        this.routeSources = Collections.unmodifiableMap(new LinkedHashMap<>(routeSources));
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

    /**
     * The route configured for {@code operation} ({@code routes} in a custom document or a runtime update), or
     * empty when it has none. One map read: what a routed call without an explicit route reads.
     */
    public Optional<RoutingConfig> route(String operation) {
        return Optional.ofNullable(routeLookup.get(operation));
    }

    /** Every route in force, by operation, in the order configured (serialized as {@link #routeDocuments()}). */
    public Map<String, RoutingConfig> routes() {
        return routes;
    }

    /** The routes in force as their JSON documents ({@code routes}' shape), for reports. */
    @JsonProperty("routes")
    public Map<String, Map<String, Object>> routeDocuments() {
        Map<String, Map<String, Object>> documents = new LinkedHashMap<>();
        routes.forEach((operation, route) -> documents.put(operation, ConfigSchema.routeDocument(route)));
        return documents;
    }

    /** Where each route of {@link #routes()} came from. */
    @JsonProperty("route_sources")
    public Map<String, ConfigSource> routeSources() {
        return routeSources;
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
     * preset, {@code operation_overrides.<op>} entries and {@code routes.<op>} entries (routes as their JSON
     * documents, {@code null} for none).
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
        Map<String, RoutingConfig> routed = new LinkedHashMap<>(before.routes);
        routed.putAll(routes);
        for (String op : routed.keySet()) {
            RoutingConfig old = before.routes.get(op);
            RoutingConfig now = routes.get(op);
            if (!Objects.equals(old, now)) {
                diff.put("routes." + op, change(old == null ? null : ConfigSchema.routeDocument(old),
                        now == null ? null : ConfigSchema.routeDocument(now)));
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
                && configs.equals(that.configs) && routes.equals(that.routes) && routeSources.equals(that.routeSources);
    }

    @Override
    public int hashCode() {
        return Objects.hash(presetName, defaultStrategy, values, sources, operationOverrides, routes);
    }

    @Override
    public String toString() {
        return "ResolvedConfiguration{preset=" + presetName + ", default=" + defaultStrategy + ", values=" + values
                + ", sources=" + sources + ", overrides=" + operationOverrides + ", routes=" + routes + "}";
    }
}
