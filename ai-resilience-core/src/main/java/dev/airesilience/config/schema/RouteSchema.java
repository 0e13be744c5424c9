package dev.airesilience.config.schema;

import dev.airesilience.config.ConfigKey;
import dev.airesilience.config.QuotaConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.config.RoutingConfig.Target;
import dev.airesilience.config.TargetSelection;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.internal.OperationNames;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code routes} key: an object mapping operation names to routes, each read into a {@link RoutingConfig}.
 *
 * <pre>{@code
 * {"routes": {"summarize": {
 *     "targets": [{"name": "openai/gpt-4o", "weight": 1, "requests_per_minute": 500, "tokens_per_minute": 30000},
 *                 {"name": "anthropic/claude-sonnet"}],
 *     "selection": "ordered", "context_length_target": "openai/gpt-4.1", "content_policy_target": null}}}
 * }</pre>
 *
 * <p>The ranges are the records' own ({@link RoutingConfig}, {@link RoutingConfig.Target}, {@link QuotaConfig}): each
 * field is checked by building the record from it, and a refusal becomes a problem naming the field's JSON path,
 * with the record's message. Every field is checked on its own, so every problem of a document is reported at once.
 */
final class RouteSchema {

    static final String TARGETS = "targets";
    static final String SELECTION = "selection";
    static final String CONTEXT_LENGTH_TARGET = "context_length_target";
    static final String CONTENT_POLICY_TARGET = "content_policy_target";
    static final String NAME = "name";
    static final String WEIGHT = "weight";
    static final String REQUESTS_PER_MINUTE = "requests_per_minute";
    static final String TOKENS_PER_MINUTE = "tokens_per_minute";

    /** The keys of a route, in the order they are written back. */
    static final List<String> ROUTE_KEYS = List.of(TARGETS, SELECTION, CONTEXT_LENGTH_TARGET, CONTENT_POLICY_TARGET);
    /** The keys of a target, in the order they are written back. */
    static final List<String> TARGET_KEYS = List.of(NAME, WEIGHT, REQUESTS_PER_MINUTE, TOKENS_PER_MINUTE);
    /** The selections, in JSON spelling. */
    static final List<String> SELECTIONS = Arrays.stream(TargetSelection.values())
            .map(selection -> selection.name().toLowerCase(Locale.ROOT)).toList();

    /** A target that every check accepts, standing in for the fields not under test. */
    private static final Target PLACEHOLDER = new Target("placeholder", 1);
    /** "must be X, but was Y" / "must have X, but had Y": what the record allows is X. */
    private static final Pattern ALLOWED = Pattern.compile("must (?:be|have) (.+?), but ");

    private RouteSchema() {}

    /** {@code routes}' value: operation → route, or → {@code null} to remove that operation's route; null if invalid. */
    static Map<String, RoutingConfig> routes(Object node, ConfigSchema.Checked checked) {
        String field = ConfigKey.ROUTES.jsonName();
        if (!JsonTree.isObject(node)) {
            add(checked, field, ConfigKey.ROUTES.allowed(), node, "must be " + ConfigKey.ROUTES.allowed() + ", but was "
                    + ConfigSchema.render(node));
            return null;
        }
        Map<String, RoutingConfig> routes = new LinkedHashMap<>();
        boolean ok = true;
        for (Map.Entry<String, Object> entry : JsonTree.asObject(node).entrySet()) {
            String operation = entry.getKey();
            String operationField = field + "." + ConfigSchema.shorten(operation);
            try {
                OperationNames.validate(operation);
            } catch (IllegalArgumentException e) {
                checked.errors.add(ConfigSchema.problem("$." + operationField,
                        "an operation name of 1 to 200 characters, not blank, without control characters",
                        ConfigSchema.shorten(operation), "Invalid operation '" + ConfigSchema.shorten(operation)
                                + "' in routes: " + e.getMessage()));
                ok = false;
                continue;
            }
            if (entry.getValue() == JsonTree.NULL) {
                routes.put(operation, null); // removes the operation's route
                continue;
            }
            RoutingConfig route = route(entry.getValue(), operationField, checked);
            if (route == null) {
                ok = false;
            } else {
                routes.put(operation, route);
            }
        }
        return ok ? Collections.unmodifiableMap(routes) : null;
    }

