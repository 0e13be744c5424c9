package dev.airesilience.internal;

/** The rule for operation names, shared by the registry, the configuration documents and the annotations. */
public final class OperationNames {

    static final int MAX_NAME_LENGTH = 200;

    private OperationNames() {}

    /**
     * Operation names label metrics and logs, so they must be short and printable: 1 to 200 characters, no
     * control characters. Any script is fine.
     */
    public static String validate(String name) {
        if (name == null) {
            throw new IllegalArgumentException("operation name must not be null");
        }
        if (name.isBlank() || name.length() > MAX_NAME_LENGTH) {
            throw new IllegalArgumentException("operation name must be 1 to " + MAX_NAME_LENGTH
                    + " characters and not blank, but was " + name.length() + " characters long");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
                throw new IllegalArgumentException("operation name must not contain control characters, but has U+"
                        + String.format("%04X", (int) c) + " at index " + i);
            }
        }
        return name;
    }
}
