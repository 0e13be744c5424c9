package dev.airesilience.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.time.ManualClock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PrometheusScrapeTest {

    private final AIServiceResilience resilience =
            AIServiceResilience.builder().clock(new ManualClock()).random(new Random(3)).build();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ResilienceMeterBinder binder = new ResilienceMeterBinder(resilience);

    @AfterEach
    void close() {
        binder.close();
        resilience.close();
        registry.close();
    }

    @Test
    void scrapeExposesEveryMeterInPrometheusTextFormat() {
        binder.bindTo(registry);
        AtomicInteger invocations = new AtomicInteger();
        resilience.<String>withOperationResilience("summarize").call(() -> {
            if (invocations.incrementAndGet() == 1) {
                throw new ServiceUnavailableException("503");
            }
            return "ok";
        });
        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> resilience.<String>withResilience("chat", ResilienceStrategy.AGGRESSIVE).call(() -> {
                throw new ServiceUnavailableException("503");
            })).isInstanceOf(ServiceUnavailableException.class);
        }

        String scrape = registry.scrape();

        assertThat(scrape)
                .doesNotContain("ai_resilience_calls_total")
                .contains("ai_resilience_call_duration_seconds_count{operation=\"chat\",outcome=\"failure\","
                        + "reason=\"exhausted\",strategy=\"aggressive\"} 3\n")
                .contains("ai_resilience_attempts_total{operation=\"summarize\",strategy=\"balanced\"} 2.0\n")
                .contains("ai_resilience_retries_total{operation=\"summarize\"} 1.0\n")
                .contains("# TYPE ai_resilience_circuit_state gauge\n")
                .contains("ai_resilience_circuit_state{operation=\"summarize\"} 0.0\n")
                .contains("ai_resilience_circuit_state{operation=\"chat\"} 1.0\n")
                .contains("ai_resilience_circuit_transitions_total{from=\"closed\",operation=\"chat\",to=\"open\"} 1.0\n")
                .contains("# TYPE ai_resilience_call_duration_seconds histogram\n")
                .contains("ai_resilience_call_duration_seconds_count{operation=\"summarize\",outcome=\"success\",reason=\"none\",strategy=\"balanced\"} 1\n")
                .containsPattern("ai_resilience_call_duration_seconds_bucket\\{operation=\"summarize\",outcome=\"success\",reason=\"none\","
                        + "strategy=\"balanced\",le=\"[0-9.]+\"} 1\n")
                .contains("ai_resilience_call_duration_seconds_bucket{operation=\"summarize\",outcome=\"success\",reason=\"none\","
                        + "strategy=\"balanced\",le=\"+Inf\"} 1\n");
    }
}
