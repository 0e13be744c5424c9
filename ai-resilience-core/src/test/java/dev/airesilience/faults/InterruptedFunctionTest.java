package dev.airesilience.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.exception.CallInterruptedException;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A provider function that fails with {@link InterruptedException} ends the call on both drivers: no retry, no
 * fallback, a {@link CallInterruptedException} (issue 10, item 21: the async driver used to retry it).
 */
class InterruptedFunctionTest {

    private final AIServiceResilience resilience = Orchestrators.virtual(ManualClock.autoAdvancing());

    @AfterEach
    void close() {
        Thread.interrupted(); // the blocking driver re-asserts the flag; do not leak it into other tests
        resilience.close();
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void anInterruptedAttemptEndsTheCallWithoutRetryOrFallback(CallPath path) {
        ScriptedCall<String> provider = ScriptedCall.<String>failing(new InterruptedException("stop")).thenReturn("ok");

        assertThatThrownBy(() -> path.run(resilience.<String>withResilience("op", null, Orchestrators.config(3, 5), null)
                .withFallback(context -> "fallback"), provider))
                .isInstanceOf(CallInterruptedException.class)
                .hasCauseInstanceOf(InterruptedException.class);

        assertThat(provider.invocations()).isEqualTo(1);
        assertThat(resilience.getMetrics("op").retryAttempts()).isZero();
        assertThat(resilience.getMetrics("op").failedCalls()).isEqualTo(1);
        assertThat(resilience.getMetrics("op").fallbackCalls()).isZero();
    }
}
