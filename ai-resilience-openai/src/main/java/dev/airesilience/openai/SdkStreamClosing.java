package dev.airesilience.openai;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes abandoned SDK streams off the calling thread. The SDKs' {@code close()} blocks while their reader thread
 * waits for data on the stream (it needs the reader's lock), which is exactly the case of a stream abandoned for a
 * timeout. Daemon threads that exit when idle.
 */
final class SdkStreamClosing {

    private static final Logger LOG = LoggerFactory.getLogger(SdkStreamClosing.class);
    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ExecutorService CLOSERS;

    static {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread thread = new Thread(task, "ai-resilience-stream-close-" + COUNT.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
        CLOSERS = pool;
    }

    private SdkStreamClosing() {}

    static void close(Runnable close) {
        CLOSERS.execute(() -> {
            try {
                close.run();
            } catch (RuntimeException e) {
                LOG.debug("Closing an abandoned SDK stream failed", e);
            }
        });
    }
}
