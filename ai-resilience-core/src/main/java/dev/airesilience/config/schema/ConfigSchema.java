package dev.airesilience.config.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.airesilience.config.ConfigKey;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.internal.OperationNames;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Parses and validates configuration documents. The reader ({@link JsonTree}) enforces the hard limits while
 * reading (payload size, nesting depth, string and key lengths, duplicate keys, no NaN/Infinity), so hostile input
 * never builds a big tree; this class then checks every key against the schema and reports every problem at once.
 */
public final class ConfigSchema {

    public static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    public static final int MAX_NESTING_DEPTH = 10;
    public static final int MAX_KEYS = 1_000;
    public static final int MAX_STRING_LENGTH = 200;
    /**
     * Operations that may have a runtime override at once. Runtime updates merge per operation (a later update
     * reassigning an operation replaces its entry), so this bounds what updates accumulate, and with it the work
     * and memory of every later update.
     */
    public static final int MAX_RUNTIME_OVERRIDES = 1_000;
    /** Operations that may have a runtime route (or a runtime removal of one) at once; as for the overrides. */
    public static final int MAX_RUNTIME_ROUTES = 1_000;

    /** The keys of one route of {@code routes}: targets, selection, context_length_target, content_policy_target. */
    public static final List<String> ROUTE_KEYS = RouteSchema.ROUTE_KEYS;
    /** The keys of one target of a route: name, weight, requests_per_minute, tokens_per_minute. */
    public static final List<String> ROUTE_TARGET_KEYS = RouteSchema.TARGET_KEYS;
    /** What a route's {@code selection} accepts: ordered, weighted. */
    public static final List<String> ROUTE_SELECTIONS = RouteSchema.SELECTIONS;

    private static final String KNOWN_KEYS = Arrays.stream(ConfigKey.values()).map(ConfigKey::jsonName)
            .collect(Collectors.joining(", "));

    private ConfigSchema() {}

    /**
     * Reads a JSON document with the hard limits.
     *
     * @return a {@code Map} for an object, other JSON-like values as {@link JsonTree} describes, null when empty
     * @throws InvalidConfigurationException naming the problem, for malformed JSON or a broken limit
     */
    public static Object parse(String json) {
        try {
            return JsonTree.parse(json);
        } catch (StreamConstraintsException e) {
            throw new InvalidConfigurationException(limitProblem(e));
        } catch (JsonProcessingException e) {
            throw new InvalidConfigurationException(parseProblem(e));
        }
    }

    /**
     * A route as the JSON document {@code routes} takes for it ({@code targets} with every key of each target,
     * {@code selection}, and the two error-specific targets, {@code null} when not set): unmodifiable plain maps,
     * lists, strings and numbers, for reports and change events.
     */
    public static Map<String, Object> routeDocument(RoutingConfig route) {
        return RouteSchema.document(route);
    }

    /** Compact JSON text of a JSON-like value (see {@link JsonTree#write}). */
    public static String toJson(Object value) {
        return JsonTree.write(value);
    }

    /** The outcome of checking one document: the typed layer when there are no errors. */
    public static final class Checked {
        private final ConfigLayer layer;
        final List<ConfigProblem> errors = new ArrayList<>();
        final List<String> warnings = new ArrayList<>();
        final List<String> suggestions = new ArrayList<>();

        private Checked(ConfigLayer layer) {
            this.layer = layer;
        }

        public boolean isValid() {
            return errors.isEmpty();
        }

        public List<ConfigProblem> errors() {
            return Collections.unmodifiableList(errors);
        }

        public List<String> warnings() {
            return Collections.unmodifiableList(warnings);
        }

        /** The validated layer. @throws InvalidConfigurationException with every problem, if invalid */
        public ConfigLayer layerOrThrow() {
            if (!errors.isEmpty()) {
                throw new InvalidConfigurationException(errors);
            }
            return layer;
        }

        public ValidationResult toResult() {
            return new ValidationResult(errors.stream().map(ConfigProblem::message).collect(Collectors.toList()),
                    warnings, suggestions, errors);
        }

        /** Adds a problem found later (for example by combining the layer with the configuration in force). */
        public void addError(ConfigProblem problem) {
            errors.add(problem);
        }
    }

    // ---------------------------------------------------------------- entry points

