package dev.airesilience.spring.boot.internal;

import dev.airesilience.config.ConfigKey;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.schema.ConfigSchema;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.settings.PresetManager;
import dev.airesilience.spring.boot.InvalidResiliencePropertiesException;
import dev.airesilience.spring.boot.InvalidResiliencePropertiesException.Problem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The strict check of {@code ai.resilience.*}: every property name must be one the starter reads, and values with a
 * fixed set or range are checked before Spring binds them. Operation keys go through the core's schema
 * ({@link ConfigSchema}), so the ranges are the ones the resolver applies.
 */
public final class PropertyCheck {

    static final String PREFIX = "ai.resilience";
    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of(PREFIX);

    /** Statuses the health endpoint orders and maps (the starter adds the two circuit statuses to Boot's four). */
    public static final List<String> HEALTH_STATUSES =
            List.of("CIRCUIT_OPEN", "CIRCUIT_HALF_OPEN", "DOWN", "OUT_OF_SERVICE", "UP", "UNKNOWN");

    private static final List<String> BOOLEANS = List.of("enabled", "strict-configuration", "config-watch.enabled",
            "observations.enabled", "context-propagation.enabled", "spring-ai.enabled", "spring-ai.chat-client");
    private static final List<String> TOP_LEVEL = List.of("enabled", "preset", "custom-config", "strict-configuration",
            "max-operations", "config-file", "config-watch.enabled", "config-watch.poll-interval",
            "health.open-circuit-status", "health.half-open-circuit-status",
            // read by AIResilienceObservationAutoConfiguration, not bound to AIResilienceProperties
            "observations.enabled", "context-propagation.enabled",
            // read by ai-resilience-spring-ai's auto-configuration
            "spring-ai.enabled", "spring-ai.operation", "spring-ai.chat-client",
            // read by AIResilienceRedisAutoConfiguration (with ai-resilience-redis on the class path)
            "redis.url", "redis.key-prefix", "redis.command-timeout");

    /** Keys of the custom configuration document, as properties ({@code retry-attempts}). */
    static final List<String> DOCUMENT_KEYS = Arrays.stream(ConfigKey.values())
            .map(key -> key.jsonName().replace('_', '-')).toList();

    /**
     * The keys of an operation's route, as properties: {@code targets} (a list, {@code targets[<i>].<key>}),
     * {@code selection}, {@code context-length-target}, {@code content-policy-target}.
     */
    public static final List<String> ROUTE_KEYS = ConfigSchema.ROUTE_KEYS.stream().map(key -> key.replace('_', '-'))
            .toList();

    /** The keys of one target of a route, as properties ({@code targets[<i>].<key>}). */
    public static final List<String> TARGET_KEYS = ConfigSchema.ROUTE_TARGET_KEYS.stream()
            .map(key -> key.replace('_', '-')).toList();

    /**
     * What {@code operations.<name>.*} accepts: its strategy, every key but the three document-wide ones, and the
     * keys of its route (which join the document's {@code routes}).
     */
    public static final List<String> OPERATION_KEYS;

    static {
        List<String> keys = new ArrayList<>();
        keys.add("strategy");
        for (ConfigKey key : ConfigKey.values()) {
            if (key != ConfigKey.DEFAULT_STRATEGY && key != ConfigKey.OPERATION_OVERRIDES && key != ConfigKey.ROUTES) {
                keys.add(key.jsonName().replace('_', '-'));
            }
        }
        keys.addAll(ROUTE_KEYS);
        OPERATION_KEYS = List.copyOf(keys);
    }

    private final List<Problem> problems = new ArrayList<>();
    private final Set<String> seen = new LinkedHashSet<>();
    /** Per operation: its keys by JSON name, typed, with the property each came from. */
    private final Map<String, Map<String, Object>> operationValues = new LinkedHashMap<>();
    private final Map<String, ConfigurationProperty> operationProperties = new LinkedHashMap<>();
    /** Per operation: the route its properties give, checked as a whole by the core schema. */
    private final Map<String, RouteValues> routeValues = new LinkedHashMap<>();

