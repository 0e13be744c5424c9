package dev.airesilience.springai;

import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.classify.FailureClassifierProvider;
import dev.airesilience.openai.ClassPresence;
import java.util.ArrayList;
import java.util.List;

/**
 * Registers the classifiers of this adapter whose libraries are on the class path: spring-ai-retry's exceptions,
 * spring-web's {@code RestClientResponseException}, spring-webflux's {@code WebClientResponseException}. (The
 * OpenAI SDK exceptions that Spring AI's {@code OpenAiChatModel} throws are classified by the
 * {@code ai-resilience-openai} adapter this module brings.)
 */
public final class SpringAiClassifierProvider implements FailureClassifierProvider {

    @Override
    public FailureClassifier classifier() {
        List<FailureClassifier> present = new ArrayList<>();
        if (ClassPresence.isPresent("org.springframework.ai.retry.TransientAiException", getClass())) {
            present.add(new SpringAiRetryClassifier());
        }
        if (ClassPresence.isPresent("org.springframework.web.client.RestClientResponseException", getClass())) {
            present.add(new SpringHttpClassifiers.RestClient());
        }
        if (ClassPresence.isPresent("org.springframework.web.reactive.function.client.WebClientResponseException", getClass())) {
            present.add(new SpringHttpClassifiers.WebClient());
        }
        if (present.isEmpty()) {
            return null;
        }
        FailureClassifier[] classifiers = present.toArray(new FailureClassifier[0]);
        return failure -> {
            for (FailureClassifier classifier : classifiers) {
                Classification verdict = classifier.classify(failure);
                if (verdict != null) {
                    return verdict;
                }
            }
            return null;
        };
    }
}
