package dev.airesilience.streaming;

import dev.airesilience.exception.TransientAIException;
import java.time.Duration;

/**
 * An attempt of a stream sent no element within the first-token timeout and was abandoned. Transient: nothing was
 * delivered, so the next attempt starts if attempts and budget remain.
 */
public final class FirstTokenTimeoutException extends TransientAIException {

    private static final long serialVersionUID = 1L;

    public FirstTokenTimeoutException(String operation, Duration timeout) {
        super("Operation '" + operation + "': no first element within " + timeout.toMillis() + " ms (first-token timeout)");
    }
}
