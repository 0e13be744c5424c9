package dev.airesilience.server.text;

import dev.airesilience.config.ResilienceStrategy;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The text operations the service offers. Each runs as its own resilient operation (the seed's long names) with
 * the original's strategy unless the configuration names another.
 */
public enum TextOperation {
    SUMMARIZE("summarize", "summarize_text", ResilienceStrategy.BALANCED,
            "Summarize the text in at most two sentences."),
    SENTIMENT("sentiment", "analyze_sentiment", ResilienceStrategy.AGGRESSIVE,
            "Classify the sentiment. Answer only JSON: {\"sentiment\": \"positive|negative|neutral\", "
                    + "\"confidence\": 0.0-1.0, \"explanation\": \"...\"}."),
    KEY_POINTS("key_points", "extract_key_points", ResilienceStrategy.BALANCED,
            "List the key points, one per line, each starting with \"- \"."),
    QUESTIONS("questions", "generate_questions", ResilienceStrategy.BALANCED,
            "Write questions a reader could ask about the text, one per line, each starting with \"- \"."),
    QA("qa", "answer_question", ResilienceStrategy.CONSERVATIVE,
            "Answer the question using only the text. Answer in one or two sentences.");

    private final String wireName;
    private final String resilienceOperation;
    private final ResilienceStrategy defaultStrategy;
    private final String instruction;

    TextOperation(String wireName, String resilienceOperation, ResilienceStrategy defaultStrategy, String instruction) {
        this.wireName = wireName;
        this.resilienceOperation = resilienceOperation;
        this.defaultStrategy = defaultStrategy;
        this.instruction = instruction;
    }

    public String wireName() {
        return wireName;
    }

    /** The operation name the orchestrator, its metrics and its circuit breaker use. */
    public String resilienceOperation() {
        return resilienceOperation;
    }

    public ResilienceStrategy defaultStrategy() {
        return defaultStrategy;
    }

    String systemPrompt() {
        return "You are a careful text-processing assistant. Task: " + wireName + ". " + instruction;
    }

    public static Optional<TextOperation> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(op -> op.wireName.equals(wanted)).findFirst();
    }

    public static String wireNames() {
        return Arrays.stream(values()).map(TextOperation::wireName).collect(Collectors.joining(", "));
    }
}
