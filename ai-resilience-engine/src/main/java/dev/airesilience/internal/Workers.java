package dev.airesilience.internal;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads for work the orchestrator starts itself (timed attempts, asynchronous steps). On a JDK with virtual threads
 * each task gets one, so thousands of timed calls cost no platform threads; on JDK 17 an unbounded pool of daemon
 * threads that exit when idle, so one slow task (a blocking fallback) never delays another. Public for the
 * streaming package only; not API.
 */
public final class Workers {

    /** {@code Thread.ofVirtual().name(prefix, 0).factory()} where the JDK has it (21+), else null. */
    private static final Method VIRTUAL_FACTORY = virtualFactory();

    private Workers() {}

    static boolean virtual() {
        return VIRTUAL_FACTORY != null;
    }

    public static ExecutorService newExecutor(String prefix) {
        if (VIRTUAL_FACTORY != null) {
            try {
                Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
                Class<?> builderType = Class.forName("java.lang.Thread$Builder");
                builder = builderType.getMethod("name", String.class, long.class).invoke(builder, prefix + "-", 1L);
                ThreadFactory factory = (ThreadFactory) VIRTUAL_FACTORY.invoke(builder);
                return (ExecutorService) Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class)
                        .invoke(null, factory);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // a JDK where virtual threads are a preview: fall through to platform threads
            }
        }
        AtomicInteger number = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 5, TimeUnit.SECONDS, new SynchronousQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    private static Method virtualFactory() {
        try {
            Thread.class.getMethod("ofVirtual");
            Executors.class.getMethod("newThreadPerTaskExecutor", ThreadFactory.class);
            return Class.forName("java.lang.Thread$Builder").getMethod("factory");
        } catch (ReflectiveOperationException | LinkageError e) {
            return null;
        }
    }
}
