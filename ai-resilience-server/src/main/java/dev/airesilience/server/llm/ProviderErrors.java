package dev.airesilience.server.llm;

import dev.airesilience.exception.AIServiceException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Provider error text, made safe to keep. Providers quote keys back ("Incorrect API key provided: sk-...") and the
 * text would travel into exception messages, WARN lines and answers; {@link #redact} removes key-like strings
 * before anything keeps it, and {@link #clientReason} decides what an API client is told.
 */
public final class ProviderErrors {

    static final String REDACTED = "[REDACTED]";

    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=*-]+");
    private static final Pattern NAMED_SECRET = Pattern.compile(
            "(?i)((?:api[_-]?key|access[_-]?token|token|secret|password)\\W{0,3}[:=]\\W{0,3})[^\\s\"',;}]+");
    private static final Pattern SK_KEY = Pattern.compile("\\bsk-[A-Za-z0-9_*-]{6,}");
    /** Long runs of token characters with both letters and digits: hex and base64 keys, whatever their prefix. */
    private static final Pattern LONG_TOKEN = Pattern.compile("[A-Za-z0-9_+/=.-]{23,}[A-Za-z0-9_+/=-]");

    private ProviderErrors() {}

    /**
     * {@code text} with the configured key, {@code Bearer} credentials, {@code api_key=}-style values, {@code sk-}
     * keys and long letter-and-digit tokens replaced by {@code [REDACTED]}; {@code null} stays {@code null}.
     */
    public static String redact(String text, String providerKey) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (providerKey != null && !providerKey.isBlank()) {
            out = out.replace(providerKey.strip(), REDACTED);
        }
        out = BEARER.matcher(out).replaceAll("$1" + REDACTED);
        out = NAMED_SECRET.matcher(out).replaceAll("$1" + REDACTED);
        out = SK_KEY.matcher(out).replaceAll(REDACTED);
        Matcher tokens = LONG_TOKEN.matcher(out);
        return tokens.replaceAll(match -> looksRandom(match.group()) ? REDACTED : Matcher.quoteReplacement(match.group()));
    }

    private static boolean looksRandom(String token) {
        return token.chars().anyMatch(Character::isDigit) && token.chars().anyMatch(Character::isLetter);
    }

    /**
     * What an API client is told about a failed provider call: by default only the provider's HTTP status (its body
     * is the provider's business, and may quote keys); with {@code echo}, the redacted message.
     */
    public static String clientReason(AIServiceException failure, boolean echo) {
        if (echo || failure.statusCode() <= 0) {
            // Without a status the message is the client's own (timeout, unreachable, unparseable answer).
            return redact(failure.getMessage(), null);
        }
        return "AI provider answered HTTP " + failure.statusCode();
    }
}