    /** Parses and checks a JSON document. Never throws for bad input. */
    public static Checked check(String json) {
        if (json == null) {
            return single(problem("$", "a JSON object", "null", "Configuration must be a JSON object, but was null"));
        }
        int bytes = json.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PAYLOAD_BYTES) {
            return single(problem("$", "at most " + MAX_PAYLOAD_BYTES + " bytes", bytes + " bytes",
                    "Configuration too large: " + bytes + " bytes (max: " + MAX_PAYLOAD_BYTES + " bytes)"));
        }
        Object root;
        try {
            root = JsonTree.parse(json);
        } catch (StreamConstraintsException e) {
            return single(limitProblem(e));
        } catch (JsonProcessingException e) {
            return single(parseProblem(e));
        }
        return check(root, Map.of());
    }

    /** Checks an already-parsed document; {@code labels} renames paths (legacy variables name their origin). */
    static Checked check(Object root, Map<String, String> labels) {
        if (!JsonTree.isObject(root)) {
            String received = root == null ? "an empty document" : JsonTree.typeName(root);
            return single(problem("$", "a JSON object", received, "Configuration must be a JSON object, but was " + received));
        }
        Checked checked = new Checked(null);
        int keys = countKeys(root);
        if (keys > MAX_KEYS) {
            checked.errors.add(problem("$", "at most " + MAX_KEYS + " keys", String.valueOf(keys),
                    "Configuration has too many keys: " + keys + " (max: " + MAX_KEYS + ")"));
            return checked;
        }
        Map<String, Object> document = JsonTree.asObject(root);
        if (document.isEmpty()) {
            checked.errors.add(problem("$", "at least one of " + KNOWN_KEYS, "{}",
                    "Configuration must set at least one of: " + KNOWN_KEYS));
            return checked;
        }
        EnumMap<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
        for (Map.Entry<String, Object> field : document.entrySet()) {
            String name = field.getKey();
            String label = labels.getOrDefault(name, name);
            ConfigKey key = ConfigKey.byName(name);
            if (key == null) {
                checked.errors.add(problem("$." + shorten(name), "one of " + KNOWN_KEYS, shorten(name),
                        "Field '" + shorten(name) + "': unknown key; allowed keys are " + KNOWN_KEYS));
                continue;
            }
            Object value = typed(key, field.getValue(), label, checked);
            if (value != null) {
                values.put(key, value);
            }
        }
        logicRules(values, checked);
        return checked.errors.isEmpty() ? withLayer(checked, new ConfigLayer(values)) : checked;
    }

    /** Checks a document given as a map (any JSON-like values), through the same limits as text. */
    public static Checked check(Map<String, ?> document) {
        if (document == null) {
            return check((String) null);
        }
        String json;
        try {
            json = JsonTree.write(document);
        } catch (IllegalArgumentException e) {
            return single(problem("$", "JSON-compatible values", "a value that cannot be written as JSON",
                    "Configuration cannot be written as JSON: " + e.getMessage()));
        }
        return check(json);
    }

    // ---------------------------------------------------------------- legacy variables

    /** Deprecated environment variables and the custom JSON keys they translate into (§3.6). */
    public static final Map<String, String> LEGACY_KEYS;

    static {
        Map<String, String> legacy = new LinkedHashMap<>();
        legacy.put("RETRY_MAX_ATTEMPTS", "retry_attempts");
        legacy.put("RETRY_MAX_DELAY", "max_delay_seconds");
        legacy.put("RETRY_EXPONENTIAL_MULTIPLIER", "exponential_multiplier");
        legacy.put("RETRY_EXPONENTIAL_MIN", "exponential_min");
        legacy.put("RETRY_EXPONENTIAL_MAX", "exponential_max");
        legacy.put("RETRY_JITTER_ENABLED", "jitter_enabled");
        legacy.put("RETRY_JITTER_MAX", "jitter_max");
        legacy.put("CIRCUIT_BREAKER_FAILURE_THRESHOLD", "circuit_breaker_threshold");
        legacy.put("CIRCUIT_BREAKER_RECOVERY_TIMEOUT", "recovery_timeout");
        legacy.put("DEFAULT_RESILIENCE_STRATEGY", "default_strategy");
        legacy.put("SUMMARIZE_RESILIENCE_STRATEGY", "operation_overrides.summarize");
        legacy.put("SENTIMENT_RESILIENCE_STRATEGY", "operation_overrides.sentiment");
        legacy.put("KEY_POINTS_RESILIENCE_STRATEGY", "operation_overrides.key_points");
        legacy.put("QUESTIONS_RESILIENCE_STRATEGY", "operation_overrides.questions");
        legacy.put("QA_RESILIENCE_STRATEGY", "operation_overrides.qa");
        legacy.put("CIRCUIT_BREAKER_ENABLED", "enable_circuit_breaker");
        legacy.put("RETRY_ENABLED", "enable_retry");
        LEGACY_KEYS = Collections.unmodifiableMap(legacy);
    }

    /**
     * Translates the legacy variables present in {@code legacy} into a custom document and checks it with the same
     * rules. Numbers and booleans are converted when they parse; otherwise the text goes to the validator, which
     * reports it naming the variable.
     */
    public static Checked checkLegacy(Map<String, String> legacy) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : legacy.entrySet()) {
            String target = LEGACY_KEYS.get(entry.getKey());
            if (target == null) {
                continue;
            }
            String raw = entry.getValue() == null ? "" : entry.getValue().trim();
            if (target.startsWith("operation_overrides.")) {
                Map<String, Object> overrides = JsonTree.asObject(
                        root.computeIfAbsent("operation_overrides", name -> new LinkedHashMap<String, Object>()));
                overrides.put(target.substring("operation_overrides.".length()), raw.toLowerCase(Locale.ROOT));
                labels.put("operation_overrides", "operation_overrides (from legacy *_RESILIENCE_STRATEGY)");
                continue;
            }
            labels.put(target, target + " (from " + entry.getKey() + ")");
            ConfigKey key = ConfigKey.byName(target);
            switch (key.type()) {
                case INT:
                    try {
                        root.put(target, BigInteger.valueOf(Integer.parseInt(raw)));
                    } catch (NumberFormatException e) {
                        root.put(target, raw);
                    }
                    break;
                case SECONDS:
                case DECIMAL:
                    try {
                        root.put(target, BigDecimal.valueOf(Double.parseDouble(raw))); // NaN, Infinity: not numbers
                    } catch (NumberFormatException e) {
                        root.put(target, raw);
                    }
                    break;
                case BOOLEAN:
                    String lower = raw.toLowerCase(Locale.ROOT);
                    if (lower.equals("true") || lower.equals("1") || lower.equals("yes")) {
                        root.put(target, true);
                    } else if (lower.equals("false") || lower.equals("0") || lower.equals("no")) {
                        root.put(target, false);
                    } else {
                        root.put(target, raw);
                    }
                    break;
                default:
                    root.put(target, raw.toLowerCase(Locale.ROOT));
            }
        }
        if (root.isEmpty()) {
            return withLayer(new Checked(null), ConfigLayer.EMPTY);
        }
        return check(root, labels);
    }

    // ---------------------------------------------------------------- per-key checks

    private static Object typed(ConfigKey key, Object node, String label, Checked checked) {
        String path = "$." + key.jsonName();
        switch (key.type()) {
            case INT:
                if (node instanceof BigInteger && ((BigInteger) node).bitLength() < 32) {
                    int value = ((BigInteger) node).intValue();
                    if (value >= key.min() && value <= key.max()) {
                        return value;
                    }
                } else if (node instanceof Number && isIntegral(((Number) node).doubleValue())
                        && Math.abs(((Number) node).doubleValue()) < 1e9) {
                    // 3.0 is the integer 3 in JSON Schema; accept it if it is in range.
                    int value = (int) ((Number) node).doubleValue();
                    if (value >= key.min() && value <= key.max()) {
                        return value;
                    }
                }
                rangeError(key, node, label, path, checked);
                return null;
            case DECIMAL:
                if (node instanceof Number) {
                    double value = ((Number) node).doubleValue();
                    if (key.accepts(value)) {
                        return value;
                    }
                }
                rangeError(key, node, label, path, checked);
                return null;
            case SECONDS:
                if (node instanceof Number) {
                    double value = ((Number) node).doubleValue();
                    if (key.accepts(value)) {
                        return key.jsonValue(value); // the layer keeps JSON's units
                    }
                }
                rangeError(key, node, label, path, checked);
                return null;
            case BOOLEAN:
                if (node instanceof Boolean) {
                    return node;
                }
                checked.errors.add(problem(path, key.allowed(), render(node),
                        "Field '" + label + "': must be true or false, but was " + render(node)));
                return null;
            case CHOICE:
                String choice = key.choice(node); // the layer keeps JSON's spelling
                if (choice == null) {
                    checked.errors.add(problem(path, key.allowed(), render(node),
                            "Field '" + label + "': must be " + key.allowed() + ", but was " + render(node)));
                }
                return choice;
            case STRATEGY:
                ResilienceStrategy strategy = strategy(node);
                if (strategy == null) {
                    strategyError(path, label, node, checked);
                }
                return strategy;
            case ROUTES:
                return RouteSchema.routes(node, checked);
            default:
                return overrides(node, label, checked);
        }
    }

    private static Map<String, ResilienceStrategy> overrides(Object node, String label, Checked checked) {
        String path = "$.operation_overrides";
        if (!JsonTree.isObject(node)) {
            checked.errors.add(problem(path, ConfigKey.OPERATION_OVERRIDES.allowed(), render(node),
                    "Field '" + label + "': must be an object mapping operation names to strategies, but was " + render(node)));
            return null;
        }
        Map<String, ResilienceStrategy> overrides = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, Object> entry : JsonTree.asObject(node).entrySet()) {
            String operation = entry.getKey();
            String entryPath = path + "." + shorten(operation);
            try {
                OperationNames.validate(operation);
            } catch (IllegalArgumentException e) {
                checked.errors.add(problem(entryPath, "an operation name of 1 to 200 characters, not blank, without control characters",
                        shorten(operation), "Invalid operation '" + shorten(operation) + "' in operation_overrides: " + e.getMessage()));
                ok = false;
                continue;
            }
            ResilienceStrategy strategy = strategy(entry.getValue());
            if (strategy == null) {
                strategyError(entryPath, "operation_overrides." + shorten(operation), entry.getValue(), checked);
                ok = false;
            } else {
                overrides.put(operation, strategy);
            }
        }
        return ok ? Collections.unmodifiableMap(overrides) : null;
    }

    private static ResilienceStrategy strategy(Object node) {
        if (!(node instanceof String)) {
            return null;
        }
        try {
            return ResilienceStrategy.fromString((String) node); // the one parser of strategy names
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    private static void strategyError(String path, String label, Object node, Checked checked) {
        checked.errors.add(problem(path, ConfigKey.DEFAULT_STRATEGY.allowed(), render(node),
                "Field '" + label + "': must be one of aggressive, balanced, conservative, critical, but was " + render(node)));
        checked.suggestions.add("Valid strategies for " + label + ": aggressive, balanced, conservative, critical");
    }

    private static void rangeError(ConfigKey key, Object node, String label, String path, Checked checked) {
        checked.errors.add(problem(path, key.allowed(), render(node),
                "Field '" + label + "': must be " + key.allowed() + ", but was " + render(node)));
        String middle = key.type() == ConfigKey.Type.INT ? String.valueOf((int) ((key.min() + key.max()) / 2))
                : key.type() == ConfigKey.Type.DECIMAL ? String.valueOf((key.min() + key.max()) / 2)
                : String.valueOf(Math.round(key.max() / 2));
        checked.suggestions.add("Try: " + key.jsonName() + ": " + middle + " (allowed " + key.allowed() + ")");
    }

    /** The logic rules of §3.4.1, on the keys this document sets. */
    private static void logicRules(Map<ConfigKey, Object> values, Checked checked) {
        Object min = values.get(ConfigKey.EXPONENTIAL_MIN);
        Object max = values.get(ConfigKey.EXPONENTIAL_MAX);
        if (min != null && max != null && ((Number) min).doubleValue() >= ((Number) max).doubleValue()) {
            checked.errors.add(problem("$.exponential_min", "less than exponential_max (" + max + ")", String.valueOf(min),
                    "exponential_min must be less than exponential_max, but was " + min + " >= " + max));
            checked.suggestions.add("Try exponential_min: " + ((Number) max).doubleValue() / 2 + " or exponential_max: "
                    + ((Number) min).doubleValue() * 2);
        }
        if (Boolean.TRUE.equals(values.get(ConfigKey.HEDGE_ENABLED))
                && Boolean.FALSE.equals(values.get(ConfigKey.IDEMPOTENT))) {
            checked.errors.add(problem("$.hedge_enabled", "false unless idempotent is true", "true",
                    "hedge_enabled requires idempotent to be true (a hedge sends the same request again), but"
                            + " idempotent was false"));
            checked.suggestions.add("Try idempotent: true if the operation's requests may be sent twice, else"
                    + " hedge_enabled: false");
        }
        Object attempts = values.get(ConfigKey.RETRY_ATTEMPTS);
        Object budget = values.get(ConfigKey.MAX_DELAY_SECONDS);
        if (attempts != null && budget != null && ((Number) budget).doubleValue() < 2 * (Integer) attempts) {
            checked.warnings.add("max_delay_seconds (" + ConfigKey.readable(ConfigKey.seconds(((Number) budget).doubleValue()))
                    + ") might be too short for " + attempts
                    + " retry attempts (estimated minimum: " + (2 * (Integer) attempts) + "s)");
        }
        Object threshold = values.get(ConfigKey.CIRCUIT_BREAKER_THRESHOLD);
        if (threshold != null && (Integer) threshold < 3) {
            checked.warnings.add("Very low circuit breaker threshold may cause frequent circuit opening");
        }
        if (attempts != null && (Integer) attempts > 7) {
            checked.warnings.add("High retry attempts may increase latency significantly");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static ConfigProblem limitProblem(StreamConstraintsException e) {
        String message = e.getOriginalMessage();
        if (message.contains("nesting depth")) {
            return problem("$", "nesting depth at most " + MAX_NESTING_DEPTH, "deeper nesting",
                    "Configuration nested too deep (max depth: " + MAX_NESTING_DEPTH + ")");
        }
        if (message.contains("Name length")) {
            return problem("$", "keys of at most " + MAX_STRING_LENGTH + " characters", "a longer key",
                    "Key name too long (max: " + MAX_STRING_LENGTH + " characters)");
        }
        if (message.contains("String value length")) {
            return problem("$", "strings of at most " + MAX_STRING_LENGTH + " characters", "a longer string",
                    "String too long (max: " + MAX_STRING_LENGTH + " characters)");
        }
        if (message.contains("Document length")) {
            return problem("$", "at most " + MAX_PAYLOAD_BYTES + " bytes", "a larger document",
                    "Configuration too large (max: " + MAX_PAYLOAD_BYTES + " bytes)");
        }
        return problem("$", "a small JSON document", "a document over a reader limit", "Configuration exceeds a reader limit: " + message);
    }

    private static ConfigProblem parseProblem(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message != null && (message.contains("NaN") || message.contains("Infinity"))) {
            return problem("$", "finite JSON numbers", "NaN or Infinity", "Invalid JSON: NaN and Infinity are not allowed");
        }
        if (message != null && message.startsWith("Duplicate")) {
            return problem("$", "each key at most once", "a duplicate key", "Invalid JSON: " + message);
        }
        String location = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
        return problem("$", "a JSON object", "malformed JSON", "Invalid JSON" + location + ": " + shorten(message));
    }

    private static int countKeys(Object node) {
        int count = 0;
        if (JsonTree.isObject(node)) {
            for (Object value : JsonTree.asObject(node).values()) {
                count += 1 + countKeys(value);
                if (count > MAX_KEYS) {
                    return count;
                }
            }
        } else if (node instanceof List) {
            for (Object element : (List<?>) node) {
                count += countKeys(element);
                if (count > MAX_KEYS) {
                    return count;
                }
            }
        }
        return count;
    }

    private static boolean isIntegral(double value) {
        return Double.isFinite(value) && value == Math.rint(value);
    }

    static String render(Object node) {
        return shorten(JsonTree.render(node));
    }

    static String shorten(String text) {
        if (text == null) {
            return "null";
        }
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    public static ConfigProblem problem(String path, String allowed, String received, String message) {
        return new ConfigProblem(path, allowed, received, message);
    }

    private static Checked single(ConfigProblem problem) {
        Checked checked = new Checked(null);
        checked.errors.add(problem);
        return checked;
    }

    private static Checked withLayer(Checked from, ConfigLayer layer) {
        Checked checked = new Checked(layer);
        checked.errors.addAll(from.errors);
        checked.warnings.addAll(from.warnings);
        checked.suggestions.addAll(from.suggestions);
        return checked;
    }
}
