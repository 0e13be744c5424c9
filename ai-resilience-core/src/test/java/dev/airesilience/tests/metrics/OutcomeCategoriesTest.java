package dev.airesilience.tests.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.metrics.*;
import dev.airesilience.support.CallPath;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The seed's metric categories (§6.2, issue 13): every logical call is exactly one of successful, failed or rejected;
 * {@code total_calls} is their sum, and a rejection answered by a fallback is neither a failure nor in
 * {@code failure_rate}.
 */
class OutcomeCategoriesTest {

    private final AIServiceResilience resilience = Orchestrators.virtual(ManualClock.autoAdvancing());

    @AfterEach
    void close() {
        resilience.close();
    }

    @ParameterizedTest
    @EnumSource(CallPath.class)
    void successesFailuresAndRejectionsAreDisjoint(CallPath path) {
        ScriptedCall<String> provider = ScriptedCall.<String>failing().thenReturn("ok");
        path.run(resilience.<String>withResilience("op", null, Orchestrators.config(1, 2), null), provider);
        ScriptedCall<String> down = ScriptedCall.<String>failing().thenAlwaysThrow(new ServiceUnavailableException("503"));
        for (int i = 0; i < 6; i++) { // 2 failures open the breaker, then 4 rejections, all answered by the fallback
            path.run(resilience.<String>withResilience("op", null, Orchestrators.config(1, 2), null)
                    .withFallback(context -> "fallback"), down);
        }

        ResilienceMetrics metrics = resilience.getMetrics("op");
        assertThat(metrics.successfulCalls()).isEqualTo(1);
        assertThat(metrics.failedCalls()).isEqualTo(2);
        assertThat(metrics.rejectedCalls()).isEqualTo(4);
        assertThat(metrics.totalCalls()).isEqualTo(7);
        assertThat(metrics.fallbackCalls()).isEqualTo(6);
        assertThat(metrics.failureRate()).isEqualTo(28.57);
        assertThat(metrics.successRate()).isEqualTo(14.29);
        assertThat(down.invocations()).isEqualTo(2);

        MetricsSummary summary = resilience.getAllMetrics().summary();
        assertThat(summary.totalCalls()).isEqualTo(7);
        assertThat(summary.failedCalls()).isEqualTo(2);
    }
}
