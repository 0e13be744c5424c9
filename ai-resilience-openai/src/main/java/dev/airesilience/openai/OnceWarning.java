package dev.airesilience.openai;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;

/** A warning logged once per key for the life of the class loader (the adapters' double-retry warnings). */
public final class OnceWarning {

    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private OnceWarning() {}

    /** Logs {@code message} at WARN unless a warning with {@code key} was logged before; true when it logged. */
    public static boolean warn(Logger log, String key, String message) {
        if (!LOGGED.add(key)) {
            return false;
        }
        log.warn(message);
        return true;
    }

    /** Forgets every key, so the next warning of each kind is logged again (for tests). */
    public static void resetForTests() {
        LOGGED.clear();
    }
}
