package dev.airesilience.support;

import dev.airesilience.ResilienceDecorator;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The two drivers of a logical call, so one scenario runs through both: {@code call} on the caller's thread, and
 * {@code callAsync} with the same function turned into a completed or failed stage. Failures surface the same way:
 * as the exception the caller would see, unwrapped from the future.
 */
public enum CallPath {
    BLOCKING,
    ASYNC;

    public <T> T run(ResilienceDecorator<T> decorator, Callable<? extends T> function) {
        if (this == BLOCKING) {
            return decorator.call(function);
        }
        CompletableFuture<T> future = decorator.callAsync(() -> {
            try {
                return CompletableFuture.completedFuture(function.call());
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        });
        try {
            return future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        } catch (TimeoutException e) {
            throw new AssertionError("the asynchronous call never completed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
