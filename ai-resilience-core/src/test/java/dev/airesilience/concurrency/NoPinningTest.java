package dev.airesilience.concurrency;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.Fallback;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.VirtualThreads;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;

/**
 * Virtual threads that retry through the orchestrator, parking in real backoff sleeps, must never be pinned
 * by our code. JFR's {@code jdk.VirtualThreadPinned} event reports every park while pinned, with its stack.
 */
@EnabledForJreRange(min = JRE.JAVA_21)
class NoPinningTest {

    @Test
    void retriesOnVirtualThreadsNeverPinInOurCode() throws Exception {
        Path dump = Files.createTempFile("pinning", ".jfr");
        List<String> pinnedInOurCode = new ArrayList<>();
        try (Recording recording = new Recording()) {
            recording.enable("jdk.VirtualThreadPinned").withThreshold(Duration.ZERO).withStackTrace();
            recording.start();

            // Real parks: a 1 ms sleep per retry, the blocking a pinned carrier would hit.
            AIServiceResilience resilience = AIServiceResilience.builder()
                    .sleeper(duration -> Thread.sleep(1))
                    .build();
            AtomicInteger completed = new AtomicInteger();
            ExecutorService pool = VirtualThreads.newPerTaskExecutor();
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 2_000; t++) {
                    int task = t;
                    futures.add(pool.submit(() -> {
                        AtomicInteger attempts = new AtomicInteger();
                        resilience.<String>withResilience("op" + (task % 8), null, Orchestrators.config(3, 100),
                                Fallback.value("fb")).call(() -> {
                                    if (attempts.incrementAndGet() < 3) {
                                        throw new TransientAIException("503");
                                    }
                                    return "ok";
                                });
                        completed.incrementAndGet();
                        return null;
                    }));
                }
                for (Future<?> future : futures) {
                    future.get(2, TimeUnit.MINUTES);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(completed).hasValue(2_000);
            recording.stop();
            recording.dump(dump);
        }
        for (RecordedEvent event : RecordingFile.readAllEvents(dump)) {
            if (event.getStackTrace() == null) {
                continue;
            }
            for (RecordedFrame frame : event.getStackTrace().getFrames()) {
                if (frame.getMethod().getType().getName().startsWith("dev.airesilience.internal")
                        || frame.getMethod().getType().getName().equals("dev.airesilience.AIServiceResilience")) {
                    pinnedInOurCode.add(event.toString());
                    break;
                }
            }
        }
        Files.deleteIfExists(dump);
        assertThat(pinnedInOurCode).isEmpty();
    }
}
