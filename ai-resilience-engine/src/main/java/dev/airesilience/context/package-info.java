/**
 * What a call carries from its caller's thread to the threads that run its work, and how it is observed.
 *
 * <p>A call's work does not always run on the caller's thread: a timed attempt runs on a worker, an asynchronous
 * retry and its fallback run on the scheduler's workers. A {@link dev.airesilience.context.CallContextPropagator}
 * captures thread-bound context (SLF4J's MDC, which is built in; Micrometer's context propagation in
 * {@code ai-resilience-micrometer}) when the call starts and restores it around each attempt and the fallback.
 * A {@link dev.airesilience.context.CallInstrumentation} observes the logical call and each attempt, and makes the
 * attempt current while the function runs, so that the function's own spans are its children.
 *
 * <p>Register both on {@code AIServiceResilience.builder()}. With neither registered, a call pays nothing for them.
 */
package dev.airesilience.context;
