package dev.airesilience.openai;

import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.classify.FailureClassifierProvider;

/** Registers {@link OpenAiFailureClassifier} with the core when the OpenAI Java SDK is on the class path. */
public final class OpenAiClassifierProvider implements FailureClassifierProvider {

    @Override
    public FailureClassifier classifier() {
        return ClassPresence.isPresent("com.openai.errors.OpenAIServiceException", getClass())
                ? new OpenAiFailureClassifier() : null;
    }
}
