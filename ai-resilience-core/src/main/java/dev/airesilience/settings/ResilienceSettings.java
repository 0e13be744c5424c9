package dev.airesilience.settings;

import dev.airesilience.config.ResiliencePreset;
import dev.airesilience.config.schema.ConfigSchema;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.config.validation.InvalidConfigurationException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * What the orchestrator is configured with: a preset, an optional custom JSON document and optional legacy
 * variables (precedence custom JSON &gt; legacy &gt; preset). Immutable; checked when the orchestrator is built
 * ({@code new AIServiceResilience(settings)}), where every problem is reported at once.
 *
 * @param preset the preset key ({@code simple}, {@code development}, {@code production}); default {@code simple}
 * @param customConfig the custom JSON document, or {@code null}
 * @param legacy legacy variables by name ({@code RETRY_MAX_ATTEMPTS}, ...), only the recognised ones
 */
public record ResilienceSettings(String preset, String customConfig, Map<String, String> legacy) {

    public static final String PRESET_VARIABLE = "RESILIENCE_PRESET";
    public static final String CUSTOM_CONFIG_VARIABLE = "RESILIENCE_CUSTOM_CONFIG";

    public ResilienceSettings {
        Objects.requireNonNull(preset, "preset must not be null");
        PresetManager.getPreset(preset); // Unknown preset '<name>'. Available presets: [...]
        Map<String, String> known = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : legacy.entrySet()) {
            if (!ConfigSchema.LEGACY_KEYS.containsKey(entry.getKey())) {
                throw new IllegalArgumentException("legacy variable must be one of " + ConfigSchema.LEGACY_KEYS.keySet()
                        + ", but was '" + entry.getKey() + "'");
            }
            known.put(entry.getKey(), Objects.requireNonNull(entry.getValue(), entry.getKey() + " must not be null"));
        }
        legacy = Collections.unmodifiableMap(known);
    }

    /** The {@code simple} preset, nothing else. */
    public static ResilienceSettings defaults() {
        return builder().build();
    }

    /** From the process environment. */
    public static ResilienceSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    /**
     * From environment variables: {@code RESILIENCE_PRESET} (case-insensitive value; default {@code simple}),
     * {@code RESILIENCE_CUSTOM_CONFIG}, and the legacy variables of the seed's §3.6 list. Variable names are
     * matched case-insensitively, as the seed's settings loader did.
     */
    public static ResilienceSettings fromEnvironment(Map<String, String> environment) {
        Builder builder = builder();
        for (Map.Entry<String, String> entry : environment.entrySet()) {
            String name = entry.getKey().toUpperCase(Locale.ROOT);
            String value = entry.getValue();
            if (value == null) {
                continue;
            }
            if (name.equals(PRESET_VARIABLE)) {
                if (!value.isBlank()) {
                    builder.preset(value.trim().toLowerCase(Locale.ROOT));
                }
            } else if (name.equals(CUSTOM_CONFIG_VARIABLE)) {
                builder.customConfig(value.isBlank() ? null : value);
            } else if (ConfigSchema.LEGACY_KEYS.containsKey(name)) {
                builder.legacy(name, value);
            }
        }
        return builder.build();
    }

    /**
     * From a file: {@code .properties} holds the environment variable names ({@code RESILIENCE_PRESET=production});
     * any other file is JSON: an optional {@code "preset"} key plus custom configuration keys
     * ({@code {"preset": "production", "retry_attempts": 4}}).
     *
     * @throws InvalidConfigurationException if the file is not valid JSON/properties
     * @throws UncheckedIOException if it cannot be read
     */
    public static ResilienceSettings fromFile(Path file) {
        String text = read(file);
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".properties")) {
            Properties properties = new Properties();
            try (Reader reader = new StringReader(text)) {
                properties.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw new InvalidConfigurationException(new ConfigProblem("$", "a properties file", file.toString(),
                        "Cannot read properties file " + file + ": " + e.getMessage()));
            }
            Map<String, String> map = new LinkedHashMap<>();
            properties.stringPropertyNames().forEach(name -> map.put(name, properties.getProperty(name)));
            return fromEnvironment(map);
        }
        Object root;
        try {
            root = ConfigSchema.parse(text);
        } catch (InvalidConfigurationException e) {
            throw new InvalidConfigurationException(new ConfigProblem("$", "a JSON object", file.toString(),
                    "Invalid JSON in " + file + ": " + e.problems().get(0).message()));
        }
        if (!(root instanceof Map)) {
            throw new InvalidConfigurationException(new ConfigProblem("$", "a JSON object", file.toString(),
                    "Configuration file " + file + " must hold a JSON object"));
        }
        Map<String, Object> custom = new LinkedHashMap<>();
        ((Map<?, ?>) root).forEach((name, value) -> custom.put((String) name, value));
        Builder builder = builder();
        Object preset = custom.remove("preset");
        if (preset != null) {
            if (!(preset instanceof String)) {
                String received = ConfigSchema.toJson(preset);
                throw new InvalidConfigurationException(new ConfigProblem("$.preset", "a preset name " + PresetManager.listPresets(),
                        received, "Field 'preset': must be one of " + PresetManager.listPresets() + ", but was " + received));
            }
            builder.preset((String) preset);
        }
        if (!custom.isEmpty()) {
            builder.customConfig(ConfigSchema.toJson(custom));
        }
        return builder.build();
    }

    static String read(Path file) {
        try {
            if (Files.size(file) > ConfigSchema.MAX_PAYLOAD_BYTES) {
                throw new InvalidConfigurationException(new ConfigProblem("$", "at most " + ConfigSchema.MAX_PAYLOAD_BYTES + " bytes",
                        Files.size(file) + " bytes", "Configuration file " + file + " is too large: " + Files.size(file)
                                + " bytes (max: " + ConfigSchema.MAX_PAYLOAD_BYTES + " bytes)"));
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read configuration file " + file, e);
        }
    }

    public ResiliencePreset presetDefinition() {
        return PresetManager.getPreset(preset);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder builder = new Builder().preset(preset).customConfig(customConfig);
        legacy.forEach(builder::legacy);
        return builder;
    }

    /** Builds {@link ResilienceSettings}; starts from the {@code simple} preset. */
    public static final class Builder {
        private String preset = "simple";
        private String customConfig;
        private final Map<String, String> legacy = new LinkedHashMap<>();

        private Builder() {}

        public Builder preset(String preset) {
            this.preset = preset;
            return this;
        }

        /** The custom JSON document ({@code RESILIENCE_CUSTOM_CONFIG}); {@code null} for none. */
        public Builder customConfig(String customConfig) {
            this.customConfig = customConfig;
            return this;
        }

        /** A legacy variable ({@code RETRY_MAX_ATTEMPTS}, ...) and its raw value. */
        public Builder legacy(String variable, String value) {
            this.legacy.put(variable, value);
            return this;
        }

        /** @throws IllegalArgumentException for an unknown preset or legacy variable name */
        public ResilienceSettings build() {
            return new ResilienceSettings(preset, customConfig, legacy);
        }
    }
}
