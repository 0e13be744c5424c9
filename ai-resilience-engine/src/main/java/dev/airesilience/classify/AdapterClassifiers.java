package dev.airesilience.classify;

import dev.airesilience.exception.AIServiceException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partial classifiers of client adapters, asked about each link of a failure's cause chain. Discovery runs
 * once per class loader of the core, lazily, on the first classification (holder idiom).
 */
final class AdapterClassifiers {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterClassifiers.class);

    /** Causes deeper than this are not looked at; a cycle in a hostile cause chain cannot loop. */
    static final int MAX_CHAIN_DEPTH = 8;

    static final AdapterClassifiers NONE = new AdapterClassifiers(List.of());

    private final FailureClassifier[] classifiers;
    private final AtomicBoolean[] warned;

    AdapterClassifiers(List<? extends FailureClassifier> classifiers) {
        this.classifiers = classifiers.toArray(new FailureClassifier[0]);
        this.warned = new AtomicBoolean[this.classifiers.length];
        for (int i = 0; i < warned.length; i++) {
            warned[i] = new AtomicBoolean();
        }
    }

    /** The adapters found with {@link ServiceLoader}; looked up once. */
    static AdapterClassifiers discovered() {
        return Holder.DISCOVERED;
    }

    boolean isEmpty() {
        return classifiers.length == 0;
    }

    List<FailureClassifier> classifiers() {
        return List.of(classifiers);
    }

    /** The first adapter verdict for the failure or one of its causes, or {@code null}. */
    Classification classify(Throwable failure) {
        if (classifiers.length == 0) {
            return null;
        }
        Throwable current = failure;
        for (int depth = 0; depth < MAX_CHAIN_DEPTH && current != null; depth++) {
            if (current instanceof AIServiceException) {
                return null; // our own verdict, made where the failure was raised: the built-in rules read it
            }
            for (int i = 0; i < classifiers.length; i++) {
                Classification verdict = ask(i, current);
                if (verdict != null) {
                    return verdict;
                }
            }
            Throwable cause = current.getCause();
            current = cause == current ? null : cause;
        }
        return null;
    }

    private Classification ask(int index, Throwable failure) {
        try {
            return classifiers[index].classify(failure);
        } catch (RuntimeException | LinkageError e) {
            // A broken adapter (or a client library of an unexpected version) must not break classification.
            if (warned[index].compareAndSet(false, true)) {
                LOG.warn("Failure classifier {} failed and is skipped for such failures: {}",
                        classifiers[index].getClass().getName(), e.toString());
            }
            return null;
        }
    }

    private static final class Holder {
        static final AdapterClassifiers DISCOVERED = load();
    }

    private static AdapterClassifiers load() {
        List<FailureClassifierProvider> providers = new ArrayList<>();
        try {
            Iterator<FailureClassifierProvider> found = ServiceLoader.load(FailureClassifierProvider.class,
                    FailureClassifierProvider.class.getClassLoader()).iterator();
            while (true) {
                try {
                    if (!found.hasNext()) {
                        break;
                    }
                    providers.add(found.next());
                } catch (ServiceConfigurationError | LinkageError e) {
                    LOG.warn("A failure classifier provider could not be loaded and is skipped: {}", e.toString());
                }
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            LOG.warn("Failure classifier providers could not be listed: {}", e.toString());
        }
        providers.sort(Comparator.comparing(provider -> provider.getClass().getName()));
        List<FailureClassifier> classifiers = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (FailureClassifierProvider provider : providers) {
            try {
                FailureClassifier classifier = provider.classifier();
                if (classifier != null) {
                    classifiers.add(classifier);
                    names.add(provider.getClass().getName());
                }
            } catch (RuntimeException | LinkageError e) {
                LOG.warn("Failure classifier provider {} failed and is skipped: {}", provider.getClass().getName(), e.toString());
            }
        }
        if (!names.isEmpty()) {
            LOG.info("Failure classifiers of client adapters in use: {}", names);
        }
        return classifiers.isEmpty() ? NONE : new AdapterClassifiers(classifiers);
    }
}
