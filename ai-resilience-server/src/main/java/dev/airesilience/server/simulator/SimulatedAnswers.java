package dev.airesilience.server.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/** Deterministic, plausible answers derived from the input text alone: the same input always gets the same answer. */
final class SimulatedAnswers {

    private static final Set<String> POSITIVE = Set.of("good", "great", "excellent", "love", "happy", "amazing",
            "wonderful", "best", "fast", "reliable", "success", "successful", "improve", "improved", "enjoy", "like");
    private static final Set<String> NEGATIVE = Set.of("bad", "terrible", "awful", "hate", "sad", "worst", "slow",
            "broken", "fail", "failed", "failure", "problem", "error", "poor", "angry", "outage");
    private static final Set<String> STOP_WORDS = Set.of("the", "a", "an", "and", "or", "of", "to", "in", "on", "is",
            "are", "was", "were", "it", "this", "that", "for", "with", "as", "by", "at", "be", "from", "what", "which",
            "who", "how", "why", "when", "does", "do", "did");

    private SimulatedAnswers() {}

    static String answer(String task, String text, String question) {
        return switch (task) {
            case "summarize" -> summarize(text);
            case "sentiment" -> sentiment(text);
            case "key_points" -> bullets(sentences(text).stream().limit(3).toList());
            case "questions" -> bullets(questions(text));
            case "qa" -> answerQuestion(text, question);
            default -> "I can summarize, analyse sentiment, extract key points, generate questions or answer questions.";
        };
    }

    private static String summarize(String text) {
        List<String> sentences = sentences(text);
        if (sentences.isEmpty()) {
            return "The text is empty.";
        }
        String summary = String.join(" ", sentences.subList(0, Math.min(2, sentences.size())));
        return summary.length() <= 400 ? summary : summary.substring(0, 397) + "...";
    }

    private static String sentiment(String text) {
        long positive = words(text).stream().filter(POSITIVE::contains).count();
        long negative = words(text).stream().filter(NEGATIVE::contains).count();
        String label = positive > negative ? "positive" : negative > positive ? "negative" : "neutral";
        double confidence = Math.min(0.99, 0.55 + 0.1 * Math.abs(positive - negative));
        return String.format(Locale.ROOT,
                "{\"sentiment\": \"%s\", \"confidence\": %.2f, \"explanation\": \"%d positive and %d negative cue words\"}",
                label, confidence, positive, negative);
    }

    private static List<String> questions(String text) {
        List<String> topics = words(text).stream().filter(word -> word.length() > 4 && !STOP_WORDS.contains(word))
                .collect(Collectors.toCollection(LinkedHashSet::new)).stream().limit(3).toList();
        List<String> questions = new ArrayList<>();
        for (String topic : topics) {
            questions.add("What does the text say about " + topic + "?");
        }
        questions.add("What is the main point of the text?");
        return questions;
    }

    private static String answerQuestion(String text, String question) {
        Set<String> asked = words(question == null ? "" : question).stream()
                .filter(word -> !STOP_WORDS.contains(word)).collect(Collectors.toSet());
        return sentences(text).stream()
                .max(Comparator.comparingLong(sentence -> words(sentence).stream().filter(asked::contains).count()))
                .orElse("The text does not say.");
    }

    private static String bullets(List<String> lines) {
        return lines.stream().map(line -> "- " + line).collect(Collectors.joining("\n"));
    }

    private static List<String> sentences(String text) {
        return Arrays.stream(text.split("(?<=[.!?])\\s+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")).filter(w -> !w.isEmpty()).toList();
    }
}
