package dev.airesilience.tests.hedge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.HedgeConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.config.validation.ValidationResult;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14: hedged requests configured by JSON like every other key, off by default, only for operations marked
 * idempotent, through the facade's blocking and asynchronous paths in virtual time.
 */
class HedgedRequestsFacadeTest {

    private static final String HEDGING = "{\"idempotent\": true, \"hedge_enabled\": true, \"hedge_delay_seconds\": 2,"
            + " \"hedge_percentile\": 0, \"hedge_max_hedges\": 1, \"hedge_budget_ratio\": 1}";

    private final ManualClock clock = new ManualClock();

    @Test
    void offByDefaultAndTheJsonKeysTurnItOnForEveryStrategy() {
        try (AIServiceResilience resilience = Orchestrators.virtual(clock)) {
            ResilienceConfig before = resilience.getOperationConfig("chat");
            assertThat(before.hedge()).isEqualTo(HedgeConfig.DEFAULT);
            assertThat(before.idempotent()).isFalse();

            resilience.updateConfiguration(HEDGING);
            resilience.registerOperation("critical-op", ResilienceStrategy.CRITICAL);
            for (String operation : List.of("chat", "critical-op")) {
                ResilienceConfig config = resilience.getOperationConfig(operation);
                assertThat(config.idempotent()).isTrue();
                assertThat(config.hedge()).isEqualTo(new HedgeConfig(true, Duration.ofSeconds(2), 0, 1, 1.0));
            }
        }
    }

    @Test
    void hedgingAnOperationNotMarkedIdempotentIsRefusedNamingBothKeys() {
        try (AIServiceResilience resilience = Orchestrators.virtual(clock)) {
            ValidationResult both = resilience.validateConfiguration("{\"hedge_enabled\": true, \"idempotent\": false}");
            assertThat(both.errors()).singleElement().asString().contains("hedge_enabled").contains("idempotent");
            // Idempotent is false unless a layer says otherwise: hedging alone contradicts the configuration in force.
            assertThatThrownBy(() -> resilience.updateConfiguration("{\"hedge_enabled\": true}"))
                    .isInstanceOf(InvalidConfigurationException.class)
                    .hasMessageContaining("hedge_enabled").hasMessageContaining("idempotent");
            assertThat(resilience.getOperationConfig("chat").hedge().enabled()).isFalse();

            ValidationResult percentile = resilience.validateConfiguration("{\"hedge_percentile\": 99.5}");
            assertThat(percentile.errors()).singleElement().asString().contains("hedge_percentile")
                    .contains("between 0 and 99 (inclusive)").contains("99.5");
            ValidationResult hedges = resilience.validateConfiguration("{\"hedge_max_hedges\": 0}");
            assertThat(hedges.errors()).singleElement().asString().contains("hedge_max_hedges")
                    .contains("between 1 and 4 (inclusive)");
        }
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void aSlowRequestIsOvertakenByItsHedgeThroughTheFacade(CallPath path) throws Exception {
        try (AIServiceResilience resilience = Orchestrators.virtual(clock)) {
            resilience.updateConfiguration(HEDGING);
            ResilienceDecorator<String> chat = resilience.withResilience("chat", null, null, null);
            ConcurrentLinkedQueue<Double> latencies = new ConcurrentLinkedQueue<>(List.of(10.0, 1.0));
            BlockingQueue<CompletableFuture<String>> started = new LinkedBlockingQueue<>();
            // Each request answers with its latency once the clock has moved that far past its start.
            java.util.function.Supplier<CompletableFuture<String>> request = () -> {
                double seconds = latencies.remove();
                CompletableFuture<String> answer = new CompletableFuture<>();
                clock.schedule(() -> answer.complete("answered after " + seconds + " s"),
                        Duration.ofMillis(Math.round(seconds * 1000)));
                started.add(answer);
                return answer;
            };
            CompletableFuture<String> result;
            if (path == CallPath.ASYNC) {
                result = chat.callAsync(request::get);
            } else {
                result = new CompletableFuture<>();
                CompletableFuture<String> blockingResult = result;
                Thread caller = new Thread(() -> {
                    try {
                        blockingResult.complete(chat.call(() -> request.get().get()));
                    } catch (Throwable e) {
                        blockingResult.completeExceptionally(e);
                    }
                });
                caller.setDaemon(true);
                caller.start();
            }
            CompletableFuture<String> first = started.poll(10, TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            clock.advance(Duration.ofSeconds(2));
            assertThat(started.poll(10, TimeUnit.SECONDS)).as("the hedge, sent after 2 s").isNotNull();
            clock.advance(Duration.ofSeconds(1));

            assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("answered after 1.0 s");
            if (path == CallPath.ASYNC) {
                assertThat(first).isCancelled();
            }
            ResilienceMetrics metrics = resilience.getMetrics("chat");
            assertThat(metrics.successfulCalls()).isEqualTo(1);
            assertThat(metrics.attempts()).isEqualTo(1);
            assertThat(metrics.hedges()).isEqualTo(1);
            assertThat(metrics.hedgesWon()).isEqualTo(1);
            assertThat(metrics.latency().maxMs()).isEqualTo(3000.0);
        }
    }
}