    /** One operation's route properties, with the property each value came from by its JSON path in the route. */
    private static final class RouteValues {
        /** selection, context_length_target, content_policy_target: as text. */
        final Map<String, Object> keys = new LinkedHashMap<>();
        /** The targets by their list index, each by JSON key. */
        final TreeMap<Integer, Map<String, Object>> targets = new TreeMap<>();
        /** {@code .targets[0].weight}, {@code .selection}: the property that set it. */
        final Map<String, ConfigurationProperty> properties = new LinkedHashMap<>();
    }

    /** A property's value with its placeholders resolved, as the binder will read it. */
    private final Function<ConfigurationPropertyName, String> resolved;

    private PropertyCheck(Function<ConfigurationPropertyName, String> resolved) {
        this.resolved = resolved;
    }

    /**
     * Checks every {@code ai.resilience.*} property in {@code sources}.
     *
     * @throws InvalidResiliencePropertiesException listing every problem found
     */
    public static void check(Iterable<ConfigurationPropertySource> sources, Function<ConfigurationPropertyName, String> resolved) {
        PropertyCheck check = new PropertyCheck(resolved);
        for (ConfigurationPropertySource source : sources) {
            if (!(source instanceof IterableConfigurationPropertySource iterable)) {
                continue;
            }
            boolean environment = source.getUnderlyingSource() instanceof SystemEnvironmentPropertySource;
            iterable.filter(ROOT::isAncestorOf).forEach(name -> {
                // The highest-precedence source comes first; a name it sets hides the same name further down.
                if (check.seen.add(name.toString())) {
                    ConfigurationProperty raw = iterable.getConfigurationProperty(name);
                    String value = raw == null ? null : check.resolved.apply(name);
                    check.property(name, raw == null ? null : new ConfigurationProperty(raw.getName(),
                            value == null ? raw.getValue() : value, raw.getOrigin()), environment);
                }
            });
        }
        check.operationValues();
        if (!check.problems.isEmpty()) {
            throw new InvalidResiliencePropertiesException(check.problems);
        }
    }

    private void property(ConfigurationPropertyName name, ConfigurationProperty property, boolean environment) {
        int count = name.getNumberOfElements() - ROOT.getNumberOfElements();
        List<String> path = new ArrayList<>(count);
        for (int i = ROOT.getNumberOfElements(); i < name.getNumberOfElements(); i++) {
            path.add(canonical(name.getElement(i, Form.DASHED)));
        }
        if (environment) {
            environmentVariable(path, property);
        } else if (path.get(0).equals("operations")) {
            operation(name, path, property);
        } else if (path.get(0).equals("custom-config") && path.size() > 1) {
            documentKey(name, path, property);
        } else {
            String key = String.join(".", path);
            if (!TOP_LEVEL.contains(key)) {
                unknown(property, PREFIX + "." + key, topLevelSuggestion(path), allKeys());
            } else {
                topLevelValue(key, property);
            }
        }
    }

    /**
     * Environment variables lose the boundaries between words ({@code AI_RESILIENCE_CUSTOM_CONFIG} could be
     * {@code custom-config} or {@code custom.config}), so only their start is checked: a known key, or one of the
     * two maps.
     */
    private void environmentVariable(List<String> path, ConfigurationProperty property) {
        String joined = String.join("", path).replace("-", "");
        if (joined.startsWith("operations") || joined.startsWith("customconfig")) {
            return;
        }
        for (String key : TOP_LEVEL) {
            if (key.replace("-", "").replace(".", "").equals(joined)) {
                topLevelValue(key, property);
                return;
            }
        }
        unknown(property, "environment variable " + property.getName(), null, allKeys());
    }

