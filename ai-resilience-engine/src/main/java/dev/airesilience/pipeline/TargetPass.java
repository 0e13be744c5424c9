package dev.airesilience.pipeline;

import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureKind;
import dev.airesilience.classify.HttpClassification;
import dev.airesilience.config.QuotaConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.config.TargetSelection;
import dev.airesilience.context.ContextScope;
import dev.airesilience.event.CallOutcome;
import dev.airesilience.event.CallReason;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.NoTargetAvailableException;
import dev.airesilience.exception.TargetsFailedException;
import dev.airesilience.quota.Usage;
import dev.airesilience.routing.AsyncTargetFunction;
import dev.airesilience.routing.TargetCall;
import dev.airesilience.routing.TargetFunction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * One attempt of a routed call: a pass over its targets, in the route's order (or a weighted draw). Each target is
 * tried once, as a one-attempt call of the target's own operation ({@code target:<name>}), so its cooldown, breaker,
 * throttle and metrics are the target's, shared by every route that goes to it. A target its stages hold back is
 * skipped without a request; a transient failure moves on to the next target at once; a permanent error ends the
 * pass, unless the route sends that kind of error (context length, content policy) to a target not tried yet.
 *
 * <p>A pass ends with the first answer, or with a failure the routed call's own retry stage then handles: a
 * {@link TargetsFailedException} when targets were tried and failed (retried after a backoff, if attempts remain),
 * the permanent error, or a {@link NoTargetAvailableException} when no target can be tried before the call's budget
 * ends. When no target can be tried now but the earliest can within the budget, the pass waits for it and goes over
 * the route again: waiting for a cooldown is not a failed attempt.
 *
 * <p>The decisions are made here once; {@link #runBlocking} and {@link #runAsync} differ only in how they wait and
 * call. One thread at a time drives a pass (the async driver hands it on through futures), as for a logical call.
 */
final class TargetPass<T> extends CallStage {

    private static final String UNAVAILABLE = "cooling down or circuit open";

    /** How long a target a stage refused without saying for how long counts as unavailable. */
    static final long UNKNOWN_WAIT_NANOS = 100_000_000L;

    private final CallEngine engine;
    /** The routed call: its operation, its argument and its budget. */
    private final LogicalCall route;
    private final RoutingConfig routing;
    private final Function<String, Operation> targets;
    private final ResilienceConfig targetConfig;
    /** The tokens each request is estimated to use, reserved from a target's quota; 0 when not said. */
    private final long estimatedTokens;

    // The pass under way.
    private List<String> order;
    private int next;
    private String current;
    private final Set<String> tried = new HashSet<>();
    private final List<String> failedTargets = new ArrayList<>();
    private final List<AIServiceException> failures = new ArrayList<>();
    /** Per target held back: why, for a {@link NoTargetAvailableException}'s message. */
    private final Map<String, String> unavailable = new LinkedHashMap<>();
    private long earliestNanos;

    // What a cancellation of the asynchronous pass must stop.
    private volatile Future<?> pendingWait;
    private volatile CompletableFuture<?> inFlight;
    private volatile LogicalCall inFlightCall;

    TargetPass(CallEngine engine, LogicalCall route, RoutingConfig routing, Function<String, Operation> targets,
            ResilienceConfig targetConfig, long estimatedTokens) {
        this.engine = engine;
        this.route = route;
        this.routing = routing;
        this.targets = targets;
        this.targetConfig = targetConfig;
        this.estimatedTokens = estimatedTokens;
    }

    // ---------------------------------------------------------------- decisions

    /**
     * Before each attempt of the routed call (its {@linkplain LogicalCall#gate gate}): proceeds while some target is
     * free; otherwise the call waits for the earliest, when that fits its budget, or is rejected saying when it is.
     */
    @Override
    public long beforeAttempt(StageCall call) {
        long now = engine.time.nanoTime();
        Map<String, String> why = new LinkedHashMap<>();
        long earliest = Long.MAX_VALUE;
        for (RoutingConfig.Target target : routing.targets()) {
            long wait = targets.apply(target.operationName()).pipeline.unavailableNanos(targetConfig, now);
            if (wait == 0) {
                return PROCEED;
            }
            earliest = Math.min(earliest, wait);
            why.put(target.name(), UNAVAILABLE + " for " + Duration.ofNanos(wait).toMillis() + " ms");
        }
        if (earliest <= call.remainingNanos(now)) {
            return earliest;
        }
        if (call.attempts() == 0) {
            Duration retryAfter = Duration.ofNanos(earliest);
            call.reject(new NoTargetAvailableException(route.op.name, retryAfter, why), CallReason.RATE_LIMITED,
                    retryAfter);
        }
        return REFUSE;
    }

    @Override
    protected boolean keepsTicket() {
        return false;
    }

    private void startPass() {
        order = order();
        next = 0;
        current = null;
        tried.clear();
        failedTargets.clear();
        failures.clear();
        unavailable.clear();
        earliestNanos = Long.MAX_VALUE;
    }

    /** This pass's order: the route's, or a draw in proportion to the weights (each target once). */
    private List<String> order() {
        List<RoutingConfig.Target> configured = routing.targets();
        List<String> names = new ArrayList<>(configured.size());
        if (routing.selection() == TargetSelection.ORDERED || configured.size() == 1) {
            configured.forEach(target -> names.add(target.name()));
            return names;
        }
        List<RoutingConfig.Target> left = new ArrayList<>(configured);
        long total = 0;
        for (RoutingConfig.Target target : left) {
            total += target.weight();
        }
        while (!left.isEmpty()) {
            long draw = engine.random.nextLong(total);
            int index = 0;
            while (draw >= left.get(index).weight()) {
                draw -= left.get(index).weight();
                index++;
            }
            RoutingConfig.Target drawn = left.remove(index);
            total -= drawn.weight();
            names.add(drawn.name());
        }
        return names;
    }

    /** The next target of this pass that its stages admit now, or null when the pass has been through them all. */
    private Operation nextTarget(long nowNanos) {
        while (next < order.size()) {
            String name = order.get(next++);
            if (!tried.add(name)) {
                continue;
            }
            Operation target = targets.apply(routing.target(name).operationName());
            long wait = target.pipeline.unavailableNanos(targetConfig, nowNanos);
            if (wait > 0) {
                heldBack(name, wait, UNAVAILABLE);
                continue;
            }
            current = name;
            return target;
        }
        return null;
    }

    private void heldBack(String name, long waitNanos, String why) {
        long wait = waitNanos > 0 ? waitNanos : UNKNOWN_WAIT_NANOS;
        earliestNanos = Math.min(earliestNanos, wait);
        unavailable.put(name, why + " for " + Duration.ofNanos(wait).toMillis() + " ms");
    }

    /**
     * Asks the target's stages before its one attempt: true when it goes ahead; otherwise the target's call has been
     * ended (withdrawn when a stage asked it to wait, rejected and counted when a stage refused it).
     */
    private boolean admitted(LogicalCall call) {
        long admission = call.admit();
        if (admission == CallStage.PROCEED) {
            return true;
        }
        if (admission > 0) {
            call.withdraw(); // the route waits for no single target: the next one is tried now
            heldBack(current, admission, "cooling down");
            return false;
        }
        RuntimeException rejection = call.endRefused();
        if (rejection != null) {
            call.completed(CallOutcome.REJECTED, call.endNanos());
            heldBack(current, call.rejectionRetryAfterNanos(), rejection.getClass().getSimpleName());
        }
        return false;
    }

    /**
     * The target's attempt failed: ends the target's call and returns what ends the pass (a permanent error the route
     * does not send elsewhere), or null to go on with the next target.
     */
    private RuntimeException failed(LogicalCall call, Throwable failure) {
        call.onFailure(failure);
        RuntimeException surfaced = call.fail();
        if (surfaced == null) {
            return null; // ended meanwhile (the pass was cancelled)
        }
        call.completed(CallOutcome.FAILURE, call.endNanos());
        Classification classification = call.lastClassification();
        if (classification.kind() != FailureKind.PERMANENT) {
            failedTargets.add(current);
            failures.add((AIServiceException) surfaced); // fail() surfaces our own exception types only
            return null;
        }
        String reroute = reroute(reason(classification, call.lastFailure()));
        if (reroute == null || tried.contains(reroute)) {
            return surfaced;
        }
        order = new ArrayList<>(order);
        order.add(next, reroute); // tried next, before the rest of the order
        return null;
    }

    /**
     * Why a permanent failure happened: what the classifier said (an adapter reads the SDK's error code), else what
     * our own exception's context or a provider's error text names. Read here, only for a routed call's permanent
     * failures, rather than by the classifier for every failure of every call.
     */
    private static String reason(Classification classification, Throwable failure) {
        if (classification.reason() != null) {
            return classification.reason();
        }
        if (failure instanceof AIServiceException) {
            Object named = ((AIServiceException) failure).context().get("reason");
            if (named instanceof String) {
                return (String) named;
            }
        }
        return HttpClassification.reasonOf(failure.getMessage());
    }

    private String reroute(String reason) {
        if (Classification.CONTEXT_LENGTH_EXCEEDED.equals(reason)) {
            return routing.contextLengthTarget();
        }
        if (Classification.CONTENT_FILTERED.equals(reason)) {
            return routing.contentPolicyTarget();
        }
        return null;
    }

    /**
     * The pass went through its order without an answer: throws what ends the attempt, or returns how long to wait
     * before the next pass (no target could be tried, and the earliest is free within the call's budget).
     */
    private long endOfPass(long nowNanos) {
        if (!failures.isEmpty()) {
            throw new TargetsFailedException(route.op.name, failedTargets, failures);
        }
        if (earliestNanos <= route.remainingNanos(nowNanos)) {
            return earliestNanos;
        }
        throw new NoTargetAvailableException(route.op.name, Duration.ofNanos(earliestNanos), unavailable);
    }

    /**
     * The target's attempt timeout, never past the routed call's budget (which ends before the target call's own: it
     * started earlier with the same one); null when it has none.
     */
    private Duration timeout(LogicalCall call) {
        return call.config.attemptTimeout() == null ? null // the clock is read only when there is a timeout
                : call.attemptTimeout(route.remainingNanos(engine.time.nanoTime()));
    }

    /** The one-attempt call of the current target, counted against its quota when it has one. */
    private LogicalCall open(Operation target, boolean async) {
        LogicalCall call = new LogicalCall(engine, target, targetConfig, route.argument, async);
        QuotaConfig quota = routing.target(current).quota();
        if (quota.limited()) {
            call.meter(quota, estimatedTokens);
        }
        return call;
    }

    /** What the function is handed: the target's name, and where the response's usage goes (its call's quota). */
    private static final class Request implements TargetCall {
        private final String name;
        private final LogicalCall call;

        Request(String name, LogicalCall call) {
            this.name = name;
            this.call = call;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void reportUsage(Usage usage) {
            call.usage(usage == null ? Usage.UNKNOWN : usage);
        }
    }

    // ---------------------------------------------------------------- blocking

    /** Runs one pass on this thread; waits for the earliest target through the engine's sleeper. */
    @SuppressWarnings("try") // context scopes are only closed
    T runBlocking(TargetFunction<? extends T> function) throws Exception {
        startPass();
        while (true) {
            Operation target = nextTarget(engine.time.nanoTime());
            if (target == null) {
                engine.sleeper.sleep(Duration.ofNanos(endOfPass(engine.time.nanoTime())));
                startPass();
                continue;
            }
            LogicalCall call = open(target, false);
            if (!admitted(call)) {
                continue;
            }
            call.beginAttempt();
            Duration timeout = timeout(call);
            Request request = new Request(current, call);
            T result;
            try {
                if (timeout == null) {
                    try (ContextScope scope = call.attemptScope()) {
                        result = function.call(request);
                    }
                } else {
                    result = engine.timeouts.call(target.name, call.context == null ? () -> function.call(request)
                            : call.context.inAttemptScope(() -> function.call(request)), timeout);
                }
            } catch (InterruptedException | AttemptTimeouts.AttemptInterrupted | Error e) {
                call.abort(); // the routed call ends too: its driver sees the same interrupt or error
                throw e;
            } catch (Throwable failure) {
                RuntimeException end = failed(call, failure);
                if (end != null) {
                    throw end;
                }
                continue;
            }
            call.succeed();
            return result;
        }
    }

    // ---------------------------------------------------------------- asynchronous

    /** Starts one pass; waits for the earliest target on the engine's scheduler; never blocks. */
    CompletableFuture<T> runAsync(AsyncTargetFunction<? extends T> function) {
        CompletableFuture<T> pass = new CompletableFuture<>();
        pass.whenComplete((value, failure) -> {
            if (pass.isCancelled()) { // the routed call was cancelled or timed out: stop what runs for it
                Future<?> wait = pendingWait;
                if (wait != null) {
                    wait.cancel(false);
                }
                CompletableFuture<?> attempt = inFlight;
                if (attempt != null) {
                    attempt.cancel(true);
                }
                LogicalCall call = inFlightCall;
                if (call != null) {
                    call.abort();
                }
            }
        });
        startPass();
        step(pass, function);
        return pass;
    }

    private void step(CompletableFuture<T> pass, AsyncTargetFunction<? extends T> function) {
        try {
            while (!pass.isDone()) {
                Operation target = nextTarget(engine.time.nanoTime());
                if (target == null) {
                    long wait = endOfPass(engine.time.nanoTime());
                    pendingWait = engine.scheduler.schedule(() -> {
                        startPass();
                        step(pass, function);
                    }, Duration.ofNanos(wait));
                    return;
                }
                LogicalCall call = open(target, true);
                if (!admitted(call)) {
                    continue;
                }
                call.beginAttempt();
                Duration timeout = timeout(call);
                Request request = new Request(current, call);
                inFlightCall = call;
                CompletableFuture<? extends T> started;
                try {
                    started = (call.context == null ? function.call(request)
                            : call.context.supplyInAttemptScope(() -> function.call(request))).toCompletableFuture();
                } catch (Throwable thrown) { // a function that threw instead of failing its stage: the same failure
                    started = CompletableFuture.failedFuture(thrown);
                }
                CompletableFuture<? extends T> attempt = timeout == null ? started
                        : engine.timeouts.within(target.name, started, timeout);
                inFlight = attempt;
                attempt.whenComplete((value, failure) -> attemptDone(pass, function, call, value, failure));
                return;
            }
        } catch (RuntimeException | Error endOfPass) { // what ends the pass, or a scheduler that was closed
            pass.completeExceptionally(endOfPass);
        }
    }

    private void attemptDone(CompletableFuture<T> pass, AsyncTargetFunction<? extends T> function, LogicalCall call,
            T value, Throwable failure) {
        inFlight = null;
        inFlightCall = null;
        if (pass.isDone()) {
            call.abort();
            return;
        }
        if (failure == null) {
            if (call.succeed()) {
                pass.complete(value);
            }
            return;
        }
        Throwable cause = CallEngine.unwrap(failure);
        if (cause instanceof Error || cause instanceof InterruptedException) {
            call.abort();
            pass.completeExceptionally(cause); // the routed call's driver ends it as it would end a direct attempt
            return;
        }
        RuntimeException end = failed(call, cause);
        if (end != null) {
            pass.completeExceptionally(end);
            return;
        }
        step(pass, function);
    }
}
