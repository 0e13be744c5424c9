package dev.airesilience.server.text;

import dev.airesilience.exception.TransientAIException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** Turns the model's text into the operation's result shape, leniently: real models do not always obey. */
final class AnswerParser {

    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private AnswerParser() {}

    static Object parse(TextOperation operation, String content) {
        String trimmed = content.strip();
        if (trimmed.isEmpty()) {
            // An empty answer is worth another attempt, like a transient failure.
            throw new TransientAIException("AI provider returned an empty answer");
        }
        return switch (operation) {
            case SUMMARIZE, QA -> trimmed;
            case SENTIMENT -> sentiment(trimmed);
            case KEY_POINTS, QUESTIONS -> lines(trimmed);
        };
    }

    private static Map<String, Object> sentiment(String content) {
        int start = content.indexOf('{');
        int end = content.lastIndexOf('}');
        Map<String, Object> result = new LinkedHashMap<>();
        if (start >= 0 && end > start) {
            try {
                JsonNode node = JSON.readTree(content.substring(start, end + 1));
                result.put("sentiment", node.path("sentiment").asString("neutral").toLowerCase(Locale.ROOT));
                result.put("confidence", Math.max(0.0, Math.min(1.0, node.path("confidence").asDouble(0.5))));
                result.put("explanation", node.path("explanation").asString(""));
                return result;
            } catch (JacksonException e) {
                // fall through to the plain-text reading
            }
        }
        String lower = content.toLowerCase(Locale.ROOT);
        String label = lower.contains("positive") ? "positive" : lower.contains("negative") ? "negative" : "neutral";
        result.put("sentiment", label);
        result.put("confidence", 0.5);
        result.put("explanation", content.length() > 300 ? content.substring(0, 300) : content);
        return result;
    }

    private static List<String> lines(String content) {
        return Arrays.stream(content.split("\\R"))
                .map(line -> line.strip().replaceFirst("^([-*•]|\\d+[.)])\\s*", ""))
                .filter(line -> !line.isEmpty())
                .toList();
    }
}