    private void operation(ConfigurationPropertyName name, List<String> path, ConfigurationProperty property) {
        if (path.size() < 3) {
            unknown(property, written(name), null, PREFIX + ".operations.<name>.<key>, where <key> is one of "
                    + OPERATION_KEYS);
            return;
        }
        int targets = targetsElement(path);
        if (targets >= 0) {
            routeTarget(name, path, targets, property);
            return;
        }
        String key = path.get(path.size() - 1);
        if (path.size() > 3) {
            // operations.Type.method.retry-attempts binds an operation called "Type" with an unknown key.
            String operationName = originalOperationName(name, 0, path.size() - 2);
            String bracketed = operationProperty(operationName, key);
            problems.add(new Problem(written(name), value(property), "an operation name with a dot must be written in "
                    + "brackets, otherwise Spring reads only its first part as the name", "ai.resilience.operations[<name>].<key>",
                    bracketed, origin(property)));
            return;
        }
        String operationName = name.getElement(ROOT.getNumberOfElements() + 1, Form.ORIGINAL);
        if (!OPERATION_KEYS.contains(key)) {
            unknownNear(property, written(name), nearest(key, OPERATION_KEYS)
                    .map(k -> operationProperty(operationName, k)), "one of " + OPERATION_KEYS);
            return;
        }
        if (key.equals("strategy")) {
            String text = String.valueOf(property.getValue()).trim();
            if (Arrays.stream(ResilienceStrategy.values()).noneMatch(s -> s.wireName().equalsIgnoreCase(text))) {
                problems.add(new Problem(written(name), text, "not a strategy", strategies(), null, origin(property)));
            }
            return;
        }
        if (ROUTE_KEYS.contains(key)) {
            routeKey(name, operationName, key, property);
            return;
        }
        operationValues.computeIfAbsent(operationName, n -> new LinkedHashMap<>())
                .put(key.replace('-', '_'), PropertiesMapping.typed(property.getValue()));
        operationProperties.put(operationName + "/" + key.replace('-', '_'), property);
    }

    /** Where {@code targets} followed by a list index is in an operation property's path, or -1. */
    private static int targetsElement(List<String> path) {
        for (int i = 2; i < path.size() - 1; i++) {
            if (path.get(i).equals("targets") && path.get(i + 1).matches("\\d+")) {
                return i;
            }
        }
        return -1;
    }

    /** {@code operations.<name>.targets[<i>].<key>}: one key of one target of the operation's route. */
    private void routeTarget(ConfigurationPropertyName name, List<String> path, int targets, ConfigurationProperty property) {
        String index = path.get(targets + 1);
        String key = targets + 2 < path.size() ? path.get(targets + 2) : null;
        String operationName = originalOperationName(name, 0, targets - 1);
        String element = "targets[" + index + "]";
        if (targets > 2) {
            // operations.Type.method.targets[0].name binds an operation called "Type" with an unknown key.
            problems.add(new Problem(written(name), value(property), "an operation name with a dot must be written in "
                    + "brackets, otherwise Spring reads only its first part as the name",
                    PREFIX + ".operations[<name>].targets[<i>].<key>",
                    operationProperty(operationName, element + (key == null ? "" : "." + key)), origin(property)));
            return;
        }
        if (key == null || path.size() > targets + 3 || !TARGET_KEYS.contains(key)) {
            Optional<String> suggestion = key == null ? Optional.of(operationProperty(operationName, element + ".name"))
                    : nearest(key, TARGET_KEYS).map(k -> operationProperty(operationName, element + "." + k));
            unknownNear(property, written(name), suggestion, PREFIX + ".operations.<name>.targets[<i>].<key>, where"
                    + " <key> is one of " + TARGET_KEYS);
            return;
        }
        int position = index.length() > 4 ? Integer.MAX_VALUE : Integer.parseInt(index); // beyond any route: a gap
        String jsonKey = key.replace('-', '_');
        RouteValues route = routeValues.computeIfAbsent(operationName, n -> new RouteValues());
        route.targets.computeIfAbsent(position, i -> new LinkedHashMap<>()).put(jsonKey,
                key.equals("name") ? value(property) : PropertiesMapping.routeNumber(property.getValue()));
        route.properties.put(".targets[" + position + "]." + jsonKey, property);
    }

