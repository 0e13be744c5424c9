package dev.airesilience.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RetryConfig;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.metrics.ResilienceMetrics;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The core's streaming call in virtual time, with a source the test drives by hand: every attempt's events, the
 * clock, and so every decision, are explicit.
 */
class ResilientStreamTest {

    private static final Duration FIRST_TOKEN = Duration.ofSeconds(5);
    private static final Duration IDLE = Duration.ofSeconds(2);

    private ManualClock clock;
    private AIServiceResilience resilience;
    private ResilienceDecorator<String> chat;
    private final Source source = new Source();
    private final Recorder subscriber = new Recorder();

    /** Records every attempt it opens; the test sends their events. */
    static final class Source implements StreamSource<String> {
        final List<StreamObserver<? super String>> attempts = new CopyOnWriteArrayList<>();
        final List<Integer> cancelled = new CopyOnWriteArrayList<>();

        @Override
        public StreamSubscription open(StreamObserver<? super String> observer) {
            int index = attempts.size();
            attempts.add(observer);
            return () -> cancelled.add(index);
        }

        StreamObserver<? super String> attempt(int index) {
            return attempts.get(index);
        }
    }

    static final class Recorder implements StreamObserver<String> {
        final List<String> elements = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        int completions;

        @Override
        public void onNext(String element) {
            elements.add(element);
        }

        @Override
        public void onComplete() {
            completions++;
        }

        @Override
        public void onError(Throwable error) {
            errors.add(error);
        }
    }

