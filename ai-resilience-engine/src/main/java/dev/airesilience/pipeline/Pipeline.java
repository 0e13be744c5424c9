package dev.airesilience.pipeline;

import java.util.ArrayList;
import java.util.List;

/**
 * The ordered stages of one operation, with one array per hook holding only the stages that implement it, so a
 * call pays nothing for a hook a stage leaves out (the happy path asks two stages before the attempt and one after).
 */
public final class Pipeline {

    final CallStage[] stages;
    // Per hook, the indices (into stages, which is also where a stage's ticket is kept) of the stages implementing it.
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
        this.beforeAttempt = implementing(stages, "beforeAttempt", StageCall.class);
        this.afterFailure = implementing(stages, "afterFailure", StageCall.class, long.class);
        this.onSuccess = implementing(stages, "onSuccess", StageCall.class, long.class);
        this.onFailure = implementing(stages, "onFailure", StageCall.class, long.class);
        this.release = implementing(stages, "release", StageCall.class);
        this.ticketSlot = new int[this.stages.length];
        int slots = 0;
        for (int i = 0; i < this.stages.length; i++) {
            ticketSlot[i] = this.stages[i].keepsTicket() ? slots++ : -1;
        }
        this.ticketSlots = slots;
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
