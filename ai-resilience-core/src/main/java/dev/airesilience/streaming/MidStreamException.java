package dev.airesilience.streaming;

import dev.airesilience.exception.AIServiceException;

/**
 * A stream failed after it had delivered elements: the connection broke, the provider sent an error, or no
 * element came within the idle timeout ({@link StreamIdleTimeoutException} as the cause). Not retried, because a
 * retry would deliver again what the subscriber already has. The cause is what ended the stream.
 */
public final class MidStreamException extends AIServiceException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final long elementsDelivered;

    public MidStreamException(String operation, long elementsDelivered, Throwable cause) {
        super("Operation '" + operation + "': the stream failed after " + elementsDelivered + " element"
                + (elementsDelivered == 1 ? "" : "s") + " had been delivered; not retried, since a retry would repeat them ("
                + cause + ")", cause, cause instanceof AIServiceException ? ((AIServiceException) cause).statusCode() : -1);
        this.operation = operation;
        this.elementsDelivered = elementsDelivered;
    }

    public String operation() {
        return operation;
    }

    /** Elements the subscriber received before the failure. */
    public long elementsDelivered() {
        return elementsDelivered;
    }
}
