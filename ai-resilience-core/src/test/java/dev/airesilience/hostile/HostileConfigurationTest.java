package dev.airesilience.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.validation.ConfigProblem;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.settings.ResolvedConfiguration;
import dev.airesilience.time.ManualClock;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Documents no legitimate client sends: each is rejected with {@link InvalidConfigurationException} whose
 * problems carry a JSON path, and the configuration in force stays exactly as it was. (The random and
 * mutated campaign of 10,000 documents is {@code config/UpdateConfigurationPropertyTest}.)
 */
class HostileConfigurationTest {

    static Stream<Arguments> hostileDocuments() {
        String tenMegabytes = "{\"retry_attempts\": 3, \"padding\": \"" + "x".repeat(10 * 1024 * 1024) + "\"}";
        return Stream.of(
                Arguments.of("10 MB payload", tenMegabytes),
                Arguments.of("duplicate keys", "{\"retry_attempts\": 3, \"retry_attempts\": 9}"),
                Arguments.of("deep nesting", "{\"operation_overrides\": " + "{\"a\": ".repeat(5_000) + "1"
                        + "}".repeat(5_000) + "}"),
                Arguments.of("huge integer", "{\"retry_attempts\": 99999999999999999999999999999999}"),
                Arguments.of("huge float", "{\"exponential_multiplier\": 1e308}"),
                Arguments.of("exponent beyond BigDecimal", "{\"exponential_multiplier\": 9e9999999999999999999999}"),
                Arguments.of("NaN", "{\"jitter_max\": NaN}"),
                Arguments.of("Infinity", "{\"jitter_max\": Infinity}"),
                Arguments.of("wrong type", "{\"retry_attempts\": \"3\"}"),
                Arguments.of("boolean as integer", "{\"retry_attempts\": true}"),
                Arguments.of("just outside a bound", "{\"recovery_timeout\": 3600.001}"),
                Arguments.of("unknown key", "{\"timeout_seconds\": 5}"),
                Arguments.of("malformed", "{\"retry_attempts\": 3,}"),
                Arguments.of("not an object", "[1, 2, 3]"),
                Arguments.of("trailing content", "{\"retry_attempts\": 3} {\"retry_attempts\": 4}"),
                Arguments.of("control characters in a name", "{\"operation_overrides\": {\"a\\u0000b\": \"critical\"}}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileDocuments")
    void isRejectedWithAJsonPathAndChangesNothing(String label, String document) {
        AIServiceResilience resilience = AIServiceResilience.builder().clock(new ManualClock())
                .settings(ResilienceSettings.builder().preset("production").build()).build();
        resilience.updateConfiguration("{\"retry_attempts\": 4}");
        ResolvedConfiguration before = resilience.getConfiguration();

        InvalidConfigurationException rejection =
                catchThrowableOfType(InvalidConfigurationException.class, () -> resilience.updateConfiguration(document));

        assertThat(rejection).as(label).isNotNull();
        assertThat(rejection.problems()).isNotEmpty().allSatisfy(problem ->
                assertThat(problem.path()).as(label + ": " + problem).startsWith("$"));
        assertThat(rejection.problems()).extracting(ConfigProblem::message).allSatisfy(message ->
                assertThat(message.length()).as("a problem never echoes a 10 MB value").isLessThan(2_000));
        assertThat(resilience.getConfiguration()).as(label).isEqualTo(before);
        assertThat(resilience.getOperationConfig("translate").retry().maxAttempts()).isEqualTo(4);
    }
}
