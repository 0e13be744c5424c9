package dev.airesilience.anthropic;

import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.classify.FailureClassifierProvider;
import dev.airesilience.openai.ClassPresence;

/** Registers {@link AnthropicFailureClassifier} with the core when the Anthropic Java SDK is on the class path. */
public final class AnthropicClassifierProvider implements FailureClassifierProvider {

    @Override
    public FailureClassifier classifier() {
        return ClassPresence.isPresent("com.anthropic.errors.AnthropicServiceException", getClass())
                ? new AnthropicFailureClassifier() : null;
    }
}
