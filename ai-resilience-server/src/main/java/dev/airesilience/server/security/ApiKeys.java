package dev.airesilience.server.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The accepted API keys ({@code API_KEY} plus comma-separated {@code ADDITIONAL_API_KEYS}). Keys are compared in
 * constant time, and {@link #toString()} never shows them.
 */
public final class ApiKeys {

    private final List<byte[]> keys;

    public ApiKeys(String primary, String additional) {
        this.keys = java.util.stream.Stream.concat(java.util.stream.Stream.of(primary),
                        additional == null ? java.util.stream.Stream.empty() : Arrays.stream(additional.split(",")))
                .filter(Objects::nonNull)
                .map(String::strip)
                .filter(key -> !key.isEmpty())
                .map(key -> key.getBytes(StandardCharsets.UTF_8))
                .toList();
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
