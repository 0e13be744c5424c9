package dev.airesilience.settings;

import static dev.airesilience.config.ResilienceStrategy.AGGRESSIVE;
import static dev.airesilience.config.ResilienceStrategy.BALANCED;
import static dev.airesilience.config.ResilienceStrategy.CONSERVATIVE;
import static dev.airesilience.config.ResilienceStrategy.CRITICAL;

import dev.airesilience.config.ResiliencePreset;
import dev.airesilience.config.ResilienceStrategy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The named presets of the seed (§2.2) and the environment-based recommendation (§3.9). Stateless. */
public final class PresetManager {

    public static final ResiliencePreset SIMPLE = new ResiliencePreset("simple", "Simple",
            "Balanced configuration suitable for most use cases", 3, 5, Duration.ofSeconds(60), BALANCED, Map.of(),
            List.of("development", "testing", "staging", "production"));

    public static final ResiliencePreset DEVELOPMENT = new ResiliencePreset("development", "Development",
            "Fast-fail configuration optimized for development speed", 2, 3, Duration.ofSeconds(30), AGGRESSIVE,
            ordered("sentiment", AGGRESSIVE, "qa", BALANCED), List.of("development", "testing"));

    public static final ResiliencePreset PRODUCTION = new ResiliencePreset("production", "Production",
            "High-reliability configuration for production workloads", 5, 10, Duration.ofSeconds(120), CONSERVATIVE,
            ordered("qa", CRITICAL, "sentiment", AGGRESSIVE, "summarize", CONSERVATIVE, "key_points", BALANCED,
                    "questions", BALANCED),
            List.of("production", "staging"));

    private static final Map<String, ResiliencePreset> PRESETS = new LinkedHashMap<>();

    static {
        PRESETS.put(SIMPLE.key(), SIMPLE);
        PRESETS.put(DEVELOPMENT.key(), DEVELOPMENT);
        PRESETS.put(PRODUCTION.key(), PRODUCTION);
    }

    private PresetManager() {}

    /** {@code [simple, development, production]}. */
    public static List<String> listPresets() {
        return List.copyOf(PRESETS.keySet());
    }

    /**
     * The preset named {@code name} (case-sensitive, as in the seed).
     *
     * @throws IllegalArgumentException {@code Unknown preset '<name>'. Available presets: [simple, development, production]}
     */
    public static ResiliencePreset getPreset(String name) {
        ResiliencePreset preset = name == null ? null : PRESETS.get(name);
        if (preset == null) {
            throw new IllegalArgumentException("Unknown preset '" + name + "'. Available presets: " + listPresets());
        }
        return preset;
    }

    public static Map<String, Object> getPresetDetails(String name) {
        return getPreset(name).details();
    }

    /** {@code {key: details}} for every preset. */
    public static Map<String, Map<String, Object>> getAllPresetsSummary() {
        Map<String, Map<String, Object>> summary = new LinkedHashMap<>();
        PRESETS.forEach((key, preset) -> summary.put(key, preset.details()));
        return summary;
    }

    // ---------------------------------------------------------------- recommendation (§3.9)

    private static final Map<String, Object[]> EXACT = new LinkedHashMap<>();

    static {
        EXACT.put("development", new Object[] {"development", 0.95});
        EXACT.put("dev", new Object[] {"development", 0.90});
        EXACT.put("testing", new Object[] {"development", 0.85});
        EXACT.put("test", new Object[] {"development", 0.85});
        EXACT.put("staging", new Object[] {"production", 0.90});
        EXACT.put("stage", new Object[] {"production", 0.85});
        EXACT.put("production", new Object[] {"production", 0.95});
        EXACT.put("prod", new Object[] {"production", 0.90});
        EXACT.put("live", new Object[] {"production", 0.85});
    }

    // Whole tokens, not substrings: "latest" holds "test" and "domain-x" holds "main", yet neither is an environment.
    private static final Set<String> STAGING_TOKENS = Set.of("stag", "stage", "staging", "stg", "preprod", "uat", "integration");
    private static final Set<String> DEVELOPMENT_TOKENS = Set.of("dev", "develop", "development", "local", "localhost",
            "test", "tests", "testing", "sandbox", "demo");
    private static final Set<String> PRODUCTION_TOKENS = Set.of("prod", "production", "live", "release", "stable",
            "main", "master");

    /** The recommended preset for an environment name; {@code null} auto-detects from the process environment. */
    public static String recommendPreset(String environment) {
        return recommendPresetWithDetails(environment).presetName();
    }

