package dev.airesilience.adapter.testkit;

import static dev.airesilience.adapter.testkit.StreamRecorder.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.adapter.testkit.ScriptedProvider.Reply;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.health.CircuitState;
import dev.airesilience.streaming.MidStreamException;
import dev.airesilience.streaming.StreamIdleTimeoutException;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What every SDK's native streaming does inside the orchestrator, against the scripted provider over loopback:
 * failures before the first event are retried (exact request counts, waits in virtual time), failures after it are
 * not and surface as {@link MidStreamException}, and the first-token and idle timeouts fire.
 *
 * @param <T> the SDK's stream event type
 */
public abstract class SdkStreamingContract<T> {

    protected static final String OPERATION = "stream";
    private static final Duration FIRST_TOKEN = Duration.ofSeconds(5);
    private static final Duration IDLE = Duration.ofSeconds(2);

    protected static ScriptedProvider provider;

    private ManualClock clock;
    private AIServiceResilience resilience;

    @BeforeAll
    static void startProvider() {
        provider = ScriptedProvider.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @AfterEach
    void tearDown() {
        if (resilience != null) {
            resilience.close();
        }
        provider.reset(); // releases stalled streams
    }

    /** Starts one resilient stream of the SDK against {@link #provider}, in {@code resilience}'s operation {@link #OPERATION}. */
    protected abstract void stream(AIServiceResilience resilience, StreamRecorder<T> subscriber);

    /** The answer's text, from the events received. */
    protected abstract String text(List<T> events);

    /** Events the SDK delivers before the first text token (role chunk, message start...). */
    protected abstract int eventsBeforeText();

    /** Retries wait at once (the clock jumps to each due time); no stream timeouts. */
    private StreamRecorder<T> run(Reply... replies) throws Exception {
        provider.script(replies);
        clock = ManualClock.autoAdvancing();
        resilience = Scenarios.resilience(clock, OPERATION);
        StreamRecorder<T> subscriber = new StreamRecorder<>();
        stream(resilience, subscriber);
        subscriber.awaitEnd();
        return subscriber;
    }

    /** Time moves only when the test advances it; first-token timeout 5 s, idle timeout 2 s. */
    private StreamRecorder<T> startWithTimeouts(Reply... replies) {
        provider.script(replies);
        clock = new ManualClock();
        resilience = Scenarios.resilience(clock);
        resilience.registerOperationConfig(OPERATION,
                Scenarios.config().toBuilder().firstTokenTimeout(FIRST_TOKEN).idleTimeout(IDLE).build());
        StreamRecorder<T> subscriber = new StreamRecorder<>();
        stream(resilience, subscriber);
        return subscriber;
    }

    @Test
    void aRateLimitBeforeTheFirstEventIsRetriedAfterItsRetryAfter() throws Exception {
        StreamRecorder<T> subscriber = run(Reply.rateLimited("2"));

        assertThat(subscriber.errors).isEmpty();
        assertThat(text(subscriber.elements)).isEqualTo(ScriptedProvider.ANSWER);
        assertThat(provider.requests()).isEqualTo(2);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofSeconds(2));
        assertThat(resilience.getCircuitBreaker(OPERATION).orElseThrow().state()).isEqualTo(CircuitState.CLOSED);
    }

    @Test
    void overloadedTwiceThenAWholeStreamCostsThreeRequestsAndRepeatsNoToken() throws Exception {
        StreamRecorder<T> subscriber = run(Reply.overloaded(), Reply.overloaded());

        assertThat(text(subscriber.elements)).isEqualTo(ScriptedProvider.ANSWER);
        assertThat(provider.requests()).isEqualTo(3);
        assertThat(clock.elapsed()).isEqualTo(Duration.ofMillis(1500));
        assertThat(resilience.getMetrics(OPERATION).timeToFirstToken().maxMs()).isEqualTo(1500.0);
    }

    @Test
    void unavailableOnceThenAWholeStream() throws Exception {
        StreamRecorder<T> subscriber = run(Reply.unavailable());

        assertThat(text(subscriber.elements)).isEqualTo(ScriptedProvider.ANSWER);
        assertThat(provider.requests()).isEqualTo(2);
    }

    @Test
    void unauthorizedIsSentOnceAndSurfacesWithItsStatus() throws Exception {
        StreamRecorder<T> subscriber = run(Reply.unauthorized());

        assertThat(subscriber.elements).isEmpty();
        assertThat(subscriber.errors).singleElement().isInstanceOf(PermanentAIException.class)
                .extracting(e -> ((AIServiceException) e).statusCode()).isEqualTo(401);
        assertThat(provider.requests()).isEqualTo(1);
    }

    @Test
    void aConnectionCutAfterTheFirstEventsIsNotRetriedAndSaysHowMuchWasDelivered() throws Exception {
        StreamRecorder<T> subscriber = new StreamRecorder<>();
        provider.script(Reply.streamThenDrop(new java.util.concurrent.CountDownLatch(0), "Hello", " wor"));
        clock = ManualClock.autoAdvancing();
        resilience = Scenarios.resilience(clock, OPERATION);
        stream(resilience, subscriber);

        Throwable end = subscriber.awaitEnd();

        assertThat(text(subscriber.elements)).isEqualTo("Hello wor");
        assertThat(end).isInstanceOfSatisfying(MidStreamException.class, e -> {
            assertThat(e.operation()).isEqualTo(OPERATION);
            assertThat(e.elementsDelivered()).isEqualTo(eventsBeforeText() + 2);
        });
        assertThat(provider.requests()).isEqualTo(1);
        assertThat(clock.elapsed()).isEqualTo(Duration.ZERO);
    }

    @Test
    void aStallBeforeTheFirstEventHitsTheFirstTokenTimeoutAndIsRetried() throws Exception {
        StreamRecorder<T> subscriber = startWithTimeouts(Reply.stallBeforeFirstToken());
        await(() -> provider.requests() == 1, "the first request");

        clock.advance(FIRST_TOKEN); // abandoned: the stalled request is closed
        clock.advance(Duration.ofMillis(500)); // backoff
        Throwable end = subscriber.awaitEnd();

        assertThat(end).isNull();
        assertThat(text(subscriber.elements)).isEqualTo(ScriptedProvider.ANSWER);
        assertThat(provider.requests()).isEqualTo(2);
        assertThat(resilience.getMetrics(OPERATION).attempts()).isEqualTo(2);
    }

    @Test
    void aStallBetweenEventsHitsTheIdleTimeoutAndIsNotRetried() throws Exception {
        StreamRecorder<T> subscriber = startWithTimeouts(Reply.stallAfter("Hello", " wor"));
        await(() -> subscriber.elements.size() == eventsBeforeText() + 2, "the first tokens");

        clock.advance(IDLE);
        Throwable end = subscriber.awaitEnd();

        assertThat(text(subscriber.elements)).isEqualTo("Hello wor");
        assertThat(end).isInstanceOfSatisfying(MidStreamException.class, e -> {
            assertThat(e.elementsDelivered()).isEqualTo(eventsBeforeText() + 2);
            assertThat(e.getCause()).isInstanceOf(StreamIdleTimeoutException.class);
        });
        clock.advance(Duration.ofMinutes(1));
        assertThat(provider.requests()).isEqualTo(1);
    }
}
