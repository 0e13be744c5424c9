package dev.airesilience.pipeline;

import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureKind;
import dev.airesilience.config.HedgeConfig;
import dev.airesilience.config.QuotaConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.context.ContextScope;
import dev.airesilience.event.AttemptFailedEvent;
import dev.airesilience.event.AttemptStartedEvent;
import dev.airesilience.event.CallCompletedEvent;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.CallReason;
import dev.airesilience.event.CallRejectedEvent;
import dev.airesilience.event.RetryEvent;
import dev.airesilience.exception.AIExceptions;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.AttemptTimeoutException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.fallback.FallbackContext;
import dev.airesilience.fallback.FallbackReason;
import dev.airesilience.hedge.OperationHedging;
import dev.airesilience.internal.Saturating;
import dev.airesilience.quota.Usage;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * One logical call: it runs the operation's {@link Pipeline} of stages (cooldown, breaker, retry...) and keeps the
 * decisions common to them all: classifying a failure, the time budget, rejection, the one end of the call and its
 * accounting. The blocking and the asynchronous driver ({@link CallEngine}) ask it what to do next (attempt now,
 * wait, end) and differ only in how they wait and deliver.
 *
 * <p>A logical call is driven by one thread at a time (the async driver hands it from step to step, with
 * happens-before edges from the futures). Only its end can be raced, by a cancellation or {@code close()} against
 * the step that settles it: {@link #claimEnd()} lets exactly one of them count it.
 */
final class LogicalCall implements StageCall {

    /** Returned by {@link #onFailure} when the call must end now. */
    static final long GIVE_UP = -1;

    private static final long NOT_NOW = Long.MIN_VALUE;
    private static final byte NO_STOP_REASON = -1;
    private static final CallReason[] REASONS = CallReason.values();

    private static final VarHandle ENDED;

    static {
        try {
            ENDED = MethodHandles.lookup().findVarHandle(LogicalCall.class, "ended", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final CallEngine engine;
    final Operation op;
    final ResilienceConfig config;
    /** The hooks of the stages active under {@link #config}. */
    private final Pipeline.Hooks hooks;
    final Object argument;
    private final long startNanos;

    int attempts;
    private long attemptStartNanos;
    private Throwable lastFailure;
    private Classification lastClassification;
    /** The ticket slot of the stage whose hook runs now ({@link Pipeline#ticketSlot}; -1: it keeps none). */
    private int slot;
    private boolean stopping;
    // The stages' tickets, by slot: two fields cover the built-in pipeline (the throttle and the breaker are the
    // stages that keep one) without an allocation; the tickets of later stages live in an array made when one is
    // first set.
    private long ticket0 = -1;
    private long ticket1 = -1;
    private long[] moreTickets;
    /** Whether the call waited since it started: then its first attempt reads the clock again. */
    private boolean waited;
    /** When the last failure was handled, until the call is asked to go on; lets an immediate end skip a clock read. */
    private long failedAtNanos = NOT_NOW;
    /** When the call ended (failed or rejected), for the fallback's accounting. */
    private long endNanos;
    /** What a stage rejected the call with before its first attempt; claimed by {@link #endRefused()}. */
    private Rejection rejection;
    /** Why the call ended; set when its end is decided. */
    private CallReason reason = CallReason.NONE;
    /**
     * The reason (ordinal) a stage named when it stopped the call after its last failure; -1: the failure's own. Its
     * own field, not {@link #reason}: a racing {@link #abort()} owns that once it has claimed the end. A byte, so it
     * fits in the object's padding.
     */
    private byte stopReason = NO_STOP_REASON;
    /**
     * Whether the current attempt's hedged run timed its own requests for the hedge delay. One byte in the object's
     * padding: the call object stays the size it was without hedging.
     */
    private boolean hedgeTimed;
    @SuppressWarnings("unused") // through ENDED
    private volatile boolean ended;
    /** Whether another thread may try to end the call (see {@link #claimEnd()}). */
    private final boolean raceable;
    /** The quota, token estimate and reported usage of a routed call's target call ({@link #meter}); usually null. */
    private Metering metering;
    /** A stage of this call alone, asked last before each attempt ({@link #gate(CallStage)}); usually null. */
    private CallStage gate;
    // The call's propagated context and observation; null when the orchestrator has
    // neither, so a plain call allocates nothing for it.
    final CallContext context;

    /** A call of the blocking driver. */
    LogicalCall(CallEngine engine, Operation op, ResilienceConfig config, Object argument) {
        this(engine, op, config, argument, false);
    }

    /**
     * {@code async}: a call of the asynchronous driver, whose end a cancellation or {@code close()} can race from
     * another thread. A blocking call is ended only by the thread that drives it (a timed attempt's worker never
     * touches the call), so its end needs no atomic claim.
     */
    LogicalCall(CallEngine engine, Operation op, ResilienceConfig config, Object argument, boolean async) {
        this.engine = engine;
        this.op = op;
        this.config = config;
        this.hooks = op.pipeline.hooks(config);
        this.argument = argument;
        this.raceable = async;
        this.startNanos = engine.time.nanoTime();
        this.context = engine.contexts.start(op.name, config, async);
    }

    // ---------------------------------------------------------------- what stages see

    @Override
    public String operation() {
        return op.name;
    }

    @Override
    public ResilienceConfig config() {
        return config;
    }

    @Override
    public int attempts() {
        return attempts;
    }

    @Override
    public long remainingNanos(long nowNanos) {
        return deadlineNanos() - nowNanos;
    }

    @Override
    public long attemptStartNanos() {
        return attemptStartNanos;
    }

    @Override
    public Throwable lastFailure() {
        return lastFailure;
    }

    @Override
    public Classification lastClassification() {
        return lastClassification;
    }

    @Override
    public long lastRetryAfterNanos() {
        return lastClassification == null ? 0 : retryAfterNanos(lastClassification);
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    @Override
    public long ticket() {
        return ticketAt(slot);
    }

    /** The ticket in {@code slot}, -1 when none; reads only, so a hedge's timer may ask while the attempt runs. */
    private long ticketAt(int slot) {
        switch (slot) {
            case 0:
                return ticket0;
            case 1:
                return ticket1;
            default:
                return moreTickets == null || slot < 0 ? -1 : moreTickets[slot - 2];
        }
    }

    @Override
    public void ticket(long value) {
        switch (slot) {
            case 0:
                ticket0 = value;
                break;
            case 1:
                ticket1 = value;
                break;
            case -1:
                throw new IllegalStateException("a stage that keeps no ticket (CallStage.keepsTicket) set one");
            default:
                if (moreTickets == null) {
                    moreTickets = new long[op.pipeline.ticketSlots - 2];
                    Arrays.fill(moreTickets, -1);
                }
                moreTickets[slot - 2] = value;
        }
    }

    @Override
    public void stopReason(CallReason reason) {
        stopReason = (byte) reason.ordinal();
    }

    @Override
    public void reject(RuntimeException rejection, CallReason reason, Duration retryAfter) {
        if (attempts > 0) {
            throw new IllegalStateException("a call is rejected only before its first attempt");
        }
        this.rejection = new Rejection(rejection, retryAfter);
        this.reason = reason;
    }

    @Override
    public QuotaConfig quota() {
        return metering == null ? null : metering.quota;
    }

    @Override
    public long estimatedTokens() {
        return metering == null ? 0 : metering.estimatedTokens;
    }

    @Override
    public Usage usage() {
        return metering == null || metering.usage == null ? Usage.UNKNOWN : metering.usage;
    }

    /** Counts this call against {@code quota} with {@code estimatedTokens}: a target call of a routed call. */
    void meter(QuotaConfig quota, long estimatedTokens) {
        metering = new Metering(quota, estimatedTokens);
    }

    /** What the response reported it used: set before {@link #succeed()} or {@link #onFailure}, for the stages. */
    void usage(Usage usage) {
        if (metering != null) {
            metering.usage = usage;
        }
    }

    /** A target call's quota, estimate and reported usage: one reference in the call, null for the others. */
    private static final class Metering {
        final QuotaConfig quota;
        final long estimatedTokens;
        Usage usage;

        Metering(QuotaConfig quota, long estimatedTokens) {
            this.quota = quota;
            this.estimatedTokens = estimatedTokens;
        }
    }

    /** When the call's time budget ends; computed, not stored, to keep the per-call object small. */
    private long deadlineNanos() {
        return startNanos + config.retry().maxDelay().toNanos();
    }

    /** What a stage rejected the call with, and when trying again may succeed. */
    private record Rejection(RuntimeException exception, Duration retryAfter) {}

    // ---------------------------------------------------------------- what the drivers ask

    /**
     * Asks the stages before an attempt: {@link CallStage#PROCEED}, a wait in nanoseconds after which to ask again,
     * or {@link CallStage#REFUSE}, after which the driver ends the call with {@link #endRefused()}.
     */
    long admit() {
        failedAtNanos = NOT_NOW; // time passes from here on
        Pipeline pipeline = op.pipeline;
        CallStage[] stages = pipeline.stages;
        int[] slots = pipeline.ticketSlot;
        for (int index : hooks.beforeAttempt) {
            slot = slots[index];
            long decision = stages[index].beforeAttempt(this);
            if (decision != CallStage.PROCEED) {
                return holdBack(stages[index], decision);
            }
        }
        if (gate != null) {
            slot = -1;
            long decision = gate.beforeAttempt(this);
            if (decision != CallStage.PROCEED) {
                return holdBack(gate, decision);
            }
        }
        return CallStage.PROCEED;
    }

    private long holdBack(CallStage stage, long decision) {
        if (decision == CallStage.REFUSE && attempts == 0 && rejection == null) {
            throw new IllegalStateException(stage + " refused a first attempt without rejecting it");
        }
        waited |= decision > 0;
        return decision;
    }

    /**
     * Asks {@code gate} before every attempt, after the operation's stages: a stage of this call alone (a routed
     * call's targets: the call waits while none of them is free). It keeps no ticket.
     */
    void gate(CallStage gate) {
        this.gate = gate;
    }

    /** Whether the call was rejected (before any attempt) rather than failed. */
    boolean isRejected() {
        return rejection != null; // set only before the first attempt, and the call then ends rejected
    }

    /**
     * Ends a call a stage refused: before its first attempt it is rejected with what the stage said; later it ends
     * with its last failure. Returns what the caller gets unless a fallback answers, or null when the call had
     * already been ended.
     */
    RuntimeException endRefused() {
        return attempts == 0 ? endRejected() : fail();
    }

    /**
     * The timeout of the next attempt: the configured per-attempt timeout, never beyond what remains of the
     * budget; {@code null} when no per-attempt timeout is configured.
     */
    Duration attemptTimeout() {
        Duration configured = config.attemptTimeout();
        return configured == null ? null : within(configured, remainingNanos(engine.time.nanoTime()));
    }

    /** As {@link #attemptTimeout()}, never beyond {@code budgetNanos} (a routed call's budget for its target's call). */
    Duration attemptTimeout(long budgetNanos) {
        Duration configured = config.attemptTimeout();
        return configured == null ? null : within(configured, budgetNanos);
    }

    /** {@code configured}, or what is left of the budget when that is shorter (at least 1 ms). */
    private static Duration within(Duration configured, long budgetNanos) {
        long remaining = Math.max(1_000_000L, budgetNanos);
        return Saturating.nanos(configured) <= remaining ? configured : Duration.ofNanos(remaining);
    }

    void beginAttempt() {
        attempts++;
        hedgeTimed = false;
        if (!engine.listeners.isEmpty()) { // attempt events are built only for listeners; metrics count completions
            engine.listeners.publish(new AttemptStartedEvent(op.name, attempts));
        }
        // The first attempt of a call that did not wait starts when the call did: one clock read fewer per call.
        attemptStartNanos = attempts == 1 && !waited ? startNanos : engine.time.nanoTime();
        if (context != null) {
            context.attemptStarted(attempts);
        }
    }

    // ---------------------------------------------------------------- hedging (HedgedAttempt)

    /**
     * Before an attempt of a call whose configuration enables hedging: when its first hedge is due, in nanoseconds
     * after the attempt's start, or -1 when this attempt runs alone (delay not known yet, no budget, a provider that
     * failed recently, a stage that would refuse any hedge, or a delay the attempt's {@code timeout} or the call's
     * budget would cut first). Every such attempt pays into the operation's hedge budget.
     */
    long hedgeDelay(Duration timeout) {
        HedgeConfig hedge = config.hedge();
        OperationHedging hedging = op.hedging();
        hedging.budget().deposit(hedge);
        long delay = hedging.delayNanos(hedge);
        if (delay < 0 || !hedging.budget().available() || hedging.failingRecently()) {
            return -1;
        }
        long now = engine.time.nanoTime();
        long limit = timeout == null ? remainingNanos(now) : Math.min(Saturating.nanos(timeout), remainingNanos(now));
        return delay < limit && admitsHedge(now) ? delay : -1;
    }

    /** Whether every active stage lets the current attempt send a hedge now; changes nothing. */
    boolean admitsHedge(long nowNanos) {
        CallStage[] stages = op.pipeline.stages;
        for (int index : hooks.admitsHedge) {
            if (!stages[index].admitsHedge(config, ticketAt(op.pipeline.ticketSlot[index]), nowNanos)) {
                return false;
            }
        }
        return true;
    }

    /** A hedge is sent: the stages that count provider requests count it. */
    void hedgeSent(long nowNanos) {
        CallStage[] stages = op.pipeline.stages;
        for (int index : hooks.onHedge) {
            stages[index].onHedge(config, ticketAt(op.pipeline.ticketSlot[index]), nowNanos);
        }
    }

    /** The current attempt ran hedged: its run kept its requests' latencies, {@link #succeed()} keeps none. */
    void hedgedAttemptSettled() {
        hedgeTimed = true;
    }

    /** The caller's context and the attempt, current while the function runs here. */
    ContextScope attemptScope() {
        return context == null ? ContextScope.NOOP : context.attemptScope();
    }

    /** The caller's context and the call, current while the fallback runs here. */
    ContextScope callScope() {
        return context == null ? ContextScope.NOOP : context.callScope();
    }

    /** The attempt succeeded; false when the call had already been ended (cancelled, closed), then nothing is counted. */
    boolean succeed() {
        if (!claimEnd()) {
            return false;
        }
        if (context != null) {
            context.attemptEnded("none", null);
        }
        long now = engine.time.nanoTime(); // one clock read per success
        if (config.hedge().enabled()) {
            OperationHedging hedging = op.hedging();
            hedging.attemptEnded(false);
            if (!hedgeTimed) { // a request that ran alone (a hedged attempt times its own requests)
                hedging.succeeded(config.hedge(), now - attemptStartNanos);
            }
        }
        Pipeline pipeline = op.pipeline;
        CallStage[] stages = pipeline.stages;
        int[] slots = pipeline.ticketSlot;
        for (int index : hooks.onSuccess) {
            slot = slots[index];
            stages[index].onSuccess(this, now);
        }
        completed(CallOutcome.SUCCESS, now);
        return true;
    }

    /**
     * Classifies a failed attempt and asks every stage what it means.
     *
     * @return the delay in nanoseconds before the next attempt, or {@link #GIVE_UP}
     */
    long onFailure(Throwable failure) {
        Classification classification = engine.classify(failure);
        lastFailure = failure;
        lastClassification = classification;
        if (context != null) {
            context.attemptEnded(failure instanceof AttemptTimeoutException ? "timeout"
                    : classification.kind().name().toLowerCase(Locale.ROOT), failure);
        }
        if (!engine.listeners.isEmpty()) {
            engine.listeners.publish(new AttemptFailedEvent(op.name, attempts, classification.kind(), failure));
        }
        if (config.hedge().enabled() && classification.kind() != FailureKind.PERMANENT) {
            op.hedging().attemptEnded(true);
        }
        long now = engine.time.nanoTime();
        failedAtNanos = now;
        long delay = 0;
        stopping = false;
        stopReason = NO_STOP_REASON;
        CallStage[] stages = op.pipeline.stages;
        for (int index : hooks.afterFailure) {
            slot = op.pipeline.ticketSlot[index];
            long required = stages[index].afterFailure(this, now);
            if (required == CallStage.STOP) {
                stopping = true;
            } else {
                delay = Math.max(delay, required);
            }
        }
        if (stopping || delay > remainingNanos(now)) {
            // A stage stopped the call, or the wait would end past the budget: give up now instead of sleeping in vain.
            return GIVE_UP;
        }
        engine.retryScheduled(op, new RetryEvent(op.name, attempts, config.effectiveMaxAttempts(),
                Duration.ofNanos(delay), failure));
        return delay;
    }

    /**
     * A provider's Retry-After, in nanoseconds: never negative, never past {@link AIExceptions#MAX_RETRY_AFTER}
     * whatever a custom classifier or a hand-built {@link RateLimitException} says, so no arithmetic overflows.
     */
    private static long retryAfterNanos(Classification classification) {
        Duration retryAfter = classification.retryAfter();
        if (retryAfter == null || retryAfter.isNegative()) {
            return 0;
        }
        return retryAfter.compareTo(AIExceptions.MAX_RETRY_AFTER) > 0
                ? AIExceptions.MAX_RETRY_AFTER.toNanos() : retryAfter.toNanos();
    }

    /**
     * Ends the call after its last failure; returns what the caller gets unless a fallback answers, or null when
     * the call had already been ended (then nothing is counted and nothing is delivered).
     */
    RuntimeException fail() {
        if (!claimEnd()) {
            return null;
        }
        long now = failedAtNanos != NOT_NOW ? failedAtNanos : engine.time.nanoTime();
        endNanos = now;
        CallStage[] stages = op.pipeline.stages;
        for (int index : hooks.onFailure) {
            slot = op.pipeline.ticketSlot[index];
            stages[index].onFailure(this, now);
        }
        reason = stopReason != NO_STOP_REASON ? REASONS[stopReason] : failureReason();
        return surfaced(lastFailure, lastClassification);
    }

    /** Ends the call with the rejection a stage decided before the first attempt; null when already ended. */
    private RuntimeException endRejected() {
        if (!claimEnd()) {
            return null;
        }
        endNanos = engine.time.nanoTime();
        releaseTickets(); // an earlier stage may have admitted the attempt a later one refused
        lastFailure = rejection.exception(); // its own outcome: the function never ran, so it is not a failure
        if (!engine.listeners.isEmpty()) {
            engine.listeners.publish(new CallRejectedEvent(op.name, reason, rejection.retryAfter()));
        }
        return rejection.exception();
    }

    /**
     * Withdraws a call that a stage asked to wait before its first attempt, when waiting is not for it to do (a
     * routed call skips the target instead): the stages give back what they took, and nothing is counted.
     */
    void withdraw() {
        if (claimEnd()) {
            releaseTickets();
        }
    }

    /** When the stage that rejected the call said trying again may succeed, in nanoseconds; -1 when it did not say. */
    long rejectionRetryAfterNanos() {
        Duration retryAfter = rejection == null ? null : rejection.retryAfter();
        return retryAfter == null ? -1 : Saturating.nanos(retryAfter);
    }

    private void releaseTickets() {
        CallStage[] stages = op.pipeline.stages;
        for (int index : hooks.release) {
            slot = op.pipeline.ticketSlot[index];
            stages[index].release(this);
        }
    }

    /** Why a call that ran ends in failure: what its last attempt's failure was. */
    private CallReason failureReason() {
        switch (lastClassification.kind()) {
            case PERMANENT:
                return CallReason.PERMANENT;
            case RATE_LIMITED:
                return CallReason.THROTTLED;
            default:
                return lastFailure instanceof AttemptTimeoutException ? CallReason.TIMEOUT : CallReason.EXHAUSTED;
        }
    }

    /**
     * Ends the call without a verdict (interrupt, cancellation, {@code close()}, an {@link Error}): the stages give
     * back what they took (a trial slot) and the call counts as failed, so totals stay exact. Safe to race with the
     * step that would have ended the call: only one of them counts it.
     */
    void abort() {
        if (!claimEnd()) {
            return;
        }
        releaseTickets();
        reason = CallReason.ABORTED;
        completed(CallOutcome.FAILURE, engine.time.nanoTime());
    }

    boolean isEnded() {
        return ended;
    }

    private boolean claimEnd() {
        if (raceable) {
            return ENDED.compareAndSet(this, false, true);
        }
        if ((boolean) ENDED.get(this)) { // plain access: only this call's own thread reads or writes it
            return false;
        }
        ENDED.set(this, true);
        return true;
    }

    FallbackContext fallbackContext(RuntimeException surfaced) {
        return new FallbackContext(op.name, argument, surfaced, fallbackReason(), attempts);
    }

    private FallbackReason fallbackReason() {
        switch (reason) {
            case CIRCUIT_OPEN:
                return FallbackReason.CIRCUIT_OPEN;
            case RATE_LIMITED:
                return FallbackReason.RATE_LIMITED;
            case CLIENT_THROTTLED:
                return FallbackReason.CLIENT_THROTTLED;
            case RETRY_BUDGET:
                return FallbackReason.RETRY_BUDGET;
            case PERMANENT:
                return FallbackReason.PERMANENT_FAILURE;
            default:
                return FallbackReason.RETRIES_EXHAUSTED;
        }
    }

    /** A fallback answered the failed call: counted in {@code fallback_calls}, published as FALLBACK. */
    void fallbackAnswered(long nowNanos) {
        completed(CallOutcome.FALLBACK, nowNanos);
    }

    /**
     * Counts the call and publishes its completion, the one event the operation's metrics and every listener count
     * it from; {@code outcome} is FAILURE/REJECTED, or FALLBACK when a fallback answered.
     */
    void completed(CallOutcome outcome, long nowNanos) {
        long latencyNanos = nowNanos - startNanos;
        // The metrics count what the event says; the event itself is built only when a listener will see it.
        op.metrics().record(outcome, reason, attempts, latencyNanos, nowNanos, lastFailure);
        if (!engine.listeners.isEmpty()) {
            engine.listeners.publish(
                    new CallCompletedEvent(op.name, config.strategy(), outcome, reason, attempts, latencyNanos));
        }
        if (context != null) {
            context.callEnded(outcome.tag(), endReason(outcome),
                    outcome == CallOutcome.SUCCESS || outcome == CallOutcome.FALLBACK ? null : lastFailure);
        }
    }

    /** Why the call ended, as {@link #fallbackContext} names it; {@code aborted} for an interrupt, cancel, close. */
    private String endReason(CallOutcome outcome) {
        if (outcome == CallOutcome.SUCCESS) {
            return "none";
        }
        if (reason == CallReason.ABORTED) {
            return "aborted";
        }
        return fallbackReason().name().toLowerCase(Locale.ROOT);
    }

    /** When the call ended in failure or rejection (set by {@link #fail()} and {@link #endRefused()}). */
    long endNanos() {
        return endNanos;
    }

    /**
     * What the caller sees: our own AI exceptions as they are; anything else converted, original as cause. The
     * original message is kept unchanged (the seed's {@code PermanentAIError(str(e))}); the status code the
     * classifier found stays (a client library's 401 stays a 401), and the foreign type and the classifier's reason
     * ({@code context_length_exceeded}...) are in {@link AIServiceException#context()}.
     */
    private static RuntimeException surfaced(Throwable failure, Classification classification) {
        if (failure instanceof AIServiceException) {
            return (AIServiceException) failure;
        }
        String message = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        java.util.Map<String, Object> context = new java.util.LinkedHashMap<>();
        context.put("exception", failure.getClass().getName());
        if (classification.reason() != null) {
            context.put("reason", classification.reason());
        }
        int status = classification.statusCode();
        switch (classification.kind()) {
            case PERMANENT:
                return new PermanentAIException(message, failure, status, context);
            case RATE_LIMITED:
                return new RateLimitException(message, classification.retryAfter(), failure, status, context);
            default:
                return new TransientAIException(message, failure, status, context);
        }
    }
}
