package dev.airesilience.internal;

/** Argument checks whose messages name the field, the allowed range and the value received. */
public final class Preconditions {

    private Preconditions() {}

    public static int checkRange(String field, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    field + " must be between " + min + " and " + max + " (inclusive), but was " + value);
        }
        return value;
    }

    public static double checkRange(String field, double value, double min, double max) {
        if (!(value >= min && value <= max)) { // also rejects NaN
            throw new IllegalArgumentException(
                    field + " must be between " + min + " and " + max + " (inclusive), but was " + value);
        }
        return value;
    }

    public static <T> T checkNotNull(String field, T value) {
        if (value == null) {
            throw new NullPointerException(field + " must not be null");
        }
        return value;
    }
}