    /** {@code operations.<name>.selection}, {@code context-length-target}, {@code content-policy-target}. */
    private void routeKey(ConfigurationPropertyName name, String operationName, String key, ConfigurationProperty property) {
        if (key.equals("targets")) {
            String text = value(property);
            if (text != null && !text.isBlank()) { // blank: an empty list (targets: [] in YAML)
                problems.add(new Problem(written(name), text, "targets is a list of targets, each with its own keys",
                        PREFIX + ".operations.<name>.targets[<i>].<key>, where <key> is one of " + TARGET_KEYS,
                        operationProperty(operationName, "targets[0].name"), origin(property)));
            }
            return;
        }
        String jsonKey = key.replace('-', '_');
        RouteValues route = routeValues.computeIfAbsent(operationName, n -> new RouteValues());
        route.keys.put(jsonKey, value(property));
        route.properties.put("." + jsonKey, property);
    }

    /** The name as it was written (case kept; a list index or an element with a dot in brackets), for messages. */
    static String written(ConfigurationPropertyName name) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < name.getNumberOfElements(); i++) {
            String element = name.getElement(i, Form.ORIGINAL);
            if (element.contains(".") || name.isNumericIndex(i)) {
                text.append('[').append(element).append(']');
            } else {
                text.append(i == 0 ? "" : ".").append(element);
            }
        }
        return text.toString();
    }

    /** The property of an operation's key, with the name in brackets when it holds a dot. */
    static String operationProperty(String operation, String key) {
        return PREFIX + ".operations" + (operation.contains(".") ? "[" + operation + "]" : "." + operation) + "." + key;
    }

    /** The elements between {@code operations} and the key, joined by dots, in the case they were written. */
    private static String originalOperationName(ConfigurationPropertyName name, int skip, int parts) {
        List<String> elements = new ArrayList<>();
        int first = ROOT.getNumberOfElements() + 1 + skip;
        for (int i = first; i < first + parts; i++) {
            elements.add(name.getElement(i, Form.ORIGINAL));
        }
        return String.join(".", elements);
    }

    private void documentKey(ConfigurationPropertyName name, List<String> path, ConfigurationProperty property) {
        String key = path.get(1).replace('_', '-');
        if (key.equals("operation-overrides")) {
            if (path.size() > 3) {
                String bracketed = PREFIX + ".custom-config.operation-overrides["
                        + originalOperationName(name, 1, path.size() - 2) + "]";
                problems.add(new Problem(written(name), value(property), "an operation name with a dot must be "
                        + "written in brackets", PREFIX + ".custom-config.operation-overrides[<name>]", bracketed, origin(property)));
            }
            return;
        }
        if (key.equals("routes") && path.size() > 2) {
            routeDocumentKey(name, path, property);
            return;
        }
        if (!DOCUMENT_KEYS.contains(key) || path.size() > 2) {
            unknownNear(property, written(name), nearest(key, DOCUMENT_KEYS).map(k -> PREFIX + ".custom-config." + k),
                    "one of " + DOCUMENT_KEYS);
        }
    }

    /**
     * {@code custom-config.routes.<name>.targets[<i>].<key>} or {@code custom-config.routes.<name>.<key>}: the
     * names are checked here, the values by the core schema with the rest of the custom configuration.
     */
    private void routeDocumentKey(ConfigurationPropertyName name, List<String> path, ConfigurationProperty property) {
        List<String> routeScalars = ROUTE_KEYS.stream().filter(k -> !k.equals("targets")).toList();
        if (path.size() == 4 && routeScalars.contains(path.get(3))) {
            return;
        }
        if (path.size() == 6 && path.get(3).equals("targets") && path.get(4).matches("\\d+")
                && TARGET_KEYS.contains(path.get(5))) {
            return;
        }
        String suggestion = null;
        for (int i = 4; i < path.size(); i++) {
            boolean target = path.get(i).equals("targets") && i + 1 < path.size() && path.get(i + 1).matches("\\d+");
            if (target || (i == path.size() - 1 && routeScalars.contains(path.get(i)))) {
                // custom-config.routes.Type.method.selection: the operation is "Type" unless it is in brackets
                String rest = target ? "targets[" + path.get(i + 1) + "]" + (i + 2 < path.size() ? "." + path.get(i + 2) : "")
                        : path.get(i);
                suggestion = PREFIX + ".custom-config.routes[" + originalOperationName(name, 1, i - 2) + "]." + rest;
                break;
            }
        }
        unknown(property, written(name), suggestion, PREFIX + ".custom-config.routes.<name>.targets[<i>].<key>, where"
                + " <key> is one of " + TARGET_KEYS + ", or " + PREFIX + ".custom-config.routes.<name>.<key>, where <key>"
                + " is one of " + routeScalars + " (a name with a dot in brackets)");
    }

    private void topLevelValue(String key, ConfigurationProperty property) {
        Object raw = property.getValue();
        String text = raw == null ? "" : String.valueOf(raw).trim();
        String name = PREFIX + "." + key;
        if (key.equals("preset") && !text.isEmpty()
                && !PresetManager.listPresets().contains(text.toLowerCase(Locale.ROOT))) {
            problems.add(new Problem(name, text, "not a preset", "one of " + String.join(", ", PresetManager.listPresets()),
                    null, origin(property)));
        } else if (key.startsWith("health.") && !HEALTH_STATUSES.contains(status(text))) {
            problems.add(new Problem(name, text, "not a health status the health endpoint knows (an unknown status is "
                    + "ordered below UP, so an open circuit would report UP)", "one of " + HEALTH_STATUSES, null,
                    origin(property)));
        } else if (BOOLEANS.contains(key) && !(text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            problems.add(new Problem(name, text, "not a boolean", "true or false", null, origin(property)));
        } else if (key.equals("max-operations") && !(text.matches("\\d{1,9}") && Integer.parseInt(text) >= 1)) {
            problems.add(new Problem(name, text, "not a positive whole number", "an integer of at least 1", null,
                    origin(property)));
        } else if (key.equals("config-watch.poll-interval")) {
            pollInterval(name, text, property);
        }
    }

    private void pollInterval(String name, String text, ConfigurationProperty property) {
        String allowed = "a positive duration, such as 5s, 500ms or PT1M (a bare number is milliseconds)";
        try {
            if (DurationStyle.detectAndParse(text).isNegative() || DurationStyle.detectAndParse(text).isZero()) {
                problems.add(new Problem(name, text, "not positive", allowed, null, origin(property)));
            }
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(name, text, "not a duration", allowed, null, origin(property)));
        }
    }

    /** The operation keys through the core schema, one document per operation; problems name the property. */
    private void operationValues() {
        operationValues.forEach((operation, keys) -> {
            ConfigSchema.Checked checked = ConfigSchema.check(keys);
            for (ConfigProblem problem : checked.errors()) {
                String jsonKey = problem.path().startsWith("$.") ? problem.path().substring(2) : null;
                ConfigurationProperty property = jsonKey == null ? null : operationProperties.get(operation + "/" + jsonKey);
                String name = property != null ? written(property.getName())
                        : operationProperty(operation, "*");
                problems.add(new Problem(name, property == null ? null : value(property), problem.message(),
                        problem.allowed(), null, property == null ? null : origin(property)));
            }
        });
        routeValues.forEach(this::route);
    }

    /**
     * One operation's route properties through the core schema, as the document {@code routes.<name>} they map to;
     * each problem is named by the property at its path.
     */
    private void route(String operation, RouteValues route) {
        List<Map<String, Object>> targets = new ArrayList<>();
        for (Map.Entry<Integer, Map<String, Object>> target : route.targets.entrySet()) {
            if (target.getKey() != targets.size()) {
                problems.add(new Problem(operationProperty(operation, "targets[" + targets.size() + "]"), null,
                        "missing: the indices of targets must count from 0 without a gap (Spring binds a list up to"
                                + " its first missing index)", "targets[0] to targets[" + (route.targets.size() - 1)
                                + "]", null, null));
                return;
            }
            targets.add(target.getValue());
        }
        Map<String, Object> document = new LinkedHashMap<>();
        if (!targets.isEmpty()) {
            document.put("targets", targets);
        }
        document.putAll(route.keys);
        ConfigSchema.Checked checked = ConfigSchema.check(Map.of("routes", Map.of(operation, document)));
        String prefix = "$.routes." + operation;
        for (ConfigProblem problem : checked.errors()) {
            String within = problem.path().startsWith(prefix) ? problem.path().substring(prefix.length()) : "";
            ConfigurationProperty property = route.properties.get(within);
            String name = property != null ? written(property.getName())
                    : operationProperty(operation, within.isEmpty() ? "targets" : within.substring(1).replace('_', '-'));
            problems.add(new Problem(name, property == null ? null : value(property), problem.message(),
                    problem.allowed(), null, property == null ? null : origin(property)));
        }
    }

    /** Words the starter knows, by their uniform form: {@code operation_overrides} is {@code operation-overrides}. */
    private static final Map<String, String> WORDS = new LinkedHashMap<>();

    static {
        List<String> words = new ArrayList<>(List.of("operations"));
        TOP_LEVEL.forEach(key -> words.addAll(Arrays.asList(key.split("\\."))));
        words.addAll(DOCUMENT_KEYS);
        words.addAll(OPERATION_KEYS);
        words.addAll(TARGET_KEYS);
        words.forEach(word -> WORDS.put(word.replace("-", ""), word));
    }

    /** A property element in its dashed form, or the known word it spells with underscores or another case. */
    private static String canonical(String dashed) {
        return WORDS.getOrDefault(dashed.replace("-", ""), dashed);
    }

    static String status(String text) {
        return text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    }

    static String strategies() {
        return "one of " + Arrays.stream(ResilienceStrategy.values()).map(ResilienceStrategy::wireName)
                .collect(Collectors.joining(", "));
    }

    private void unknownNear(ConfigurationProperty property, String name, Optional<String> suggestion, String allowed) {
        problems.add(new Problem(name, value(property), "unknown property", allowed, suggestion.orElse(null), origin(property)));
    }

    private void unknown(ConfigurationProperty property, String name, String suggestion, String allowed) {
        unknownNear(property, name, Optional.ofNullable(suggestion), allowed);
    }

    /** A key of the document at the top level is usually meant for custom-config (service-wide) or an operation. */
    private static String topLevelSuggestion(List<String> path) {
        String key = String.join(".", path);
        if (path.size() == 1 && DOCUMENT_KEYS.contains(key.replace('_', '-'))) {
            return PREFIX + ".custom-config." + key.replace('_', '-') + " (every operation) or " + PREFIX
                    + ".operations.<name>." + key.replace('_', '-') + " (one operation)";
        }
        List<String> candidates = new ArrayList<>(TOP_LEVEL);
        DOCUMENT_KEYS.forEach(k -> candidates.add("custom-config." + k));
        return nearest(key, candidates).map(k -> PREFIX + "." + k).orElse(null);
    }

    private static String allKeys() {
        return PREFIX + ".{" + String.join(", ", TOP_LEVEL) + "}, " + PREFIX + ".custom-config.<key>, "
                + PREFIX + ".operations.<name>.<key>";
    }

    /** The candidate closest to {@code key} by edit distance, when it is close enough to be a typo. */
    static Optional<String> nearest(String key, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(key, candidate);
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= Math.max(2, key.length() / 3) ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance, two rows. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static String value(ConfigurationProperty property) {
        return property == null || property.getValue() == null ? null : String.valueOf(property.getValue());
    }

    private static String origin(ConfigurationProperty property) {
        return property == null || property.getOrigin() == null ? null : property.getOrigin().toString();
    }
}
