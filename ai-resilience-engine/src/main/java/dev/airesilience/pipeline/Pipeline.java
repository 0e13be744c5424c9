package dev.airesilience.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ordered stages of one operation, with one array per hook holding only the stages that implement it, so a
 * call pays nothing for a hook a stage leaves out (the retry stage, for one, is never asked before an attempt).
 */
public final class Pipeline {

    /**
     * The hook arrays depend only on the stages' classes, so operations with the same kinds of stages share one set:
     * an idle operation should cost as little memory as possible.
     */
    private static final ConcurrentHashMap<List<Class<?>>, Hooks> HOOKS = new ConcurrentHashMap<>();

    final CallStage[] stages;
    // Per hook, the indices (into stages) of the stages implementing it.
    final int[] beforeAttempt;
    final int[] afterFailure;
    final int[] onSuccess;
    final int[] onFailure;
    final int[] release;
    /** Per stage, where a call keeps its ticket: consecutive slots for the stages that keep one, -1 for the rest. */
    final int[] ticketSlot;
    /** How many stages keep a ticket. */
    final int ticketSlots;

    public Pipeline(List<CallStage> stages) {
        this.stages = stages.toArray(new CallStage[0]);
        List<Class<?>> kinds = new ArrayList<>();
        for (CallStage stage : stages) {
            kinds.add(stage.getClass());
        }
        Hooks hooks = HOOKS.computeIfAbsent(kinds, unused -> new Hooks(this.stages));
        this.beforeAttempt = hooks.beforeAttempt;
        this.afterFailure = hooks.afterFailure;
        this.onSuccess = hooks.onSuccess;
        this.onFailure = hooks.onFailure;
        this.release = hooks.release;
        this.ticketSlot = hooks.ticketSlot;
        this.ticketSlots = hooks.ticketSlots;
    }

    /** Which stages of a pipeline implement each hook, and where each keeps its ticket (per stage class). */
    private static final class Hooks {
        final int[] beforeAttempt;
        final int[] afterFailure;
        final int[] onSuccess;
        final int[] onFailure;
        final int[] release;
        final int[] ticketSlot;
        final int ticketSlots;

        Hooks(CallStage[] stages) {
            List<CallStage> list = List.of(stages);
            this.beforeAttempt = implementing(list, "beforeAttempt", StageCall.class);
            this.afterFailure = implementing(list, "afterFailure", StageCall.class, long.class);
            this.onSuccess = implementing(list, "onSuccess", StageCall.class, long.class);
            this.onFailure = implementing(list, "onFailure", StageCall.class, long.class);
            this.release = implementing(list, "release", StageCall.class);
            this.ticketSlot = new int[stages.length];
            int slots = 0;
            for (int i = 0; i < stages.length; i++) {
                ticketSlot[i] = stages[i].keepsTicket() ? slots++ : -1;
            }
            this.ticketSlots = slots;
        }
    }

    /** The first stage of type {@code type}, or null: how the orchestrator reaches a stage's state to report it. */
    public <S extends CallStage> S find(Class<S> type) {
        for (CallStage stage : stages) {
            if (type.isInstance(stage)) {
                return type.cast(stage);
            }
        }
        return null;
    }

    private static int[] implementing(List<CallStage> stages, String hook, Class<?>... parameters) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            try {
                if (stages.get(i).getClass().getMethod(hook, parameters).getDeclaringClass() != CallStage.class) {
                    found.add(i);
                }
            } catch (NoSuchMethodException e) {
                throw new AssertionError("CallStage has no hook " + hook, e);
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }
}
