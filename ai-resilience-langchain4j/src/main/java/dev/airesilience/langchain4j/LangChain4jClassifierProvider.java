package dev.airesilience.langchain4j;

import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.classify.FailureClassifierProvider;

/** Registers {@link LangChain4jFailureClassifier} with the core when LangChain4j is on the class path. */
public final class LangChain4jClassifierProvider implements FailureClassifierProvider {

    @Override
    public FailureClassifier classifier() {
        try {
            Class.forName("dev.langchain4j.exception.HttpException", false, getClass().getClassLoader());
            return new LangChain4jFailureClassifier();
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }
}
