package dev.airesilience.spring.boot.web;

import dev.airesilience.annotation.Resilient;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.exception.ServiceUnavailableException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Service;

/** Stands in for an AI provider client: can be told to fail, and counts the real attempts. */
@Service
public class ChatService {

    private final AtomicInteger askAttempts = new AtomicInteger();
    private final AtomicInteger summarizeAttempts = new AtomicInteger();
    private volatile boolean providerDown;
    private volatile int summarizeFailuresLeft;

    // Test controls: methods, because the bean the tests get is the proxy, not the object holding the fields.

    public void reset() {
        providerDown = false;
        summarizeFailuresLeft = 0;
        askAttempts.set(0);
        summarizeAttempts.set(0);
    }

    public void providerDown(boolean down) {
        providerDown = down;
    }

    public void failNextSummaries(int failures) {
        summarizeFailuresLeft = failures;
    }

    public int askAttempts() {
        return askAttempts.get();
    }

    public int summarizeAttempts() {
        return summarizeAttempts.get();
    }

    @Resilient(strategy = ResilienceStrategy.AGGRESSIVE, fallbackMethod = "cannedAnswer")
    public String ask(String question) {
        askAttempts.incrementAndGet();
        if (providerDown) {
            throw new ServiceUnavailableException("503 from the provider");
        }
        return "answer to " + question;
    }

    @SuppressWarnings("unused") // called reflectively as the fallback of ask
    private String cannedAnswer(String question, Throwable failure) {
        return "canned answer to " + question + " (" + failure.getClass().getSimpleName() + ")";
    }

    @Resilient(operation = "summarize")
    public CompletionStage<String> summarize(String text) {
        summarizeAttempts.incrementAndGet();
        if (summarizeFailuresLeft > 0) {
            summarizeFailuresLeft--;
            return CompletableFuture.failedFuture(new ServiceUnavailableException("503 from the provider"));
        }
        return CompletableFuture.completedFuture("summary of " + text);
    }
}
