package dev.airesilience.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.circuit.BreakerStage;
import dev.airesilience.circuit.Breakers;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.ratelimit.CooldownStage;
import dev.airesilience.recording.Listeners;
import dev.airesilience.retry.RetryStage;
import dev.airesilience.time.ManualClock;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The end of a logical call is claimed once (issue 10, item 5): a cancellation that aborts the call while its step
 * is still running, and the step that then ends it, count it once between them, in either order.
 */
class LogicalCallEndTest {

    private final ManualClock clock = new ManualClock();
    private final Listeners listeners = new Listeners(List.of());
    private final Random random = new Random(1);
    private final CallEngine engine = new CallEngine(clock, clock, clock, random, FailureClassifier.defaults(), listeners);
    private final Breakers breakers = new Breakers(clock, listeners);
    private final Operation op = new Operation("op", o -> new Pipeline(List.of(
            new CooldownStage(clock, random), new BreakerStage(o, breakers, clock), new RetryStage(random))));

    private LogicalCall admittedCall() {
        LogicalCall call = new LogicalCall(engine, op, TestConfigs.config(3, 5), null);
        assertThat(call.admit()).isEqualTo(CallStage.PROCEED);
        call.beginAttempt();
        return call;
    }

    private ResilienceMetrics metrics() {
        return op.metrics().snapshot(clock);
    }

    @Test
    void anAbortThenASuccessCountsTheCallOnce() {
        LogicalCall call = admittedCall();

        call.abort();
        boolean delivered = call.succeed();

        assertThat(delivered).isFalse();
        assertThat(metrics().totalCalls()).isEqualTo(1);
        assertThat(metrics().failedCalls()).isEqualTo(1);
    }

    @Test
    void anAbortThenAFailureCountsTheCallOnce() {
        LogicalCall call = admittedCall();
        call.onFailure(new TransientAIException("503"));

        call.abort();
        RuntimeException surfaced = call.fail();

        assertThat(surfaced).isNull();
        assertThat(metrics().totalCalls()).isEqualTo(1);
    }

    @Test
    void twoAbortsCountTheCallOnce() {
        LogicalCall call = admittedCall();

        call.abort();
        call.abort();

        assertThat(metrics().totalCalls()).isEqualTo(1);
    }
}
