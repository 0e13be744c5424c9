package dev.airesilience.bench.jmh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.exception.CircuitOpenException;
import dev.failsafe.CircuitBreakerOpenException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each benchmark method takes the path its name promises, for every contender; otherwise its numbers mean nothing. */
class BenchmarksMeasureWhatTheySayTest {

    @Test
    void happyPathContendersAllReturnTheProviderAnswer() {
        HappyPathBenchmark benchmark = new HappyPathOneThreadBenchmark();
        benchmark.setUp();
        try {
            assertThat(List.of(benchmark.raw(), benchmark.orchestrator(), benchmark.resilience4j(),
                    benchmark.resilience4jObserved(), benchmark.failsafe()))
                    .containsOnly("The capital of France is Paris.");
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void adapterPairsAnswerTheSameThroughTheAdapterAndClassifyTheSdkFailures() {
        AdapterOverheadBenchmark benchmark = new AdapterOverheadBenchmark();
        benchmark.setUp();
        try {
            assertThat(List.of(benchmark.langchain4jBare(), benchmark.langchain4jResilient(), benchmark.springAiBare(),
                    benchmark.springAiAdvised(), benchmark.sdkBare(), benchmark.sdkResilientClient()))
                    .containsOnly(AdapterOverheadBenchmark.ANSWER);
            assertThat(benchmark.classifyOpenAi429().statusCode()).isEqualTo(429);
            assertThat(benchmark.classifyAnthropic529().statusCode()).isEqualTo(529);
            assertThat(benchmark.classifyOpenAi429().retryAfter()).isEqualTo(java.time.Duration.ofSeconds(2));
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void failurePathsFailOnceThenSucceedRejectWhileOpenAndFallBack() {
        FailurePathBenchmark benchmark = new FailurePathBenchmark();
        benchmark.setUp();
        try {
            for (int call = 0; call < 3; call++) {
                assertThat(benchmark.failOnceOrchestrator()).isEqualTo("answer");
                assertThat(benchmark.failOnceResilience4j()).isEqualTo("answer");
                assertThat(benchmark.failOnceFailsafe()).isEqualTo("answer");
            }
            assertThat(benchmark.openCircuitOrchestrator()).isInstanceOf(CircuitOpenException.class);
            assertThat(benchmark.openCircuitResilience4j()).isInstanceOf(CallNotPermittedException.class);
            assertThat(benchmark.openCircuitFailsafe()).isInstanceOf(CircuitBreakerOpenException.class);
            assertThat(List.of(benchmark.fallbackOrchestrator(), benchmark.fallbackResilience4j(),
                    benchmark.fallbackFailsafe())).containsOnly("cached");
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void configWorkloadRejectsExactlyTheInvalidJsonDocument() {
        ConfigBenchmark benchmark = new ConfigBenchmark();
        benchmark.setUp();
        try {
            List<?> results = (List<?>) benchmark.jsonValidation();
            assertThat(results).hasSize(3);
            assertThat(results).filteredOn(r -> !((dev.airesilience.config.validation.ValidationResult) r).isValid())
                    .singleElement().satisfies(r -> assertThat(
                            ((dev.airesilience.config.validation.ValidationResult) r).problems()).hasSize(3));
            assertThat((List<?>) benchmark.presetLoading()).hasSize(3);
            assertThat((List<?>) benchmark.configLoading()).hasSize(15);
            Object first = benchmark.runtimeUpdate();
            Object second = benchmark.runtimeUpdate();
            assertThat(first).as("every update changes the configuration in force").isNotEqualTo(second);
        } finally {
            benchmark.tearDown();
        }
    }

    @Test
    void scaleFixtureHoldsTenThousandOperations() {
        var resilience = RetainedHeap.withIdleOperations(RetainedHeap.OPERATIONS);
        try {
            assertThat(resilience.getAllMetrics().summary().totalOperations()).isEqualTo(RetainedHeap.OPERATIONS);
            assertThat(resilience.getHealthStatus().healthy()).isTrue();
        } finally {
            resilience.close();
        }
    }
}