    /** Sources are cancelled off the timer's thread (a client's cancel may block), so the test waits for it. */
    private void awaitCancelled(int attempt) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!source.cancelled.equals(List.of(attempt))) {
            assertThat(System.nanoTime()).as("attempt %d cancelled", attempt).isLessThan(deadline);
            Thread.sleep(1);
        }
    }

    @BeforeEach
    void setUp() {
        clock = new ManualClock();
        resilience = AIServiceResilience.builder().clock(clock).build();
        resilience.registerOperationConfig("chat", ResilienceConfig.builder()
                .retry(RetryConfig.builder().maxAttempts(3).maxDelay(Duration.ofSeconds(60)).exponentialMultiplier(Duration.ofMillis(500))
                        .exponentialMin(Duration.ofMillis(500)).exponentialMax(Duration.ofSeconds(5)).jitter(false).build())
                .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(5).recoveryTimeout(Duration.ofSeconds(60)).build())
                .firstTokenTimeout(FIRST_TOKEN).idleTimeout(IDLE)
                .build());
        chat = resilience.withOperationResilience("chat");
    }

    @AfterEach
    void tearDown() {
        resilience.close();
    }

    @Test
    void failuresBeforeTheFirstElementAreRetriedAndTheSubscriberNeverSeesThem() {
        ResilientStream.of(chat, source).subscribe(subscriber);
        source.attempt(0).onError(new ServiceUnavailableException("503 before any token"));
        assertThat(source.attempts).hasSize(1); // waits its backoff on the clock
        clock.advance(Duration.ofMillis(500));
        source.attempt(1).onError(new ServiceUnavailableException("503 again"));
        clock.advance(Duration.ofSeconds(1));

        source.attempt(2).onNext("Hel");
        source.attempt(2).onNext("lo");
        source.attempt(2).onComplete();

        assertThat(subscriber.elements).containsExactly("Hel", "lo");
        assertThat(subscriber.errors).isEmpty();
        assertThat(subscriber.completions).isEqualTo(1);
        ResilienceMetrics metrics = resilience.getMetrics("chat");
        assertThat(metrics.attempts()).isEqualTo(3);
        assertThat(metrics.successfulCalls()).isEqualTo(1);
        assertThat(metrics.timeToFirstToken().count()).isEqualTo(1);
        assertThat(metrics.timeToFirstToken().maxMs()).isEqualTo(1500.0); // both backoffs: what the caller waited
    }

    @Test
    void aFailureAfterTheFirstElementIsNotRetriedAndNamesTheOperationAndTheElementsDelivered() {
        ResilientStream.of(chat, source).subscribe(subscriber);
        source.attempt(0).onNext("Hel");
        source.attempt(0).onNext("lo");
        IllegalStateException broken = new IllegalStateException("connection reset");
        source.attempt(0).onError(broken);
        clock.advance(Duration.ofMinutes(1));

        assertThat(source.attempts).hasSize(1);
        assertThat(subscriber.elements).containsExactly("Hel", "lo");
        assertThat(subscriber.errors).singleElement().isInstanceOfSatisfying(MidStreamException.class, e -> {
            assertThat(e.operation()).isEqualTo("chat");
            assertThat(e.elementsDelivered()).isEqualTo(2);
            assertThat(e).hasCause(broken).hasMessageContaining("'chat'").hasMessageContaining("2 elements");
        });
        assertThat(resilience.getMetrics("chat").attempts()).isEqualTo(1);
    }

    @Test
    void noFirstElementWithinTheFirstTokenTimeoutAbandonsTheAttemptAndRetries() throws InterruptedException {
        ResilientStream.of(chat, source).subscribe(subscriber);
        clock.advance(FIRST_TOKEN.minusMillis(1));
        assertThat(source.cancelled).isEmpty();
        clock.advance(Duration.ofMillis(1));
        awaitCancelled(0); // the stalled request is closed (off this thread)
        clock.advance(Duration.ofMillis(500)); // backoff
        assertThat(source.attempts).hasSize(2);

        source.attempt(0).onNext("late"); // the abandoned attempt wakes up: dropped
        source.attempt(1).onNext("Hello");
        source.attempt(1).onComplete();

        assertThat(subscriber.elements).containsExactly("Hello");
        assertThat(subscriber.completions).isEqualTo(1);
        assertThat(resilience.getMetrics("chat").timeToFirstToken().maxMs()).isEqualTo(5500.0);
    }

    @Test
    void noElementWithinTheIdleTimeoutEndsAStartedStreamWithoutRetry() throws InterruptedException {
        ResilientStream.of(chat, source).subscribe(subscriber);
        source.attempt(0).onNext("Hel");
        clock.advance(Duration.ofMillis(1500));
        source.attempt(0).onNext("lo"); // resets the idle clock
        clock.advance(Duration.ofMillis(1999));
        assertThat(subscriber.errors).isEmpty();
        clock.advance(Duration.ofMillis(1));

        assertThat(subscriber.elements).containsExactly("Hel", "lo");
        assertThat(subscriber.errors).singleElement().isInstanceOfSatisfying(MidStreamException.class, e -> {
            assertThat(e.elementsDelivered()).isEqualTo(2);
            assertThat(e.getCause()).isInstanceOf(StreamIdleTimeoutException.class).hasMessageContaining("2000 ms");
        });
        awaitCancelled(0);
        clock.advance(Duration.ofMinutes(1));
        assertThat(source.attempts).hasSize(1);
        source.attempt(0).onComplete(); // too late: the subscriber already has its end
        assertThat(subscriber.completions).isZero();
    }

    @Test
    void anExplicitMidStreamFallbackFinishesTheStreamInsteadOfTheError() {
        ResilientStream.of(chat, source)
                .afterFirstElement(failure -> StreamSource.of(List.of(" [cut after " + failure.elementsDelivered() + "]")))
                .subscribe(subscriber);
        source.attempt(0).onNext("Hel");
        source.attempt(0).onError(new IllegalStateException("reset"));

        assertThat(subscriber.elements).containsExactly("Hel", " [cut after 1]");
        assertThat(subscriber.errors).isEmpty();
        assertThat(subscriber.completions).isEqualTo(1);
    }

    @Test
    void aCallThatEndsWithoutAStreamGetsTheDecoratorsFallbackStreamed() {
        ResilientStream.of(chat.withFallback(context -> "fallback answer"), source)
                .fallbackAnswer(answer -> StreamSource.of(List.of(answer)))
                .subscribe(subscriber);
        source.attempt(0).onError(new PermanentAIException("401", null, 401));

        assertThat(source.attempts).hasSize(1); // permanent: not retried
        assertThat(subscriber.elements).containsExactly("fallback answer");
        assertThat(subscriber.completions).isEqualTo(1);
        assertThat(resilience.getMetrics("chat").timeToFirstToken()).as("no stream started").isNull();
    }

    @Test
    void withoutAFallbackTheSubscriberGetsTheOrchestratorsException() {
        ResilientStream.of(chat, source).subscribe(subscriber);
        source.attempt(0).onError(new PermanentAIException("401", null, 401));

        assertThat(subscriber.errors).singleElement().isInstanceOf(PermanentAIException.class);
        assertThat(subscriber.elements).isEmpty();
    }

    @Test
    void cancellingDuringABackoffStopsTheCallAndItsStream() {
        StreamSubscription subscription = ResilientStream.of(chat, source).subscribe(subscriber);
        source.attempt(0).onError(new ServiceUnavailableException("503"));
        subscription.cancel();
        clock.advance(Duration.ofMinutes(1));

        assertThat(source.attempts).hasSize(1);
        assertThat(subscriber.errors).isEmpty();
        assertThat(subscriber.completions).isZero();
    }

    @Test
    void cancellingAStartedStreamClosesItsSource() throws InterruptedException {
        StreamSubscription subscription = ResilientStream.of(chat, source).subscribe(subscriber);
        source.attempt(0).onNext("Hel");
        subscription.cancel();
        source.attempt(0).onNext("lo");

        awaitCancelled(0);
        assertThat(subscriber.elements).containsExactly("Hel");
        clock.advance(IDLE);
        assertThat(subscriber.errors).isEmpty();
    }

    @Test
    void operationsThatNeverStreamHaveNoTimeToFirstToken() {
        assertThat(chat.call(() -> "plain")).isEqualTo("plain");
        assertThat(resilience.getMetrics("chat").timeToFirstToken()).isNull();
    }
}
