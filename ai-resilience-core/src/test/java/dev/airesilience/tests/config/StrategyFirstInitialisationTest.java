package dev.airesilience.tests.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.config.*;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/**
 * Regression: touching {@link ResilienceStrategy} before {@link ResilienceConfig} (as reading
 * {@code @Resilient(strategy = ...)} does) used to fail with ExceptionInInitializerError, because the enum's
 * constructor initialised ResilienceConfig, whose DEFAULT read the still-null BALANCED.
 */
class StrategyFirstInitialisationTest {

    @Test
    void strategyTableWorksWhenTheEnumIsInitialisedFirst() throws Exception {
        // A fresh loader, so class initialisation order is this test's, not whatever ran before it.
        URL[] classpath = {
                ResilienceStrategy.class.getProtectionDomain().getCodeSource().getLocation(),
                com.fasterxml.jackson.annotation.JsonValue.class.getProtectionDomain().getCodeSource().getLocation()};
        try (URLClassLoader isolated = new URLClassLoader(classpath, ClassLoader.getPlatformClassLoader())) {
            Class<?> strategy = Class.forName(ResilienceStrategy.class.getName(), true, isolated);
            Object critical = strategy.getMethod("fromString", String.class).invoke(null, "critical");
            Object config = strategy.getMethod("config").invoke(critical);
            Method retry = config.getClass().getMethod("retry");
            Object maxAttempts = retry.getReturnType().getMethod("maxAttempts").invoke(retry.invoke(config));

            assertThat(maxAttempts).isEqualTo(7);
            assertThat(config.getClass().getField("DEFAULT").get(null)).isNotNull();
        }
    }
}
