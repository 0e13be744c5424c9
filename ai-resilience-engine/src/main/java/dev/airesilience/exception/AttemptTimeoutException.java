package dev.airesilience.exception;

import java.time.Duration;

/**
 * One attempt ran longer than its per-attempt timeout and was cut off (its thread interrupted). Transient: the
 * next attempt starts if attempts and budget remain.
 */
public final class AttemptTimeoutException extends TransientAIException {

    private static final long serialVersionUID = 1L;

    public AttemptTimeoutException(String operation, Duration timeout) {
        super("Attempt of operation '" + operation + "' timed out after " + timeout.toMillis() + " ms");
    }
}
