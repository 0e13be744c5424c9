package dev.airesilience.spring.boot.internal;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.spring.boot.AIResilienceProperties;
import dev.airesilience.spring.boot.InvalidResiliencePropertiesException;
import dev.airesilience.spring.boot.InvalidResiliencePropertiesException.Problem;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
                throw new InvalidResiliencePropertiesException(List.of(new Problem(
                        "ai.resilience.config-watch.poll-interval", String.valueOf(interval), "not positive",
                        "a positive duration, such as 5s", null, null)));
            }
            return new ConfigFileBinding(file, resilience.watchConfiguration(file, interval));
        } catch (InvalidConfigurationException e) {
            throw PropertiesMapping.invalid("ai.resilience.config-file (" + file + ")", e);
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
