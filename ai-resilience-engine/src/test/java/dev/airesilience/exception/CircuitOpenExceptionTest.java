package dev.airesilience.exception;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The rejection of an open circuit is built on a fast path, so it has no stack trace and formats its message only
 * when read; what a reader sees (message, operation, retry time, serialized form) must be as if it were eager.
 */
class CircuitOpenExceptionTest {

    private static final Instant RETRY_AT = Instant.parse("2026-11-26T10:15:30Z");

    @Test
    void theMessageNamesTheOperationTheRetryTimeAndTheWait() {
        CircuitOpenException rejection = new CircuitOpenException("chat", RETRY_AT, Duration.ofMillis(29_500));

        assertThat(rejection.getMessage()).isEqualTo("Circuit breaker is open for operation 'chat'; it admits a trial "
                + "call after 2026-11-26T10:15:30Z (in 29500 ms)");
        assertThat(rejection.getMessage()).as("read twice, same text").isSameAs(rejection.getMessage());
        assertThat(rejection).hasToString(CircuitOpenException.class.getName() + ": " + rejection.getMessage());
        assertThat(rejection.operation()).isEqualTo("chat");
        assertThat(rejection.retryAt()).isEqualTo(RETRY_AT);
    }

    @Test
    void aWaitAlreadyOverReadsAsZero() {
        assertThat(new CircuitOpenException("chat", RETRY_AT, Duration.ofMillis(-40)).getMessage()).endsWith("(in 0 ms)");
    }

    @Test
    void itCarriesNoStackTraceAndIsATransientServiceFailure() {
        CircuitOpenException rejection = new CircuitOpenException("chat", RETRY_AT, Duration.ZERO);

        assertThat(rejection.getStackTrace()).isEmpty();
        assertThat(rejection).isInstanceOf(ServiceUnavailableException.class).isInstanceOf(TransientAIException.class);
        assertThat(rejection.statusCode()).isEqualTo(-1);
        assertThat(rejection.getCause()).isNull();
    }

    @Test
    void aSerializedRejectionKeepsItsMessage() throws Exception {
        CircuitOpenException rejection = new CircuitOpenException("chat", RETRY_AT, Duration.ofSeconds(30));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(rejection);
        }

        CircuitOpenException copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (CircuitOpenException) in.readObject();
        }

        assertThat(copy.getMessage()).isEqualTo(rejection.getMessage());
        assertThat(copy.operation()).isEqualTo("chat");
        assertThat(copy.retryAt()).isEqualTo(RETRY_AT);
    }
}
