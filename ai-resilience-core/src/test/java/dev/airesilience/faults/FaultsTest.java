package dev.airesilience.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.ResilienceListener;
import dev.airesilience.exception.CallInterruptedException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.support.CapturedLogs;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FaultsTest {

    private final ManualClock clock = new ManualClock();

    @Test
    void anInterruptDuringABlockingBackoffEndsTheCallWithNoVirtualTimePassingAndNoFurtherAttempt() throws Exception {
        CountDownLatch sleeping = new CountDownLatch(1);
        AIServiceResilience resilience = AIServiceResilience.builder().timeSource(clock).sleeper(duration -> {
            sleeping.countDown();
            new CountDownLatch(1).await(); // blocks until interrupted, like a real sleep
        }).build();
        AtomicInteger attempts = new AtomicInteger();
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicReference<Boolean> interruptFlag = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                resilience.<String>withResilience("op", null, Orchestrators.config(5, 50), Fallback.value("fb")).call(() -> {
                    attempts.incrementAndGet();
                    throw new TransientAIException("503");
                });
            } catch (Throwable t) {
                thrown.set(t);
            }
            interruptFlag.set(Thread.currentThread().isInterrupted());
        });
        caller.start();
        sleeping.await();
        Duration before = clock.elapsed();
        caller.interrupt();
        caller.join();
        assertThat(clock.elapsed().minus(before)).isLessThanOrEqualTo(Duration.ofMillis(10));
        assertThat(thrown.get()).isInstanceOf(CallInterruptedException.class)
                .hasCauseInstanceOf(InterruptedException.class);
        assertThat(interruptFlag.get()).isTrue();
        assertThat(attempts).hasValue(1);
    }

    @Test
    void cancellingAnAsyncCallStopsItsRetries() {
        AIServiceResilience resilience = Orchestrators.virtual(clock);
        AtomicInteger invocations = new AtomicInteger();
        CompletableFuture<String> call = resilience.<String>withResilience("op", null, Orchestrators.config(7, 50), null)
                .callAsync(() -> {
                    invocations.incrementAndGet();
                    return CompletableFuture.failedFuture(new TransientAIException("503"));
                });
        clock.advance(Duration.ofSeconds(1)); // second attempt
        int atCancel = invocations.get();
        call.cancel(true);
        clock.advance(Duration.ofMinutes(10));
        assertThat(atCancel).isEqualTo(2);
        assertThat(invocations).hasValue(atCancel);
    }

    @Test
    void aListenerThatThrowsIsLoggedOnceAndNeverBreaksCalls() {
        ResilienceListener broken = new ResilienceListener() {
            @Override
            public void onCallCompleted(CallCompletedEvent event) {
                throw new IllegalStateException("metrics backend down");
            }
        };
        AIServiceResilience resilience = AIServiceResilience.builder().clock(clock).listener(broken).build();
        try (CapturedLogs logs = new CapturedLogs("dev.airesilience")) {
            for (int i = 0; i < 5; i++) {
                assertThat(resilience.<String>withOperationResilience("op").call(() -> "ok")).isEqualTo("ok");
            }
            assertThat(logs.at(Level.WARN)).singleElement()
                    .satisfies(e -> assertThat(e.getFormattedMessage()).contains("listener").contains("threw"));
            assertThat(logs.at(Level.DEBUG)).hasSize(4);
        }
    }

    /**
     * Issue #17: one WARN per retry floods the log during an outage. Each operation writes at most one retry WARN per
     * 30 s of the injected clock, with the number of retries since the previous one; every other retry is at DEBUG.
     */
    @Test
    void aRetryStormLogsOneWarnLinePerOperationPerIntervalWithACount() {
        AIServiceResilience resilience = Orchestrators.virtual(clock);
        ResilienceDecorator<String> summarize = resilience.<String>withResilience("summarize", null,
                Orchestrators.config(4, 50), Fallback.value("fb"));
        java.util.concurrent.Callable<String> down = () -> {
            throw new TransientAIException("503 overloaded");
        };
        try (CapturedLogs logs = new CapturedLogs("dev.airesilience.AIServiceResilience")) {
            summarize.call(down); // 3 retries, waits of 1 + 2 + 4 s: one interval
            assertThat(logs.at(Level.WARN)).singleElement().satisfies(e -> assertThat(e.getFormattedMessage())
                    .contains("summarize").contains("attempt 1/4").contains("503 overloaded").contains("retrying in")
                    .doesNotContain("since the previous warning"));
            assertThat(logs.at(Level.DEBUG)).filteredOn(e -> e.getFormattedMessage().contains("retrying in")).hasSize(2);

            summarize.call(down); // from 7 s to 14 s: still the first interval
            assertThat(logs.at(Level.WARN)).hasSize(1);

            resilience.<String>withResilience("embed", null, Orchestrators.config(2, 50), Fallback.value("fb")).call(down);
            assertThat(logs.at(Level.WARN)).as("another operation has its own interval").hasSize(2);

            clock.advance(Duration.ofSeconds(16));
            summarize.call(down); // its first retry is 31 s after the first warning
            List<String> warnings = logs.at(Level.WARN).stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(warnings).hasSize(3);
            assertThat(warnings.get(2)).contains("summarize").contains("attempt 1/4")
                    .contains("6 retries since the previous warning");
            assertThat(logs.at(Level.DEBUG)).filteredOn(e -> e.getFormattedMessage().contains("retrying in"))
                    .as("every retry not in a WARN line is at DEBUG").hasSize(2 + 3 + 2);
        }
    }

    @Test
    void stackOverflowErrorPropagatesUntouchedOnBothPaths() throws Exception {
        AIServiceResilience resilience = Orchestrators.virtual(clock);
        StackOverflowError error = new StackOverflowError();
        AtomicInteger invocations = new AtomicInteger();
        assertThatThrownBy(() -> resilience.<String>withResilience("op", null, Orchestrators.config(5, 50),
                Fallback.value("fb")).call(() -> {
                    invocations.incrementAndGet();
                    throw error;
                })).isSameAs(error);
        CompletableFuture<String> async = resilience.<String>withResilience("op", null, Orchestrators.config(5, 50),
                Fallback.value("fb")).callAsync(() -> {
                    invocations.incrementAndGet();
                    return CompletableFuture.failedFuture(error);
                });
        assertThatThrownBy(async::get).isInstanceOf(ExecutionException.class).hasCause(error);
        assertThat(invocations).hasValue(2);
        assertThat(resilience.getMetrics("op").failedCalls()).isEqualTo(2);
        assertThat(resilience.getMetrics("op").fallbackCalls()).isZero();
    }

    @Test
    void closingAThousandOrchestratorsLeavesNoSchedulerThreads() throws Exception {
        long before = schedulerThreads();
        for (int i = 0; i < 1_000; i++) {
            AIServiceResilience resilience = new AIServiceResilience();
            // Start the scheduler thread: the first attempt fails, so a retry is scheduled.
            CompletableFuture<String> pending = resilience.<String>withOperationResilience("op")
                    .callAsync(() -> CompletableFuture.failedFuture(new TransientAIException("503")));
            resilience.close();
            pending.cancel(true);
        }
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().equals("ai-resilience-scheduler")) {
                thread.join(10_000); // shutdownNow() interrupted it; wait for it to exit rather than sleeping
            }
        }
        assertThat(schedulerThreads()).isEqualTo(before);
    }

    private static long schedulerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("ai-resilience-scheduler") && t.isAlive()).count();
    }
}
