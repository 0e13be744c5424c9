package dev.airesilience.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.support.CapturedLogs;
import dev.airesilience.support.Orchestrators;
import dev.airesilience.support.ScriptedCall;
import dev.airesilience.time.ManualClock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A provider that quotes the key it was sent does not get it into the retry WARN line (issue 10, item 15). */
class RedactedRetryLogTest {

    @Test
    void keyLikeStringsInAFailureMessageAreMaskedInTheRetryLine() {
        String key = "sk-proj-4f9aQ7x2LmN8pR3tV6wY";
        String bearer = "Bearer abcdefghijklmnopqrstuvwx";
        ScriptedCall<String> provider = ScriptedCall.<String>failing(
                new TransientAIException("401 from upstream: Incorrect API key provided: " + key + " (sent " + bearer + ")"))
                .thenReturn("ok");
        try (AIServiceResilience resilience = Orchestrators.virtual(ManualClock.autoAdvancing());
                CapturedLogs logs = new CapturedLogs("dev.airesilience")) {
            resilience.<String>withResilience("op", null, Orchestrators.config(2, 5), null).call(provider);

            List<String> warnings = logs.at(Level.WARN).stream().map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("Incorrect API key provided").contains("[REDACTED]")
                    .doesNotContain(key).doesNotContain("abcdefghijklmnopqrstuvwx");
        }
    }
}
