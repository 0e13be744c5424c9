/**
 * Listener hooks and the events they receive.
 *
 * <h2>Order of events</h2>
 * One logical call emits, on the thread driving it at that step:
 * <ol>
 *   <li>either a {@link dev.airesilience.event.CallRejectedEvent} (open circuit or rate-limit cooldown, before any
 *       attempt; no attempt events follow), or, for each attempt:
 *       <ol>
 *         <li>{@link dev.airesilience.event.AttemptStartedEvent} (attempt 1, 2, ...);</li>
 *         <li>for a hedged attempt, a {@link dev.airesilience.event.HedgeEvent} per hedge sent (on the thread of
 *             the hedge's timer), and one more ({@code won}) if a hedge answered it;</li>
 *         <li>if it fails: {@link dev.airesilience.event.AttemptFailedEvent} with the classification, then either
 *             a {@link dev.airesilience.event.RetryEvent} (retry scheduled; the next {@code AttemptStartedEvent}
 *             follows after the delay) or no more attempts;</li>
 *       </ol></li>
 *   <li>{@link dev.airesilience.event.CallCompletedEvent}, exactly once, always last. A fallback runs before it,
 *       so its outcome says whether the fallback answered.</li>
 * </ol>
 * A {@link dev.airesilience.event.CircuitStateChangeEvent} appears inside the call that caused it: to half-open
 * just before the trial's {@code AttemptStartedEvent}; to open or closed after the deciding attempt's last event
 * and before the {@code CallCompletedEvent} (a transition forced through the Resilience4j API belongs to no call).
 * An interrupted, cancelled or closed call emits no {@code AttemptFailedEvent} for the attempt it stops; its {@code CallCompletedEvent} has reason
 * {@link dev.airesilience.event.CallReason#ABORTED}. Events of different calls interleave.
 *
 * A {@link dev.airesilience.event.HealthProbeEvent} belongs to no call: it comes from the scheduler's thread that
 * ran the probe, followed by the probe's transition to half-open when it was healthy.
 *
 * <p>The orchestrator's own metrics ({@code getAllMetrics()}) are counted from the same
 * {@code CallCompletedEvent} and {@code CircuitStateChangeEvent} objects that listeners receive, so a listener
 * that counts them (the Micrometer binder does) agrees with them. Attempt, retry and rejection events are only
 * built when a listener is registered.
 */
package dev.airesilience.event;
