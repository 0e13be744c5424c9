package dev.airesilience.server.internalapi;

import dev.airesilience.server.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the internal API's query parameters, path variables and body fields. Every refusal is a 400 that names the
 * field, what is allowed and the value received ({@link ApiException#invalidField}); numbers are parsed here, not by
 * Spring, so that {@code hours=abc}, {@code hours=1e3} and {@code hours=99999999999} get the same clear answer.
 */
final class Params {

    /** Longest text echoed or accepted for a name (preset, session, operation, template). */
    static final int MAX_NAME_LENGTH = 200;

    private Params() {}

    /** A whole number in {@code [min, max]}; {@code fallback} when the parameter is absent. */
    static int wholeNumber(String field, String raw, int fallback, int min, int max) {
        if (raw == null) {
            return fallback;
        }
        String allowed = "a whole number between " + min + " and " + max;
        String text = raw.trim();
        if (!text.matches("[+-]?[0-9]{1,10}")) {
            throw ApiException.invalidField(field, allowed, raw);
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw ApiException.invalidField(field, allowed, raw);
        }
        return (int) value;
    }

    /** {@code true} or {@code false} (any case); {@code fallback} when absent. */
    static boolean bool(String field, String raw, boolean fallback) {
        if (raw == null) {
            return fallback;
        }
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.invalidField(field, "true or false", raw);
        };
    }

    /** One of {@code allowed} (any case), returned in lower case; {@code fallback} when absent. */
    static String oneOf(String field, String raw, String fallback, List<String> allowed) {
        if (raw == null) {
            return fallback;
        }
        String value = raw.trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(value)) {
            throw ApiException.invalidField(field, "one of " + allowed, raw);
        }
        return value;
    }

    /** A name: 1 to {@value #MAX_NAME_LENGTH} characters, no control characters. */
    static String name(String field, String raw) {
        String allowed = "1 to " + MAX_NAME_LENGTH + " characters without control characters";
        if (raw == null || raw.isBlank() || raw.length() > MAX_NAME_LENGTH || raw.chars().anyMatch(Character::isISOControl)) {
            throw ApiException.invalidField(field, allowed, raw == null ? null
                    : raw.length() > MAX_NAME_LENGTH ? raw.length() + " characters" : raw.replaceAll("\\p{Cntrl}", "?"));
        }
        return raw;
    }

    /** A JSON body field that must be a whole number in {@code [min, max]}; {@code fallback} when absent. */
    static int wholeNumber(Map<String, Object> body, String field, int fallback, int min, int max) {
        if (!body.containsKey(field)) {
            return fallback;
        }
        Object value = body.get(field);
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long number = ((Number) value).longValue();
            if (number >= min && number <= max) {
                return (int) number;
            }
        }
        throw ApiException.invalidField(field, "a whole number between " + min + " and " + max, json(value));
    }

    /** A JSON body field that must be a boolean; {@code fallback} when absent. */
    static boolean bool(Map<String, Object> body, String field, boolean fallback) {
        if (!body.containsKey(field)) {
            return fallback;
        }
        if (body.get(field) instanceof Boolean value) {
            return value;
        }
        throw ApiException.invalidField(field, "true or false", json(body.get(field)));
    }

    /** Refuses body keys other than {@code allowed} (a typo would otherwise be ignored silently). */
    static void onlyKeys(Map<String, Object> body, List<String> allowed) {
        for (String key : body.keySet()) {
            if (!allowed.contains(key)) {
                throw ApiException.invalidField("body", "an object with only the keys " + allowed, "key '" + key + "'");
            }
        }
    }

    /** A JSON value as the client wrote it (numbers, strings quoted, null as null). */
    static String json(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return '"' + text + '"';
        }
        return String.valueOf(value);
    }

    static Map<String, Object> ordered(Object... keyValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
