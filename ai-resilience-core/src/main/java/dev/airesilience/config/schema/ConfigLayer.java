package dev.airesilience.config.schema;

import dev.airesilience.config.ConfigKey;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RoutingConfig;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One validated configuration document: typed values by key ({@code Integer}, {@code Double}, {@code Boolean},
 * {@link ResilienceStrategy}, the JSON name of a choice ({@code "failure_rate"}), for {@code operation_overrides}
 * an ordered {@code Map<String, ResilienceStrategy>}, for {@code routes} an ordered {@code Map<String, RoutingConfig>}
 * whose {@code null} values remove an operation's route).
 * Immutable.
 */
public final class ConfigLayer {

    public static final ConfigLayer EMPTY = new ConfigLayer(new EnumMap<>(ConfigKey.class));

    private final Map<ConfigKey, Object> values;

    ConfigLayer(EnumMap<ConfigKey, Object> values) {
        this.values = Collections.unmodifiableMap(new EnumMap<>(values));
    }

    public Map<ConfigKey, Object> values() {
        return values;
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    public boolean has(ConfigKey key) {
        return values.containsKey(key);
    }

    public Object get(ConfigKey key) {
        return values.get(key);
    }

    @SuppressWarnings("unchecked")
    public Map<String, ResilienceStrategy> overrides() {
        Object value = values.get(ConfigKey.OPERATION_OVERRIDES);
        return value == null ? Map.of() : (Map<String, ResilienceStrategy>) value;
    }

    /**
     * The routes this layer sets, by operation; a {@code null} value removes the operation's route (set by a lower
     * layer or an earlier update). Ordered as written; unmodifiable.
     */
    @SuppressWarnings("unchecked")
    public Map<String, RoutingConfig> routes() {
        Object value = values.get(ConfigKey.ROUTES);
        return value == null ? Map.of() : (Map<String, RoutingConfig>) value;
    }

    /**
     * How many distinct operations this layer's routes (and removals) would hold with {@code update}'s merged on
     * top. Reads only {@code update}'s entries, as {@link #overridesAfterMerging} does.
     */
    public int routesAfterMerging(ConfigLayer update) {
        Map<String, RoutingConfig> current = routes();
        int count = current.size();
        for (String operation : update.routes().keySet()) {
            if (!current.containsKey(operation)) {
                count++;
            }
        }
        return count;
    }

    /**
     * How many distinct operations this layer's overrides would hold with {@code update}'s merged on top. Reads
     * only {@code update}'s entries, so rejecting an update costs nothing in the size of this layer.
     */
    public int overridesAfterMerging(ConfigLayer update) {
        Map<String, ResilienceStrategy> current = overrides();
        int count = current.size();
        for (String operation : update.overrides().keySet()) {
            if (!current.containsKey(operation)) {
                count++;
            }
        }
        return count;
    }

    /**
     * This layer with {@code update}'s keys on top; operation overrides and routes merge per operation (a route
     * given for an operation replaces its route, {@code null} removes it, the other operations' routes stay).
     */
    public ConfigLayer mergedWith(ConfigLayer update) {
        EnumMap<ConfigKey, Object> merged = values.isEmpty() ? new EnumMap<>(ConfigKey.class) : new EnumMap<>(values);
        for (Map.Entry<ConfigKey, Object> entry : update.values.entrySet()) {
            if (entry.getKey() == ConfigKey.OPERATION_OVERRIDES) {
                Map<String, ResilienceStrategy> overrides = new LinkedHashMap<>(overrides());
                overrides.putAll(update.overrides());
                merged.put(ConfigKey.OPERATION_OVERRIDES, Collections.unmodifiableMap(overrides));
            } else if (entry.getKey() == ConfigKey.ROUTES) {
                // A null value stays, so that it hides a route of a lower layer when the layers are resolved.
                Map<String, RoutingConfig> routes = new LinkedHashMap<>(routes());
                routes.putAll(update.routes());
                merged.put(ConfigKey.ROUTES, Collections.unmodifiableMap(routes));
            } else {
                merged.put(entry.getKey(), entry.getValue());
            }
        }
        return new ConfigLayer(merged);
    }

    /** As a plain map with JSON key names, for reports and events (routes as their JSON documents). */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        values.forEach((key, value) -> map.put(key.jsonName(), key == ConfigKey.ROUTES ? routeDocuments() : value));
        return map;
    }

    private Map<String, Object> routeDocuments() {
        Map<String, Object> documents = new LinkedHashMap<>();
        routes().forEach((operation, route) -> documents.put(operation,
                route == null ? null : ConfigSchema.routeDocument(route)));
        return documents;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ConfigLayer && ((ConfigLayer) other).values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return toJsonMap().toString();
    }
}
