package dev.airesilience.tests.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.*;
import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.settings.ResilienceSettings;
import dev.airesilience.settings.ResolvedConfiguration;
import dev.airesilience.time.ManualClock;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

class UpdateConfigurationPropertyTest {

    private static final AIServiceResilience RESILIENCE = AIServiceResilience.builder().clock(new ManualClock())
            .settings(ResilienceSettings.builder().preset("production").build()).build();

    private static final List<String> KEYS = List.of("retry_attempts", "circuit_breaker_threshold", "recovery_timeout",
            "default_strategy", "operation_overrides", "exponential_multiplier", "exponential_min", "exponential_max",
            "jitter_enabled", "jitter_max", "max_delay_seconds", "half_open_max_calls", "enable_retry",
            "enable_circuit_breaker", "preset", "Retry_Attempts", "", "ключ", "__proto__");

    private static final java.util.concurrent.atomic.AtomicInteger ACCEPTED = new java.util.concurrent.atomic.AtomicInteger();
    private static final java.util.concurrent.atomic.AtomicInteger REJECTED = new java.util.concurrent.atomic.AtomicInteger();

    /** Checks independently of jqwik's own report that all 10,000 documents ran and both outcomes occurred. */
    @AfterContainer
    static void close() {
        RESILIENCE.close();
        assertThat(ACCEPTED.get() + REJECTED.get()).isEqualTo(10_000);
        assertThat(ACCEPTED.get()).isPositive();
        assertThat(REJECTED.get()).isPositive();
    }

    @Property(tries = 10_000)
    void the_only_exception_is_invalid_configuration_and_a_rejection_changes_nothing(@ForAll("documents") String json) {
        ResolvedConfiguration before = RESILIENCE.getConfiguration();
        ResilienceConfig opBefore = RESILIENCE.getOperationConfig("summarize_text");
        try {
            ResolvedConfiguration after = RESILIENCE.updateConfiguration(json);
            assertThat(RESILIENCE.getConfiguration()).isEqualTo(after);
            ACCEPTED.incrementAndGet();
        } catch (InvalidConfigurationException rejected) {
            REJECTED.incrementAndGet();
            assertThat(rejected.problems()).isNotEmpty().allSatisfy(problem -> assertThat(problem.path()).startsWith("$"));
            assertThat(RESILIENCE.getConfiguration()).isEqualTo(before);
            assertThat(RESILIENCE.getOperationConfig("summarize_text")).isEqualTo(opBefore);
        }
    }

    @Provide
    Arbitrary<String> documents() {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(10, Arbitraries.strings().ofMaxLength(300)),
                net.jqwik.api.Tuple.of(30, structured()),
                net.jqwik.api.Tuple.of(40, structured().flatMap(UpdateConfigurationPropertyTest::mutated)),
                // About 1 in 80: a valid document padded to over 10 MB, built only when drawn.
                net.jqwik.api.Tuple.of(1, structured().map(document -> document.replaceFirst("\\{",
                        "{\"padding\": \"" + TEN_MEGABYTES_OF_PADDING + "\", "))));
    }

    private static Arbitrary<String> structured() {
        Arbitrary<String> entry = Combinators.combine(Arbitraries.of(KEYS), value())
                .as((key, value) -> quote(key) + ": " + value);
        return entry.list().ofMaxSize(8).map(entries -> "{" + String.join(", ", entries) + "}");
    }

    private static Arbitrary<String> value() {
        Arbitrary<String> overrides = Combinators.combine(
                        Arbitraries.oneOf(Arbitraries.of("qa", "summarize", "answer_question", "翻訳", ""),
                                Arbitraries.strings().ofMaxLength(20)),
                        Arbitraries.of("\"aggressive\"", "\"balanced\"", "\"conservative\"", "\"critical\"", "\"CRITICAL\"", "1", "null"))
                .as((op, strategy) -> quote(op) + ": " + strategy)
                .list().ofMaxSize(4).map(entries -> "{" + String.join(", ", entries) + "}");
        return Arbitraries.oneOf(
                Arbitraries.integers().between(-5, 700).map(String::valueOf),
                Arbitraries.doubles().between(-1, 130).ofScale(2).map(String::valueOf),
                Arbitraries.of("true", "false", "null", "[]", "{}", "\"3\"", "\"balanced\"", "\"critical\"", "1e400", "-0",
                        "NaN", "Infinity", "99999999999999999999999", "3.0", "[1,2]", "{\"a\": {\"b\": {}}}"),
                overrides);
    }

    private static Arbitrary<String> mutated(String document) {
        Arbitrary<Integer> position = Arbitraries.integers().between(0, document.length());
        Arbitrary<Character> noise = Arbitraries.of('{', '}', '[', ']', ',', ':', '"', '\\', ' ', '1', '.', '-', 'e', 'é', '\u0000');
        return Arbitraries.oneOf(
                Combinators.combine(position, noise).as((at, c) -> document.substring(0, at) + c + document.substring(at)),
                position.map(at -> document.substring(0, at)),
                position.map(at -> at < document.length() ? document.substring(0, at) + document.substring(at + 1) : document),
                Arbitraries.integers().between(1, 14).map(depth -> "{\"operation_overrides\": " + "[".repeat(depth) + document + "]".repeat(depth) + "}"),
                Arbitraries.just(document + document),
                Arbitraries.just(document.replace("}", ", \"retry_attempts\": 3}")));
    }

    private static final String TEN_MEGABYTES_OF_PADDING = "x".repeat(10 * 1024 * 1024);

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
