package dev.airesilience.annotation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code @Resilient} on methods returning Reactor types (issue 12): a Mono is retried and falls back like a
 * CompletionStage; a Flux is retried only until its first element, and an error after it reaches the subscriber
 * unretried; a return type that cannot be protected is refused when the proxy is made.
 */
class ReactiveResilientTest {

    private final ManualClock clock = ManualClock.autoAdvancing();
    private final AIServiceResilience resilience = Orchestrators.virtual(clock);

    @AfterEach
    void close() {
        resilience.close();
    }

    interface Chat {
        @Resilient(operation = "chat")
        Mono<String> ask(String question);

        @Resilient(operation = "chat-fallback", fallbackMethod = "canned")
        Mono<String> askWithFallback(String question);

        @Resilient(operation = "stream")
        Flux<String> stream(String question);

        default Mono<String> canned(String question, Throwable cause) {
            return Mono.just("canned: " + question);
        }
    }

    /** A provider that fails its first {@code failures} calls before (or, for streams, after) answering. */
    static final class Provider implements Chat {
        final AtomicInteger calls = new AtomicInteger();
        final int failures;
        final boolean failAfterFirstToken;

        Provider(int failures, boolean failAfterFirstToken) {
            this.failures = failures;
            this.failAfterFirstToken = failAfterFirstToken;
        }

        @Override
        public Mono<String> ask(String question) {
            return Mono.defer(() -> calls.incrementAndGet() <= failures
                    ? Mono.error(new ServiceUnavailableException("503")) : Mono.just("answer to " + question));
        }

        @Override
        public Mono<String> askWithFallback(String question) {
            return Mono.defer(() -> {
                calls.incrementAndGet();
                return Mono.error(new PermanentAIException("400 bad request"));
            });
        }

        @Override
        public Flux<String> stream(String question) {
            return Flux.defer(() -> {
                if (calls.incrementAndGet() <= failures) {
                    return failAfterFirstToken
                            ? Flux.concat(Flux.just("Hel"), Flux.error(new ServiceUnavailableException("stream broke")))
                            : Flux.error(new ServiceUnavailableException("503"));
                }
                return Flux.just("Hel", "lo", "!");
            });
        }
    }

    @Test
    void aMonoIsRetriedUntilItAnswers() {
        Provider provider = new Provider(2, false);
        Chat chat = ResilientProxy.create(Chat.class, provider, resilience);

        Mono<String> answer = chat.ask("hi");
        assertThat(provider.calls).as("nothing runs before subscription").hasValue(0);

        assertThat(answer.block(Duration.ofSeconds(5))).isEqualTo("answer to hi");
        assertThat(provider.calls).hasValue(3);
        assertThat(resilience.getMetrics("chat").retryAttempts()).isEqualTo(2);
        assertThat(resilience.getMetrics("chat").successfulCalls()).isEqualTo(1);
    }

    @Test
    void aMonoFallsBackThroughItsFallbackMethod() {
        Provider provider = new Provider(0, false);
        Chat chat = ResilientProxy.create(Chat.class, provider, resilience);

        assertThat(chat.askWithFallback("hi").block(Duration.ofSeconds(5))).isEqualTo("canned: hi");
        assertThat(provider.calls).as("a permanent error is not retried").hasValue(1);
        assertThat(resilience.getMetrics("chat-fallback").fallbackCalls()).isEqualTo(1);
    }

    @Test
    void aFluxThatFailsBeforeItsFirstElementIsRetried() {
        Provider provider = new Provider(2, false);
        Chat chat = ResilientProxy.create(Chat.class, provider, resilience);

        assertThat(chat.stream("hi").collectList().block(Duration.ofSeconds(5))).containsExactly("Hel", "lo", "!");
        assertThat(provider.calls).hasValue(3);
    }

    @Test
    void aFluxThatFailsAfterItsFirstElementIsNotRetried() {
        Provider provider = new Provider(1, true);
        Chat chat = ResilientProxy.create(Chat.class, provider, resilience);
        List<String> received = new ArrayList<>();

        assertThatThrownBy(() -> chat.stream("hi").doOnNext(received::add).blockLast(Duration.ofSeconds(5)))
                .hasMessageContaining("stream broke");
        assertThat(received).as("no token is repeated").containsExactly("Hel");
        assertThat(provider.calls).hasValue(1);
    }

    interface Unprotectable {
        @Resilient(operation = "publisher")
        java.util.concurrent.Flow.Publisher<String> publisher();
    }

    interface PublisherChat {
        @Resilient(operation = "publisher")
        Publisher<String> stream(String prompt);
    }

    /** Issue 12: "@Resilient on Mono/Flux/Publisher methods works with the same semantics". */
    @Test
    void aPublisherMethodIsRetriedBeforeItsFirstElementLikeAFlux() {
        Provider provider = new Provider(1, false);
        PublisherChat chat = ResilientProxy.create(PublisherChat.class, provider::stream, resilience);
        List<String> received = Flux.from(chat.stream("hi")).collectList().block(Duration.ofSeconds(5));
        assertThat(received).containsExactly("Hel", "lo", "!");
        assertThat(provider.calls).as("one failed attempt before the first element, then one that streamed").hasValue(2);
    }

    interface LazyStream {
        @Resilient(operation = "lines")
        Stream<String> lines();
    }

    @Test
    void returnTypesThatCannotBeProtectedAreRefusedWhenTheProxyIsMade() {
        assertThatThrownBy(() -> ResilientProxy.create(Unprotectable.class, () -> subscriber -> { }, resilience))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.util.concurrent.Flow$Publisher").hasMessageContaining("cannot be protected")
                .hasMessageContaining("a Mono, a Flux or a Publisher");
        assertThatThrownBy(() -> ResilientProxy.create(LazyStream.class, Stream::empty, resilience))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.util.stream.Stream");
    }
}