    private static RoutingConfig route(Object node, String field, ConfigSchema.Checked checked) {
        if (!JsonTree.isObject(node)) {
            String allowed = "an object with " + keys(ROUTE_KEYS) + " (targets required), or null to remove the route";
            add(checked, field, allowed, node, "must be " + allowed + ", but was " + ConfigSchema.render(node));
            return null;
        }
        int before = checked.errors.size();
        Map<String, Object> route = JsonTree.asObject(node);
        unknownKeys(route, ROUTE_KEYS, field, checked);
        List<Target> targets = targets(route, field + "." + TARGETS, checked);
        TargetSelection selection = selection(route.get(SELECTION), field + "." + SELECTION, checked);
        String contextLength = errorTarget(route.get(CONTEXT_LENGTH_TARGET), field + "." + CONTEXT_LENGTH_TARGET,
                checked, name -> new RoutingConfig(List.of(PLACEHOLDER), TargetSelection.ORDERED, name, null));
        String contentPolicy = errorTarget(route.get(CONTENT_POLICY_TARGET), field + "." + CONTENT_POLICY_TARGET,
                checked, name -> new RoutingConfig(List.of(PLACEHOLDER), TargetSelection.ORDERED, null, name));
        if (checked.errors.size() > before) {
            return null;
        }
        RoutingConfig[] built = new RoutingConfig[1];
        boolean ok = check(checked, field, "a valid route", ConfigSchema.render(node),
                () -> built[0] = new RoutingConfig(targets, selection, contextLength, contentPolicy));
        return ok ? built[0] : null;
    }

