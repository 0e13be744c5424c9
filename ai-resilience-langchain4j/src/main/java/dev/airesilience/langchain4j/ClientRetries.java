package dev.airesilience.langchain4j;

import java.lang.reflect.Field;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LangChain4j models retry by themselves ({@code maxRetries}, 2 by default for most chat models, with waits of
 * about a second that ignore {@code Retry-After}), fixed when the model is built and without a getter. A decorator
 * cannot switch that off: it reads the value where it can (the model's {@code maxRetries} field) and warns once
 * per model class otherwise.
 */
final class ClientRetries {

    private static final Logger LOG = LoggerFactory.getLogger(ClientRetries.class);
    private static final Set<Class<?>> WARNED = ConcurrentHashMap.newKeySet();

    private ClientRetries() {}

    /** The model's {@code maxRetries} if it has such a field and it can be read. */
    static Optional<Integer> maxRetries(Object model) {
        for (Class<?> type = model.getClass(); type != null && type != Object.class; type = type.getSuperclass()) {
            try {
                Field field = type.getDeclaredField("maxRetries");
                field.setAccessible(true);
                Object value = field.get(model);
                return value instanceof Integer ? Optional.of((Integer) value) : Optional.empty();
            } catch (NoSuchFieldException e) {
                // look in the superclass
            } catch (ReflectiveOperationException | RuntimeException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    /**
     * Warns once per model class when the model retries by itself, or may ({@code warnWhenUnknown}); returns
     * whether it warned now.
     */
    static boolean warnIfRetrying(Object model, boolean warnWhenUnknown) {
        Optional<Integer> retries = maxRetries(model);
        if (retries.isPresent() ? retries.get() == 0 : !warnWhenUnknown) {
            return false;
        }
        if (!WARNED.add(model.getClass())) {
            return false;
        }
        String name = model.getClass().getSimpleName();
        LOG.warn(retries.isPresent()
                ? name + " has maxRetries=" + retries.get() + ": LangChain4j retries inside each attempt of ai-resilience "
                        + "(up to " + (retries.get() + 1) + " requests per attempt, waits that ignore Retry-After). "
                        + "Build it with " + name + ".builder().maxRetries(0)."
                : "Cannot read the maxRetries of " + name + " (LangChain4j has no getter). Unless it was built with "
                        + "maxRetries(0), LangChain4j retries inside each attempt of ai-resilience.");
        return true;
    }

    /** Forgets which classes were warned about (tests). */
    static void reset() {
        WARNED.clear();
    }
}
