package dev.airesilience.demo;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.event.CircuitStateChangeEvent;
import dev.airesilience.event.ResilienceListener;
import dev.airesilience.event.RetryEvent;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.Random;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drives a flaky fake AI call through the orchestrator and prints what happened: attempts, breaker
 * transitions, fallbacks and metrics. Runs in virtual time, so the 30 s outage takes no real time.
 *
 * <pre>./mvnw -q -pl ai-resilience-core test-compile exec:java</pre>
 */
public final class FlakyAiDemo {

    private FlakyAiDemo() {}

    public static void main(String[] args) {
        ManualClock clock = new ManualClock();
        FakeProvider provider = new FakeProvider(clock);
        AIServiceResilience resilience = AIServiceResilience.builder()
                .clock(clock)
                .random(new Random(7))
                .listener(new ResilienceListener() {
                    @Override
                    public void onRetry(RetryEvent e) {
                        say(clock, "  retry: attempt %d/%d failed (%s), waiting %d ms", e.attempt(), e.maxAttempts(),
                                e.cause().getMessage(), e.delay().toMillis());
                    }

                    @Override
                    public void onCircuitStateChange(CircuitStateChangeEvent e) {
                        say(clock, "  breaker '%s': %s -> %s", e.operation(), e.from(), e.to());
                    }
                })
                .build();
        ResilienceDecorator<String> summarize = resilience.<String>withResilience("summarize",
                ResilienceStrategy.BALANCED, null, context -> "[fallback] summary unavailable (" + context.reason() + ")");

        say(clock, "1) healthy provider");
        say(clock, "-> %s", summarize.call(() -> provider.complete("Resilience keeps AI calls working.")));

        say(clock, "2) two 503s, then success: retried with backoff");
        provider.failNext(2);
        say(clock, "-> %s", summarize.call(() -> provider.complete("Transient errors are retried.")));

        say(clock, "3) a 429 asking for 5 s: the next attempt waits at least that long");
        provider.rateLimitNext(Duration.ofSeconds(5));
        say(clock, "-> %s", summarize.call(() -> provider.complete("Retry-After is honoured.")));

        say(clock, "4) the provider goes down: retries run out, the breaker opens, calls are rejected fast");
        provider.down(true);
        for (int i = 1; i <= 7; i++) {
            int before = provider.calls();
            String prompt = "call " + i;
            String answer = summarize.call(() -> provider.complete(prompt));
            say(clock, "-> call %d: %s (provider called %d time(s))", i, answer, provider.calls() - before);
        }

        say(clock, "5) the provider recovers; after 60 s the breaker admits a trial call and closes");
        provider.down(false);
        clock.advance(Duration.ofSeconds(61));
        say(clock, "-> %s", summarize.call(() -> provider.complete("Recovered through half-open.")));

        say(clock, "metrics:");
        System.out.println(JsonMapper.builder().build().writerWithDefaultPrettyPrinter()
                .writeValueAsString(resilience.getMetrics("summarize")));
        say(clock, "health: %s", resilience.getHealthStatus());
    }

    private static void say(ManualClock clock, String format, Object... args) {
        System.out.printf("[t=%6.1fs] %s%n", clock.elapsed().toMillis() / 1000.0, String.format(format, args));
    }

    /** A fake LLM endpoint with switchable failures; its "latency" is virtual. */
    private static final class FakeProvider {
        private final ManualClock clock;
        private int failNext;
        private Duration rateLimit;
        private boolean down;
        private int calls;

        FakeProvider(ManualClock clock) {
            this.clock = clock;
        }

        void failNext(int times) {
            failNext = times;
        }

        void rateLimitNext(Duration retryAfter) {
            rateLimit = retryAfter;
        }

        void down(boolean down) {
            this.down = down;
        }

        int calls() {
            return calls;
        }

        String complete(String text) {
            calls++;
            clock.advance(Duration.ofMillis(120));
            if (down) {
                throw new ServiceUnavailableException("503 provider unavailable");
            }
            if (failNext > 0) {
                failNext--;
                throw new ServiceUnavailableException("503 overloaded");
            }
            if (rateLimit != null) {
                Duration retryAfter = rateLimit;
                rateLimit = null;
                throw new RateLimitException("429 rate limited", retryAfter);
            }
            return "summary: " + text;
        }
    }
}
