package dev.airesilience.event;

import java.util.Locale;

/** How a logical call ended. */
public enum CallOutcome {
    /** The function returned a value (possibly after retries). */
    SUCCESS,
    /** The call failed and the caller got an exception. */
    FAILURE,
    /** The call was rejected without invoking the function (open circuit or rate-limit cooldown), no fallback. */
    REJECTED,
    /** The call failed or was rejected and a fallback answered. */
    FALLBACK;

    /** Lower-case tag value for metrics. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
