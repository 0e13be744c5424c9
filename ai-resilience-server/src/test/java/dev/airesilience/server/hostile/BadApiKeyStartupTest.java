package dev.airesilience.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.airesilience.server.ResilienceServerApplication;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.core.NestedExceptionUtils;

/**
 * Issue 10 item 24: a whitespace-only {@code API_KEY} used to start the service without keys, and a non-ASCII key
 * could never match. Both now stop the startup with a message naming the variable and the rule; the key appears
 * neither in the exception nor in any log line (the failure report included).
 */
class BadApiKeyStartupTest {

    /** Starts the service with {@code properties}, expects it to fail, and returns the root cause. */
    private static Throwable startupFailure(String secretPart, String... properties) {
        NoSecretsInLogsOrResponsesTest.Capture capture = new NoSecretsInLogsOrResponsesTest.Capture();
        try {
            Throwable thrown = catchThrowable(() -> new SpringApplicationBuilder(ResilienceServerApplication.class)
                    .listeners(capture).registerShutdownHook(false)
                    .properties("server.port=0", "spring.jmx.enabled=false").properties(properties).run().close());

            assertThat(thrown).as("the service must not start").isNotNull();
            List<String> logTexts = capture.appender.list.stream()
                    .flatMap(event -> NoSecretsInLogsOrResponsesTest.texts(event).stream()).toList();
            assertThat(capture.appender.list).extracting(ILoggingEvent::getFormattedMessage)
                    .as("the failure was logged").contains("Application run failed");
            assertThat(logTexts).as("log texts, exception chains included").isNotEmpty()
                    .noneMatch(text -> text != null && text.contains(secretPart));
            return NestedExceptionUtils.getMostSpecificCause(thrown);
        } finally {
            capture.detach();
        }
    }

    @Test
    void aWhitespaceOnlyApiKeyStopsTheStartup() {
        Throwable cause = startupFailure("\t", "API_KEY= \t ");

        assertThat(cause).isInstanceOf(IllegalArgumentException.class).hasMessage("API_KEY is set but blank: set a "
                + "key of visible ASCII characters ('!' to '~'), or unset it to run without keys");
    }

    @Test
    void aNonAsciiApiKeyStopsTheStartupWithoutShowingTheKey() {
        Throwable cause = startupFailure("Geheim", "API_KEY=schlüssel-Geheim-42");

        assertThat(cause).isInstanceOf(IllegalArgumentException.class).hasMessage("API_KEY must contain only visible "
                + "ASCII characters ('!' to '~'), which clients can send in an HTTP header; it has 1 other character(s)");
    }

    @Test
    void aNonAsciiAdditionalKeyStopsTheStartupWithoutShowingTheKey() {
        Throwable cause = startupFailure("secr", "API_KEY=good-key-123", "ADDITIONAL_API_KEYS=ok-key,clé-secrète");

        assertThat(cause).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("ADDITIONAL_API_KEYS entry 2 must contain only visible ASCII characters");
    }
}
