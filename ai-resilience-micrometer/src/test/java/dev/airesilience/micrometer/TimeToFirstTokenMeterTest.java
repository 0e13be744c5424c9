package dev.airesilience.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.streaming.ResilientStream;
import dev.airesilience.streaming.StreamObserver;
import dev.airesilience.streaming.StreamSubscription;
import dev.airesilience.time.ManualClock;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code ai.resilience.time.to.first.token}: one sample per streamed call, none for plain calls. */
class TimeToFirstTokenMeterTest {

    private final ManualClock clock = new ManualClock();
    private final AIServiceResilience resilience = AIServiceResilience.builder().clock(clock).build();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ResilienceMeterBinder binder = new ResilienceMeterBinder(resilience);

    @AfterEach
    void close() {
        binder.close();
        resilience.close();
    }

    @Test
    void aStreamedCallRecordsTheTimeToItsFirstElementRetriesIncluded() {
        binder.bindTo(registry);
        List<StreamObserver<? super String>> attempts = new CopyOnWriteArrayList<>();
        ResilientStream.of(resilience.<String>withOperationResilience("chat"), (StreamObserver<? super String> observer) -> {
            attempts.add(observer);
            return StreamSubscription.NONE;
        }).subscribe(new StreamObserver<String>() {
            @Override
            public void onNext(String element) {}

            @Override
            public void onComplete() {}

            @Override
            public void onError(Throwable error) {}
        });
        attempts.get(0).onError(new ServiceUnavailableException("503"));
        Duration backoff = Duration.ZERO;
        while (attempts.size() < 2) {
            clock.advance(Duration.ofMillis(100)); // BALANCED backoff, whatever its jitter
            backoff = backoff.plusMillis(100);
        }
        attempts.get(1).onNext("Hello");
        attempts.get(1).onComplete();
        resilience.withOperationResilience("plain").call(() -> "not streamed");

        Timer timer = registry.get("ai.resilience.time.to.first.token").tag("operation", "chat").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(backoff.toMillis());
        assertThat(registry.find("ai.resilience.time.to.first.token").tag("operation", "plain").timer()).isNull();
    }
}
