package dev.airesilience.streaming;

import dev.airesilience.exception.AIServiceException;
import java.time.Duration;

/** A started stream sent no element for the idle timeout; the cause of the {@link MidStreamException} that ends it. */
public final class StreamIdleTimeoutException extends AIServiceException {

    private static final long serialVersionUID = 1L;

    public StreamIdleTimeoutException(String operation, Duration timeout) {
        super("Operation '" + operation + "': no element for " + timeout.toMillis() + " ms (idle timeout)");
    }
}
