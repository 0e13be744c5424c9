package dev.airesilience.exception;

/**
 * The operation's adaptive client-side throttle rejected the call without invoking the function: the provider has
 * refused too many of the operation's recent attempts. Stackless: during an overload it is thrown on a fast path,
 * many times a second.
 */
public final class ThrottledException extends ServiceUnavailableException {

    private static final long serialVersionUID = 1L;

    private final String operation;
    private final double rejectProbability;

    public ThrottledException(String operation, double rejectProbability) {
        super("Operation '" + operation + "' is throttled locally: the provider refused too many recent attempts "
                + "(rejecting with probability " + String.format(java.util.Locale.ROOT, "%.3f", rejectProbability)
                + ")", false);
        this.operation = operation;
        this.rejectProbability = rejectProbability;
    }

    public String operation() {
        return operation;
    }

    /** The probability with which the throttle was rejecting attempts when it rejected this call. */
    public double rejectProbability() {
        return rejectProbability;
    }
}
