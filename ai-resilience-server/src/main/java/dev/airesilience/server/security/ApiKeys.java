package dev.airesilience.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * The accepted API keys ({@code API_KEY} plus comma-separated {@code ADDITIONAL_API_KEYS}). Keys are compared in
 * constant time, and {@link #toString()} never shows them.
 *
 * <p>A key must be visible ASCII ({@code !} to {@code ~}) after surrounding whitespace is stripped: anything else
 * could never arrive intact in an HTTP header, and a blank {@code API_KEY} would silently start the service
 * without keys. Such settings are refused at startup; the message names the variable and the rule, never the key.
 * Empty entries of {@code ADDITIONAL_API_KEYS} (as in {@code a,,b}) are ignored.
 */
public final class ApiKeys {

    private final List<byte[]> keys = new ArrayList<>();

    /**
     * @throws IllegalArgumentException if {@code primary} is set but blank, or any key has a character outside
     *         visible ASCII
     */
    public ApiKeys(String primary, String additional) {
        if (primary != null) {
            keys.add(checked("API_KEY", primary));
        }
        if (additional != null) {
            String[] entries = additional.split(",", -1);
            for (int i = 0; i < entries.length; i++) {
                if (!entries[i].isBlank()) {
                    keys.add(checked("ADDITIONAL_API_KEYS entry " + (i + 1), entries[i]));
                }
            }
        }
    }

    private static byte[] checked(String name, String value) {
        String key = value.strip();
        if (key.isEmpty()) {
            throw new IllegalArgumentException(name + " is set but blank: set a key of visible ASCII characters "
                    + "('!' to '~'), or unset it to run without keys");
        }
        long outside = key.chars().filter(c -> c < '!' || c > '~').count();
        if (outside > 0) {
            throw new IllegalArgumentException(name + " must contain only visible ASCII characters ('!' to '~'), "
                    + "which clients can send in an HTTP header; it has " + outside + " other character(s)");
        }
        return key.getBytes(StandardCharsets.US_ASCII);
    }

    public boolean isEmpty() {
        return keys.isEmpty();
    }

    public int count() {
        return keys.size();
    }

    /** True when {@code candidate} equals one of the keys; every key is compared, so timing reveals nothing. */
    public boolean matches(String candidate) {
        if (candidate == null) {
            return false;
        }
        byte[] given = candidate.getBytes(StandardCharsets.UTF_8);
        boolean match = false;
        for (byte[] key : keys) {
            match |= MessageDigest.isEqual(key, given);
        }
        return match;
    }

    @Override
    public String toString() {
        return "ApiKeys[" + keys.size() + " configured]";
    }
}
