package dev.airesilience.internal;

import java.util.regex.Pattern;

/**
 * Masks what looks like a credential before a provider's words reach a log line: providers quote the key they
 * were sent in some error bodies, and an exception message is where those bodies end up.
 */
public final class Redaction {

    /** {@code sk-...}-style keys, bearer tokens, and {@code key=...}-style pairs. */
    private static final Pattern SECRET = Pattern.compile(
            "(?i)(\\b(?:sk|pk|rk|sess|key)-[A-Za-z0-9_\\-]{8,})"
                    + "|(bearer\\s+)[A-Za-z0-9._~+/\\-]{8,}=*"
                    + "|((?:api[_-]?key|x-api-key|authorization|token|secret|password)[\"']?\\s*[:=]\\s*[\"']?)[^\\s\"',;}]{4,}");

    private Redaction() {}

    /**
     * A failure for a log line or a report: {@code Type: message}, the message cut at 200 characters, redacted.
     */
    public static String describe(Throwable failure) {
        String message = failure.getMessage();
        if (message != null && message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return redact(failure.getClass().getSimpleName() + (message == null ? "" : ": " + message));
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        return SECRET.matcher(text).replaceAll(match -> {
            if (match.group(1) != null) {
                return "[REDACTED]";
            }
            String prefix = match.group(2) != null ? match.group(2) : match.group(3);
            return java.util.regex.Matcher.quoteReplacement(prefix) + "[REDACTED]";
        });
    }
}
