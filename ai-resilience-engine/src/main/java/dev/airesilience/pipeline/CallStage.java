package dev.airesilience.pipeline;

import dev.airesilience.config.ResilienceConfig;

/**
 * One concern of a logical call: the rate-limit cooldown, the breaker, the retry policy, and the stages later issues
 * add (throttling, retry budgets, token limits). A stage instance belongs to one operation and owns that operation's
 * state for its concern; everything it needs of the call comes in through {@link StageCall}, and it answers only
 * through its return values (and the events it publishes), so data flows one way: the drivers never know which
 * stages exist.
 *
 * <p>The hooks run on the thread driving the call at that step, one at a time per call. Between two hooks of one
 * call there is a happens-before edge, so a stage may keep per-call state in its {@linkplain StageCall#ticket()
 * ticket} without synchronisation; per-operation state must be thread-safe and must never block or hold a lock
 * while a user's function runs.
 *
 * <p>An abstract class rather than an interface: the hooks are invoked on every call, and a virtual call is
 * cheaper than an interface call once several stage types share a call site.
 */
public abstract class CallStage {

    /** {@link #beforeAttempt}: this stage lets the attempt go ahead. */
    public static final long PROCEED = 0;
    /**
     * {@link #beforeAttempt}: this stage refuses the attempt. Before the call's first attempt the stage must have
     * called {@link StageCall#reject} (the call is then rejected, its own outcome); later, the call ends with its
     * last failure.
     */
    public static final long REFUSE = -1;
    /** {@link #afterFailure}: no further attempt. */
    public static final long STOP = -1;

    /**
     * Asked before every attempt, in pipeline order, until one stage does not proceed. Returns {@link #PROCEED},
     * {@link #REFUSE}, or a positive number of nanoseconds to wait, after which every stage is asked again. A
     * stage may therefore be asked twice for the same attempt and must not take a second permit for it.
     */
    public long beforeAttempt(StageCall call) {
        return PROCEED;
    }

    /**
     * After every failed attempt, each stage in pipeline order (all of them, even once one has stopped, because a
     * stage may need to count the failure). Returns the least wait in nanoseconds it requires before another
     * attempt (0: none), or {@link #STOP}. The call waits for the longest wait required, if it fits its time
     * budget; {@link StageCall#stopping()} tells a later stage that an earlier one has stopped.
     */
    public long afterFailure(StageCall call, long nowNanos) {
        return 0;
    }

    /** The call's last attempt succeeded: the call has ended with it. */
    public void onSuccess(StageCall call, long nowNanos) {}

    /** The call ended in failure after at least one attempt (its retries spent, stopped, or refused). */
    public void onFailure(StageCall call, long nowNanos) {}

    /**
     * Whether this stage lets the call's current attempt send one more concurrent request, a hedge (see
     * {@code HedgedAttempt}); asked when the hedge is due, on the thread that runs the hedge's timer, while the
     * attempt's other requests run. Must not change any state (the hedge may still not be sent: another stage may
     * refuse it, or the attempt may answer meanwhile) and must not block. {@code ticket} is this stage's ticket for the
     * call ({@code -1} when it keeps none). The breaker refuses unless it is closed in the phase that admitted the
     * call, the cooldown while a provider rate limit holds, the throttle while it would reject anything.
     */
    public boolean admitsHedge(ResilienceConfig config, long ticket, long nowNanos) {
        return true;
    }

    /**
     * A hedge every stage admitted is being sent: a stage that counts provider requests counts it here. Runs where
     * {@link #admitsHedge} ran, right after it.
     */
    public void onHedge(ResilienceConfig config, long ticket, long nowNanos) {}

    /**
     * How long this stage would refuse or hold back a call under {@code config} from {@code nowNanos} on, without
     * taking anything: a routed call skips a target whose stages say it is unavailable, and waits for the earliest
     * when none is available. 0 (the default) when the stage would admit the call now, or cannot tell (the throttle
     * draws at random); must not block or change state.
     */
    public long unavailableNanos(ResilienceConfig config, long nowNanos) {
        return 0;
    }

    /**
     * Whether this stage takes part in calls under {@code config}. A stage its configuration can switch off (the
     * throttle, the retry budget) says so here, and a call under a configuration that switches it off never asks it:
     * the hooks of a stage that is off cost nothing. Must depend on {@code config} only.
     */
    protected boolean isActive(ResilienceConfig config) {
        return true;
    }

    /**
     * Whether this stage keeps a per-call {@linkplain StageCall#ticket() ticket}. A stage that does not says so, and
     * the call keeps no slot for it: the first two slots are fields of the call, so the happy path allocates none.
     */
    protected boolean keepsTicket() {
        return true;
    }

    /**
     * The call ended without a verdict for this stage (an interrupt, a cancellation, {@code close()}, an
     * {@code Error}, or a later stage's rejection before the first attempt): give back whatever
     * {@link #beforeAttempt} took.
     */
    public void release(StageCall call) {}
}
