package dev.airesilience.redis;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what Redis and its subscribers do on their own threads: polls a condition for up to 10 s. */
final class Await {

    private Await() {}

    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
