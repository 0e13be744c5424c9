package dev.airesilience.config.internal;

import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.monitoring.ConfigEventLog;
import dev.airesilience.config.schema.ConfigLayer;
import dev.airesilience.config.schema.ConfigSchema;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.settings.ConfigSource;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.settings.ResolvedConfiguration;
import dev.airesilience.time.Scheduler;
import dev.airesilience.time.TimeSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads settings, applies runtime updates atomically, validates without side effects, and watches files. */
public final class ConfigurationManager {

    private static final Logger LOG = LoggerFactory.getLogger(ConfigurationManager.class);

    private final OperationConfigurations configurations;
    private final Scheduler scheduler;
    private final ConfigEventLog events;

    /** {@code scheduler}: where file polling runs. */
    /** The source of an update another instance made (through the shared state). */
    public static final String SHARED_UPDATE = "shared_state";

    public ConfigurationManager(OperationConfigurations configurations, Scheduler scheduler, ConfigEventLog events) {
        this.configurations = configurations;
        this.scheduler = scheduler;
        this.events = events;
    }

    public ConfigEventLog events() {
        return events;
    }

    /** The first snapshot, and what was wrong with the settings it was made from (empty when all was valid). */
    public record Initial(ConfigurationSnapshot snapshot, List<ConfigProblem> problems) {
        public Initial {
            problems = List.copyOf(problems);
        }
    }

    /**
     * The first snapshot for {@code settings}: preset, legacy and custom layers checked together, every problem of
     * all of them reported at once.
     *
     * <p>Strict: any problem throws. Lenient (the seed's behaviour, §3.2 and §3.6): the orchestrator still starts.
     * The preset applies; an invalid custom document applies none of its keys; an invalid legacy variable is left
     * out on its own, and an invalid per-operation strategy variable resolves that operation to BALANCED. The
     * problems are logged at ERROR, recorded as a {@code config_error} event, and returned for the health status.
     */
    public static Initial initial(ResilienceSettings settings, Map<ResilienceStrategy, ResilienceConfig> table,
            ConfigEventLog events, TimeSource time, boolean strict) {
        long start = time.nanoTime();
        String preset = settings.preset();
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigLayer legacy = ConfigLayer.EMPTY;
        if (!settings.legacy().isEmpty()) {
            ConfigSchema.Checked checked = ConfigSchema.checkLegacy(settings.legacy());
            if (checked.isValid()) {
                legacy = checked.layerOrThrow();
            } else {
                problems.addAll(checked.errors());
                legacy = strict ? ConfigLayer.EMPTY : validLegacyOnly(settings.legacy());
            }
        }
        ConfigLayer custom = ConfigLayer.EMPTY;
        if (settings.customConfig() != null) {
            ConfigSchema.Checked checked = ConfigSchema.check(settings.customConfig());
            problems.addAll(checked.errors());
            custom = checked.isValid() ? checked.layerOrThrow() : ConfigLayer.EMPTY;
        }
        if (!problems.isEmpty()) {
            InvalidConfigurationException invalid = new InvalidConfigurationException(problems);
            events.recordConfigError(preset, "load_config", invalid.getMessage(), Map.of("strict", strict));
            if (strict) {
                throw invalid;
            }
            LOG.error("Invalid resilience configuration at startup; the preset '{}' applies without the invalid "
                    + "settings: {}", preset, invalid.getMessage());
        }
        ConfigurationSnapshot snapshot = new ConfigurationSnapshot(table,
                new ConfigResolver.Layers(settings.presetDefinition(), legacy, custom, ConfigLayer.EMPTY));
        ResolvedConfiguration resolved = snapshot.resolved();
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("config_type", resolved.sources().containsValue(ConfigSource.CUSTOM) || !custom.isEmpty() ? "custom"
                : resolved.usesLegacy() ? "legacy" : "preset");
        events.recordPresetUsage(preset, "load_preset", metadata);
        if (!custom.isEmpty()) {
            // The custom document is recorded as its own usage event beside the preset's (§3.10), under the
            // pseudo-preset "custom", so usage counts and trends show how often custom documents are loaded.
            Map<String, Object> customMetadata = new LinkedHashMap<>();
            customMetadata.put("config_type", "custom");
            customMetadata.put("base_preset", preset);
            customMetadata.put("custom_keys", List.copyOf(custom.toJsonMap().keySet()));
            events.recordPresetUsage("custom", "load_custom_config", customMetadata);
        }
        events.recordConfigLoad(preset, "load_config", (time.nanoTime() - start) / 1e6, metadata);
        return new Initial(snapshot, problems);
    }