    private static List<Target> targets(Map<String, Object> route, String field, ConfigSchema.Checked checked) {
        String allowed = "an array of 1 to " + RoutingConfig.MAX_TARGETS + " targets, each an object with "
                + keys(TARGET_KEYS) + " (name required)";
        Object node = route.get(TARGETS);
        if (node == null || node == JsonTree.NULL) {
            add(checked, field, allowed, node, "required: must be " + allowed + ", but was "
                    + (node == null ? "missing" : "null"));
            return List.of();
        }
        if (!(node instanceof List)) {
            add(checked, field, allowed, node, "must be " + allowed + ", but was " + ConfigSchema.render(node));
            return List.of();
        }
        List<?> elements = (List<?>) node;
        int count = elements.size();
        if (count == 0 || count > RoutingConfig.MAX_TARGETS) {
            // The record's count check comes first, so copies of one target get its message and no other.
            check(checked, field, allowed, count + " targets",
                    () -> new RoutingConfig(Collections.nCopies(count, PLACEHOLDER), TargetSelection.ORDERED, null, null));
            return List.of(); // too many to check one by one: a long array would be as many problems
        }
        List<Target> targets = new ArrayList<>(count);
        List<String> names = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String targetField = field + "[" + i + "]";
            Target target = target(elements.get(i), targetField, checked);
            if (target != null) {
                targets.add(target);
            }
            // Names are compared even when another field of their target is wrong, so that every problem shows.
            String name = validName(elements.get(i));
            if (name != null) {
                if (names.contains(name)) {
                    Target same = new Target(name, 1);
                    check(checked, targetField + "." + NAME, "unique names", ConfigSchema.render(name),
                            () -> new RoutingConfig(List.of(same, same), TargetSelection.ORDERED, null, null));
                }
                names.add(name);
            }
        }
        return targets;
    }

    /** The name of a target element, when it is one that {@link Target} accepts; else null. */
    private static String validName(Object node) {
        Object name = JsonTree.isObject(node) ? JsonTree.asObject(node).get(NAME) : null;
        if (!(name instanceof String)) {
            return null;
        }
        try {
            return new Target((String) name, 1).name();
        } catch (IllegalArgumentException invalid) {
            return null;
        }
    }

    private static Target target(Object node, String field, ConfigSchema.Checked checked) {
        if (!JsonTree.isObject(node)) {
            String allowed = "an object with " + keys(TARGET_KEYS) + " (name required)";
            add(checked, field, allowed, node, "must be " + allowed + ", but was " + ConfigSchema.render(node));
            return null;
        }
        int before = checked.errors.size();
        Map<String, Object> target = JsonTree.asObject(node);
        unknownKeys(target, TARGET_KEYS, field, checked);

        String nameField = field + "." + NAME;
        String nameAllowed = "a target name of 1 to " + RoutingConfig.MAX_NAME_LENGTH
                + " characters, not blank, without control characters";
        Object nameNode = target.get(NAME);
        String name = null;
        boolean nameOk = false;
        if (nameNode instanceof String || nameNode == null || nameNode == JsonTree.NULL) {
            name = nameNode instanceof String ? (String) nameNode : null;
            String candidate = name;
            nameOk = check(checked, nameField, nameAllowed, nameNode == null ? "missing" : ConfigSchema.render(nameNode),
                    () -> new Target(candidate, 1));
        } else {
            add(checked, nameField, nameAllowed, nameNode, "must be " + nameAllowed + " (a string), but was "
                    + ConfigSchema.render(nameNode));
        }

        String weightField = field + "." + WEIGHT;
        Object weightNode = target.get(WEIGHT);
        Long weight = whole(weightNode, 1, weightField, "an integer between 1 and " + RoutingConfig.MAX_WEIGHT
                + " (inclusive)", checked);
        if (weight != null) {
            String owner = nameOk ? name : "targets[" + field.substring(field.lastIndexOf('[') + 1);
            if (weight < Integer.MIN_VALUE || weight > Integer.MAX_VALUE) {
                add(checked, weightField, "between 1 and " + RoutingConfig.MAX_WEIGHT + " (inclusive)", weightNode,
                        "RoutingConfig.targets[].weight of target '" + owner + "' must be between 1 and "
                                + RoutingConfig.MAX_WEIGHT + " (inclusive), but was " + ConfigSchema.render(weightNode));
            } else {
                int value = weight.intValue();
                check(checked, weightField, "between 1 and " + RoutingConfig.MAX_WEIGHT + " (inclusive)",
                        ConfigSchema.render(weightNode), () -> new Target(owner, value));
            }
        }

        Long requests = quota(target, REQUESTS_PER_MINUTE, field, QuotaConfig.MAX_REQUESTS_PER_MINUTE, checked,
                value -> new QuotaConfig(value, 0));
        Long tokens = quota(target, TOKENS_PER_MINUTE, field, QuotaConfig.MAX_TOKENS_PER_MINUTE, checked,
                value -> new QuotaConfig(0, value));
        if (checked.errors.size() > before) {
            return null;
        }
        return new Target(name, weight.intValue(), new QuotaConfig(requests, tokens));
    }

    private static Long quota(Map<String, Object> target, String key, String field, long max,
            ConfigSchema.Checked checked, LongFunction<QuotaConfig> build) {
        String quotaField = field + "." + key;
        Object node = target.get(key);
        Long value = whole(node, 0, quotaField, "an integer between 0 and " + max + " (inclusive; 0: no limit)",
                checked);
        if (value == null) {
            return null;
        }
        long quota = value;
        boolean ok = check(checked, quotaField, "between 0 and " + max + " (inclusive; 0: no limit)",
                ConfigSchema.render(node), () -> build.apply(quota));
        return ok ? quota : null;
    }

    /** A whole JSON number as a long ({@code fallback} when absent or null), or null after adding a problem. */
    private static Long whole(Object node, long fallback, String field, String allowed, ConfigSchema.Checked checked) {
        if (node == null || node == JsonTree.NULL) {
            return fallback;
        }
        if (node instanceof BigInteger && ((BigInteger) node).bitLength() < 64) {
            return ((BigInteger) node).longValue();
        }
        if (node instanceof Number && !(node instanceof BigInteger)) {
            double value = ((Number) node).doubleValue();
            // 500.0 is the integer 500 in JSON Schema, as for the other integer keys.
            if (Double.isFinite(value) && value == Math.rint(value) && Math.abs(value) < 9e15) {
                return (long) value;
            }
        }
        add(checked, field, allowed, node, "must be " + allowed + ", but was " + ConfigSchema.render(node));
        return null;
    }

    private static TargetSelection selection(Object node, String field, ConfigSchema.Checked checked) {
        if (node == null || node == JsonTree.NULL) {
            return TargetSelection.ORDERED;
        }
        if (node instanceof String) {
            String name = ((String) node).trim().toLowerCase(Locale.ROOT);
            if (SELECTIONS.contains(name)) {
                return TargetSelection.valueOf(name.toUpperCase(Locale.ROOT));
            }
        }
        String allowed = "one of " + String.join(", ", SELECTIONS);
        add(checked, field, allowed, node, "must be " + allowed + ", but was " + ConfigSchema.render(node));
        return TargetSelection.ORDERED;
    }

    private static String errorTarget(Object node, String field, ConfigSchema.Checked checked,
            Function<String, RoutingConfig> build) {
        String allowed = "a target name of 1 to " + RoutingConfig.MAX_NAME_LENGTH
                + " characters without control characters, or null for none";
        if (node == null || node == JsonTree.NULL) {
            return null;
        }
        if (!(node instanceof String)) {
            add(checked, field, allowed, node, "must be " + allowed + ", but was " + ConfigSchema.render(node));
            return null;
        }
        String name = (String) node;
        check(checked, field, allowed, ConfigSchema.render(node), () -> build.apply(name));
        return name;
    }

    private static void unknownKeys(Map<String, Object> object, List<String> known, String field,
            ConfigSchema.Checked checked) {
        for (String key : object.keySet()) {
            if (!known.contains(key)) {
                String keyField = field + "." + ConfigSchema.shorten(key);
                checked.errors.add(ConfigSchema.problem("$." + keyField, "one of " + keys(known),
                        ConfigSchema.shorten(key), "Field '" + keyField + "': unknown key; allowed keys are "
                                + keys(known)));
            }
        }
    }

    /**
     * Runs a record's constructor on one field's value; its refusal becomes a problem at {@code field} with the
     * record's message (which names the record's field, its range and the value).
     */
    private static boolean check(ConfigSchema.Checked checked, String field, String allowed, String received,
            Supplier<Object> build) {
        try {
            build.get();
            return true;
        } catch (IllegalArgumentException | NullPointerException e) {
            String message = e.getMessage();
            Matcher range = ALLOWED.matcher(message);
            checked.errors.add(new ConfigProblem("$." + field, range.find() ? range.group(1) : allowed, received,
                    "Field '" + field + "': " + message));
            return false;
        }
    }

    private static void add(ConfigSchema.Checked checked, String field, String allowed, Object node, String message) {
        checked.errors.add(ConfigSchema.problem("$." + field, allowed, node == null ? "missing" : ConfigSchema.render(node),
                "Field '" + field + "': " + message));
    }

    private static String keys(List<String> keys) {
        return String.join(", ", keys);
    }

    /** A route as its JSON document: every key, with {@code null} for an error-specific target not set. */
    static Map<String, Object> document(RoutingConfig route) {
        List<Object> targets = new ArrayList<>();
        for (Target target : route.targets()) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put(NAME, target.name());
            json.put(WEIGHT, target.weight());
            json.put(REQUESTS_PER_MINUTE, target.quota().requestsPerMinute());
            json.put(TOKENS_PER_MINUTE, target.quota().tokensPerMinute());
            targets.add(Collections.unmodifiableMap(json));
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(TARGETS, Collections.unmodifiableList(targets));
        json.put(SELECTION, route.selection().name().toLowerCase(Locale.ROOT));
        json.put(CONTEXT_LENGTH_TARGET, route.contextLengthTarget());
        json.put(CONTENT_POLICY_TARGET, route.contentPolicyTarget());
        return Collections.unmodifiableMap(json);
    }
}
