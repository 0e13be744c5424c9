package dev.airesilience.exception;

/**
 * The calling thread was interrupted during an attempt or a backoff sleep. The call ends at once, no further
 * attempt runs, no fallback is used, and the thread's interrupt flag is set again before this is thrown.
 */
public final class CallInterruptedException extends AIServiceException {

    private static final long serialVersionUID = 1L;

    public CallInterruptedException(String operation, InterruptedException cause) {
        super("Call to operation '" + operation + "' was interrupted", cause);
    }
}