    /**
     * The recommendation for an environment name: the exact names of the seed's table first, then whole-word
     * patterns (staging, then development, then production), then {@code simple} at 0.40.
     */
    public static PresetRecommendation recommendPresetWithDetails(String environment) {
        if (environment == null) {
            return autoDetect(System.getenv());
        }
        String normalised = environment.trim().toLowerCase(Locale.ROOT);
        Object[] exact = EXACT.get(normalised);
        if (exact != null) {
            return new PresetRecommendation((String) exact[0], (Double) exact[1],
                    "Exact match for '" + normalised + "' environment", environment);
        }
        List<String> tokens = tokens(normalised);
        if (tokens.stream().anyMatch(STAGING_TOKENS::contains) || hasPair(tokens, "pre", "prod")) {
            return new PresetRecommendation("production", 0.70,
                    "Environment name matches a staging pattern; staging should behave like production", environment);
        }
        if (tokens.stream().anyMatch(DEVELOPMENT_TOKENS::contains)) {
            return new PresetRecommendation("development", 0.75, "Environment name matches a development pattern", environment);
        }
        if (tokens.stream().anyMatch(PRODUCTION_TOKENS::contains)) {
            return new PresetRecommendation("production", 0.75, "Environment name matches a production pattern", environment);
        }
        return new PresetRecommendation("simple", 0.40,
                "Unknown environment '" + environment + "'; defaulting to the simple preset", environment);
    }

    /**
     * Auto-detection from environment variables (§3.9, without the file-system indicators): {@code ENVIRONMENT}
     * (0.95), then {@code NODE_ENV}, {@code FLASK_ENV}, {@code APP_ENV}, {@code ENV}, {@code DEPLOYMENT_ENV},
     * {@code DJANGO_SETTINGS_MODULE}, {@code RAILS_ENV} (0.85) when they hold an exact environment name;
     * {@code DEBUG=true|1} (development 0.70); {@code PRODUCTION=true}, {@code PROD=true}, {@code DEBUG=false|0}
     * (production 0.75). The best signal wins, +0.05 per agreeing signal (cap 0.98), ×0.85 when a conflicting
     * signal is above 0.70.
     */
    public static PresetRecommendation autoDetect(Map<String, String> env) {
        List<Object[]> signals = new ArrayList<>(); // {environment, confidence, source}
        addSignal(signals, env.get("ENVIRONMENT"), 0.95, "ENVIRONMENT");
        for (String name : List.of("NODE_ENV", "FLASK_ENV", "APP_ENV", "ENV", "DEPLOYMENT_ENV", "DJANGO_SETTINGS_MODULE", "RAILS_ENV")) {
            addSignal(signals, env.get(name), 0.85, name);
        }
        String debug = lower(env.get("DEBUG"));
        if (debug.equals("true") || debug.equals("1")) {
            signals.add(new Object[] {"development", 0.70, "DEBUG"});
        }
        if (lower(env.get("PRODUCTION")).equals("true") || lower(env.get("PROD")).equals("true")
                || debug.equals("false") || debug.equals("0")) {
            signals.add(new Object[] {"production", 0.75, "production indicator"});
        }
        if (signals.isEmpty()) {
            return new PresetRecommendation("simple", 0.50,
                    "No clear environment indicators found; defaulting to the simple preset", "unknown (auto-detected)");
        }
        signals.sort((a, b) -> Double.compare((Double) b[1], (Double) a[1]));
        Object[] best = signals.get(0);
        String environment = (String) best[0];
        double confidence = (Double) best[1];
        boolean conflict = false;
        for (Object[] other : signals.subList(1, signals.size())) {
            if (other[0].equals(environment)) {
                confidence = Math.min(0.98, confidence + 0.05);
            } else if ((Double) other[1] > 0.70) {
                conflict = true;
            }
        }
        if (conflict) {
            confidence *= 0.85;
        }
        String preset = environment.equals("development") || environment.equals("testing") ? "development"
                : environment.equals("staging") || environment.equals("production") ? "production" : "simple";
        if (confidence <= 0.5 && (environment.equals("development") || preset.equals("simple"))) {
            return new PresetRecommendation("simple", confidence,
                    "No clear environment indicators; defaulting to the simple preset", "unknown (auto-detected)");
        }
        return new PresetRecommendation(preset, confidence,
                "Detected " + environment + " from " + best[2], environment + " (auto-detected)");
    }

    private static void addSignal(List<Object[]> signals, String value, double confidence, String source) {
        Object[] exact = value == null ? null : EXACT.get(value.trim().toLowerCase(Locale.ROOT));
        if (exact != null) {
            String preset = (String) exact[0];
            String name = value.trim().toLowerCase(Locale.ROOT);
            String environment = name.startsWith("stag") ? "staging" : preset.equals("development")
                    ? (name.startsWith("test") ? "testing" : "development") : "production";
            signals.add(new Object[] {environment, confidence, source});
        }
    }

    private static String lower(String value) {
        return value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
    }

    /** Words of the name; a trailing number is dropped ({@code prod1} → {@code prod}). */
    private static List<String> tokens(String name) {
        List<String> tokens = new ArrayList<>();
        for (String token : name.split("[^a-z0-9]+")) {
            if (!token.isEmpty()) {
                tokens.add(token.replaceAll("(?<=[a-z])[0-9]+$", ""));
            }
        }
        return tokens;
    }

    private static boolean hasPair(List<String> tokens, String first, String second) {
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).equals(first) && tokens.get(i + 1).equals(second)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, ResilienceStrategy> ordered(Object... pairs) {
        Map<String, ResilienceStrategy> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], (ResilienceStrategy) pairs[i + 1]);
        }
        return map;
    }
}
