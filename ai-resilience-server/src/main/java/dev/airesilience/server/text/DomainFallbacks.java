package dev.airesilience.server.text;

import java.util.List;
import java.util.Map;

/** The seed's degraded answers (§1.12), given when the AI cannot answer. */
final class DomainFallbacks {

    private DomainFallbacks() {}

    static Object answer(TextOperation operation) {
        return switch (operation) {
            case SUMMARIZE -> "Summary temporarily unavailable: the AI service is not responding. Please try again later.";
            case SENTIMENT -> Map.of("sentiment", "neutral", "confidence", 0.0,
                    "explanation", "Unable to analyze sentiment - service temporarily unavailable");
            case KEY_POINTS -> List.of("Service temporarily unavailable", "Please try again later");
            case QUESTIONS -> List.of("What is the main topic of this text?", "Can you provide more details?");
            case QA -> "I cannot answer this question right now: the AI service is temporarily unavailable. "
                    + "Please try again later.";
        };
    }
}