    /**
     * The legacy variables that are valid on their own. An invalid {@code *_RESILIENCE_STRATEGY} variable still
     * names an operation: it resolves to BALANCED instead of whatever the preset says.
     */
    private static ConfigLayer validLegacyOnly(Map<String, String> legacy) {
        Map<String, String> valid = new LinkedHashMap<>();
        Map<String, String> balanced = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : legacy.entrySet()) {
            if (ConfigSchema.checkLegacy(Map.of(entry.getKey(), String.valueOf(entry.getValue()))).isValid()) {
                valid.put(entry.getKey(), entry.getValue());
            } else if (String.valueOf(ConfigSchema.LEGACY_KEYS.get(entry.getKey())).startsWith("operation_overrides.")) {
                balanced.put(entry.getKey(), ResilienceStrategy.BALANCED.wireName());
            }
        }
        valid.putAll(balanced);
        ConfigSchema.Checked checked = ConfigSchema.checkLegacy(valid);
        return checked.isValid() ? checked.layerOrThrow() : ConfigLayer.EMPTY;
    }

    /** Applies {@code checked} on top of the configuration in force, atomically, or throws and changes nothing. */
    public ResolvedConfiguration update(ConfigSchema.Checked checked, String operation) {
        String preset = configurations.configuration().resolved().presetName();
        if (!checked.isValid()) {
            events.recordValidation(preset, operation, false, messages(checked.errors()));
            throw new InvalidConfigurationException(checked.errors());
        }
        ConfigLayer update = checked.layerOrThrow();
        while (true) {
            ConfigurationSnapshot current = configurations.configuration();
            ConfigurationSnapshot next;
            try {
                next = current.withLayers(current.layers().withRuntime(update));
            } catch (InvalidConfigurationException e) {
                events.recordValidation(preset, operation, false, messages(e.problems()));
                throw e;
            }
            if (configurations.swapConfiguration(current, next)) {
                Map<String, Map<String, Object>> diff = next.resolved().diffFrom(current.resolved());
                if (operation.equals(SHARED_UPDATE) && diff.isEmpty()) {
                    return next.resolved(); // this instance's own update, back in the shared order: already in force
                }
                events.recordValidation(preset, operation, true, List.of());
                events.recordConfigChange(preset, preset, operation, diff);
                LOG.debug("Resilience configuration updated by {}: {}", operation, diff);
                return next.resolved();
            }
        }
    }

    /** What {@link #update} would say, without changing anything or recording anything. */
    public ValidationResult validate(ConfigSchema.Checked checked) {
        if (checked.isValid()) {
            ConfigurationSnapshot current = configurations.configuration();
            try {
                current.withLayers(current.layers().withRuntime(checked.layerOrThrow()));
            } catch (InvalidConfigurationException e) {
                e.problems().forEach(checked::addError);
            }
        }
        return checked.toResult();
    }

    /** Applies the file now (throwing if it is invalid), then re-applies it whenever its content changes. */
    public AutoCloseable watch(Path file, Duration interval) {
        if (interval.compareTo(Duration.ofMillis(10)) < 0 || interval.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("interval must be between PT0.01S and PT1H (inclusive), but was " + interval);
        }
        String content = readFile(file);
        update(ConfigSchema.check(content), "file:" + file);
        FileWatch watch = new FileWatch(file, interval, content);
        watch.schedule();
        return watch;
    }

    private static String readFile(Path file) {
        try {
            if (Files.size(file) > ConfigSchema.MAX_PAYLOAD_BYTES) {
                return "too large: " + Files.size(file) + " bytes"; // not JSON; the validator reports it
            }
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read configuration file " + file, e);
        }
    }

    private static List<String> messages(List<ConfigProblem> problems) {
        return problems.stream().map(ConfigProblem::message).collect(Collectors.toList());
    }

    /** Polls the file on the injected scheduler; an invalid edit is logged and ignored. */
    private final class FileWatch implements AutoCloseable {
        private final Path file;
        private final Duration interval;
        private volatile String lastSeen;
        private volatile boolean closed;
        private volatile Future<?> pending;

        FileWatch(Path file, Duration interval, String content) {
            this.file = file;
            this.interval = interval;
            this.lastSeen = content;
        }

        void schedule() {
            if (!closed) {
                pending = scheduler.schedule(this::poll, interval);
            }
        }

        private void poll() {
            if (closed) {
                return;
            }
            try {
                String content = readFile(file);
                if (!content.equals(lastSeen)) {
                    lastSeen = content; // an invalid edit is reported once, not on every poll
                    try {
                        update(ConfigSchema.check(content), "file:" + file);
                    } catch (InvalidConfigurationException e) {
                        LOG.warn("Ignoring invalid edit of {}; the configuration in force is unchanged: {}", file, e.getMessage());
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("Cannot poll configuration file {}: {}", file, e.toString());
            } finally {
                schedule();
            }
        }

        @Override
        public void close() {
            closed = true;
            Future<?> task = pending;
            if (task != null) {
                task.cancel(false);
            }
        }
    }
}
