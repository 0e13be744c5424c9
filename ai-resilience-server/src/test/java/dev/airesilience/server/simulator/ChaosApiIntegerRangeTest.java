package dev.airesilience.server.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.airesilience.server.web.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 10 item 27: {@code PUT /internal/chaos} wrapped integers beyond {@code int} ({@code latency_ms}
 * 4294967396 became 100 and was accepted). Bodies are parsed by Jackson as Spring MVC does, so large values arrive
 * as {@code Long} or {@code BigInteger}; every whole-number field must refuse them with its range and the value.
 */
class ChaosApiIntegerRangeTest {

    private final SimulatedProvider provider = new SimulatedProvider(ChaosSettings.CALM, 1L);
    private final ChaosController controller = new ChaosController(
            new StaticListableBeanFactory(Map.of("provider", provider)).getBeanProvider(SimulatedProvider.class));

    @AfterEach
    void stop() {
        provider.close();
    }

    @SuppressWarnings("unchecked")
    private List<String> problems(String json) {
        Map<String, Object> body = JsonMapper.builder().build().readValue(json, Map.class);
        ApiException refused = catchThrowableOfType(ApiException.class, () -> controller.put(null, body));
        assertThat(refused).as(json + " must be refused").isNotNull();
        assertThat(refused.status().value()).isEqualTo(400);
        return (List<String>) refused.details().get("problems");
    }

    @Test
    void theValueFromTheIssueIsRefusedInsteadOfWrappingTo100() {
        assertThat(problems("{\"latency_ms\": 4294967396}"))
                .containsExactly("latency_ms must be between 0 and 60000, got 4294967396");
        assertThat(provider.chaos()).isEqualTo(ChaosSettings.CALM);
    }

    @Test
    void everyWholeNumberFieldRefusesValuesBeyondIntWithItsRangeAndTheValueReceived() {
        Map<String, String> ranges = Map.of("retry_after_seconds", "between 0 and 3600",
                "latency_ms", "between 0 and 60000", "requests_per_second", "between 0 (unlimited) and 100000",
                "fail_next", "between 0 and 100000", "outage_seconds", "between 0 and 3600");
        // 2^32 + 100 wraps to 100, -2^32 to 0, 2^31 to MIN_VALUE, 2^32 + 1 to 1: all would have looked valid or negative.
        List<String> values = List.of("4294967396", "-4294967296", "4294967297", "2147483648", "9223372036854775808",
                "1e20", "-1e400");
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, String> field : ranges.entrySet()) {
            for (String value : values) {
                List<String> problems = problems("{\"" + field.getKey() + "\": " + value + "}");
                boolean named = problems.size() == 1 && problems.get(0).startsWith(field.getKey() + " must be "
                        + field.getValue() + ", got ") && !problems.get(0).endsWith("got 0")
                        && !problems.get(0).endsWith("got 100") && !problems.get(0).endsWith("got 1");
                if (!named) {
                    wrong.add(field.getKey() + "=" + value + " -> " + problems);
                }
            }
        }
        assertThat(wrong).isEmpty();
        assertThat(provider.chaos()).isEqualTo(ChaosSettings.CALM);
        assertThat(provider.outageRemainingSeconds()).isZero();
    }

    @Test
    void aStatusMixWeightBeyondIntIsRefusedToo() {
        assertThat(problems("{\"status_mix\": {\"429\": 4294967297}}"))
                .containsExactly("status_mix.429 weight must be between 1 and 1000, got 4294967297");
        assertThat(problems("{\"status_mix\": {\"503\": -4294967295}}"))
                .containsExactly("status_mix.503 weight must be between 1 and 1000, got -4294967295");
    }

    @Test
    void valuesInsideTheRangesAreStillAccepted() {
        controller.put(null, Map.of("latency_ms", 60_000L, "fail_next", 100_000, "requests_per_second", 0,
                "retry_after_seconds", 3_600, "status_mix", Map.of("429", 1_000)));

        assertThat(provider.chaos().latencyMs()).isEqualTo(60_000);
        assertThat(provider.chaos().failNext()).isEqualTo(100_000);
        assertThat(provider.chaos().statusMix()).containsEntry(429, 1_000);
    }
}
