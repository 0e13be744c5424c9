package dev.airesilience.spring.boot;

import dev.airesilience.AIServiceResilience;

/**
 * Changes the auto-configured orchestrator's builder in code, after the {@code ai.resilience.*} properties were
 * applied: a classifier, listeners, or a {@link dev.airesilience.time.ManualClock} in tests. Every bean of this
 * type is applied, in {@link org.springframework.core.annotation.Order @Order}.
 */
@FunctionalInterface
public interface AIServiceResilienceCustomizer {

    void customize(AIServiceResilience.Builder builder);
}
