package dev.airesilience.spring.boot.internal;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.spring.boot.AIResilienceProperties;
import java.nio.file.Path;
import java.time.Duration;
import org.springframework.beans.factory.DisposableBean;

/** {@code ai.resilience.config-file} applied to the orchestrator, and its watch while the context lives. */
public final class ConfigFileBinding implements DisposableBean {

    private final Path file;
    private final AutoCloseable watch;

    private ConfigFileBinding(Path file, AutoCloseable watch) {
        this.file = file;
        this.watch = watch;
    }

    public static ConfigFileBinding start(AIServiceResilience resilience, AIResilienceProperties properties) {
        Path file = properties.getConfigFile();
        AIResilienceProperties.ConfigWatch watch = properties.getConfigWatch();
        try {
            if (!watch.isEnabled()) {
                resilience.updateConfiguration(file);
                return new ConfigFileBinding(file, null);
            }
            Duration interval = watch.getPollInterval();
            if (interval == null || interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("ai.resilience.config-watch.poll-interval must be positive, but was "
                        + interval);
            }
            return new ConfigFileBinding(file, resilience.watchConfiguration(file, interval));
        } catch (InvalidConfigurationException e) {
            throw new IllegalArgumentException("ai.resilience.config-file " + file + " is invalid: "
                    + PropertiesMapping.describe(e), e);
        }
    }

    public Path file() {
        return file;
    }

    public boolean watching() {
        return watch != null;
    }

    @Override
    public void destroy() throws Exception {
        if (watch != null) {
            watch.close();
        }
    }
}
