package dev.airesilience.support;

import java.util.concurrent.ExecutorService;

/**
 * Virtual threads for tests on JDK 21+. The project compiles with {@code --release 17}, so the JDK 21 API is
 * reached reflectively; tests that need it are enabled only on JDK 21 and later.
 */
public final class VirtualThreads {

    private VirtualThreads() {}

    public static ExecutorService newPerTaskExecutor() {
        try {
            return (ExecutorService) java.util.concurrent.Executors.class
                    .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("virtual threads need JDK 21 or later", e);
        }
    }
}
