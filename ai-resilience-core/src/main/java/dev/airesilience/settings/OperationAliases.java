package dev.airesilience.settings;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The short ↔ long operation names of the seed ({@code qa} ↔ {@code answer_question}, ...). Presets and overrides
 * use the short names, running code the long ones; resolution accepts either.
 */
public final class OperationAliases {

    private static final Map<String, String> SHORT_TO_LONG = new LinkedHashMap<>();
    private static final Map<String, String> LONG_TO_SHORT = new LinkedHashMap<>();

    static {
        pair("summarize", "summarize_text");
        pair("sentiment", "analyze_sentiment");
        pair("key_points", "extract_key_points");
        pair("questions", "generate_questions");
        pair("qa", "answer_question");
    }

    private OperationAliases() {}

    private static void pair(String shortName, String longName) {
        SHORT_TO_LONG.put(shortName, longName);
        LONG_TO_SHORT.put(longName, shortName);
    }

    /** The other name of {@code operation}, if it has one. */
    public static Optional<String> aliasOf(String operation) {
        String alias = SHORT_TO_LONG.get(operation);
        return Optional.ofNullable(alias != null ? alias : LONG_TO_SHORT.get(operation));
    }

    /** Short name → long name, in the seed's order. */
    public static Map<String, String> shortToLong() {
        return Map.copyOf(SHORT_TO_LONG);
    }
}
