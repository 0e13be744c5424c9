package dev.airesilience.pipeline;

import dev.airesilience.config.ResilienceConfig;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The ordered stages of one operation, with one array per hook holding only the stages that implement it and that
 * the call's configuration switches on, so a call pays nothing for a hook a stage leaves out (the retry stage, for
 * one, is never asked before an attempt) nor for a stage that is off (the throttle, by default).
 */
public final class Pipeline {

    /**
     * The hook arrays depend only on the stages' classes, so operations with the same kinds of stages share one set:
     * an idle operation should cost as little memory as possible.
     */
    private static final ConcurrentHashMap<List<Class<?>>, Shape> SHAPES = new ConcurrentHashMap<>();
    /** At most this many stages may be switched off by configuration; any further one is always asked. */
    private static final int MAX_SWITCHABLE = 8;

    final CallStage[] stages;
    private final Shape shape;
    /** Per stage, where a call keeps its ticket: consecutive slots for the stages that keep one, -1 for the rest. */
    final int[] ticketSlot;
    /** How many stages keep a ticket. */
    final int ticketSlots;
    /**
     * The hooks of the last configuration a call ran with. A plain field: {@link Active} is immutable (final fields),
     * so a thread sees either null, a stale pair or the new one, each complete and each correct for its config.
     */
    private Active active;

    public Pipeline(List<CallStage> stages) {
        this.stages = stages.toArray(new CallStage[0]);
        List<Class<?>> kinds = new ArrayList<>();
        for (CallStage stage : stages) {
            kinds.add(stage.getClass());
        }
        this.shape = SHAPES.computeIfAbsent(kinds, unused -> new Shape(this.stages));
        this.ticketSlot = shape.ticketSlot;
        this.ticketSlots = shape.ticketSlots;
    }

    /**
     * The hooks a call under {@code config} runs: those of the stages {@linkplain CallStage#isActive active} under
     * it. Computed once per combination of active stages and shared between operations; the last configuration's are
     * kept, so a call usually pays one comparison.
     */
    Hooks hooks(ResilienceConfig config) {
        Active last = active;
        if (last != null && last.config == config) {
            return last.hooks; // the usual case: an operation's calls share one configuration object
        }
        Hooks hooks = hooksOf(config);
        active = new Active(config, hooks);
        return hooks;
    }

    private Hooks hooksOf(ResilienceConfig config) {
        int[] switchable = shape.switchable;
        int mask = 0;
        for (int i = 0; i < switchable.length; i++) {
            if (stages[switchable[i]].isActive(config)) {
                mask |= 1 << i;
            }
        }
        Hooks hooks = shape.byMask.get(mask);
        if (hooks == null) { // racing threads build equal, immutable hooks: either may win
            hooks = shape.filtered(mask);
            shape.byMask.set(mask, hooks);
        }
        return hooks;
    }

    /**
     * How long the stages would hold back a call under {@code config} from {@code nowNanos} on (the longest any of
     * them says; see {@link CallStage#unavailableNanos}); 0 when the call would be admitted now. Asks every stage,
     * active or not: only routed calls ask, once per target.
     */
    public long unavailableNanos(ResilienceConfig config, long nowNanos) {
        long longest = 0;
        for (CallStage stage : stages) {
            if (stage.isActive(config)) {
                longest = Math.max(longest, stage.unavailableNanos(config, nowNanos));
            }
        }
        return longest;
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

    /** A configuration and the hooks of the stages active under it. */
    private static final class Active {
        final ResilienceConfig config;
        final Hooks hooks;

        Active(ResilienceConfig config, Hooks hooks) {
            this.config = config;
            this.hooks = hooks;
        }
    }

    /** Per hook, the indices (into the stages) of the active stages implementing it, in pipeline order. */
    static final class Hooks {
        final int[] beforeAttempt;
        final int[] afterFailure;
        final int[] onSuccess;
        final int[] onFailure;
        final int[] release;
        final int[] admitsHedge;
        final int[] onHedge;

        Hooks(int[] beforeAttempt, int[] afterFailure, int[] onSuccess, int[] onFailure, int[] release,
                int[] admitsHedge, int[] onHedge) {
            this.beforeAttempt = beforeAttempt;
            this.afterFailure = afterFailure;
            this.onSuccess = onSuccess;
            this.onFailure = onFailure;
            this.release = release;
            this.admitsHedge = admitsHedge;
            this.onHedge = onHedge;
        }
    }

    /** What depends only on the stages' classes: which hooks each implements, which can be switched off, tickets. */
    private static final class Shape {
        final Hooks all;
        /** The indices of the stages that override {@link CallStage#isActive}, at most {@link #MAX_SWITCHABLE}. */
        final int[] switchable;
        final AtomicReferenceArray<Hooks> byMask;
        final int[] ticketSlot;
        final int ticketSlots;

        Shape(CallStage[] stages) {
            List<CallStage> list = List.of(stages);
            this.all = new Hooks(implementing(list, "beforeAttempt", StageCall.class),
                    implementing(list, "afterFailure", StageCall.class, long.class),
                    implementing(list, "onSuccess", StageCall.class, long.class),
                    implementing(list, "onFailure", StageCall.class, long.class),
                    implementing(list, "release", StageCall.class),
                    implementing(list, "admitsHedge", ResilienceConfig.class, long.class, long.class),
                    implementing(list, "onHedge", ResilienceConfig.class, long.class, long.class));
            int[] overriding = implementing(list, "isActive", ResilienceConfig.class);
            this.switchable = Arrays.copyOf(overriding, Math.min(overriding.length, MAX_SWITCHABLE));
            this.byMask = new AtomicReferenceArray<>(1 << switchable.length);
            this.ticketSlot = new int[stages.length];
            int slots = 0;
            for (int i = 0; i < stages.length; i++) {
                ticketSlot[i] = stages[i].keepsTicket() ? slots++ : -1;
            }
            this.ticketSlots = slots;
        }

        /** The hooks without the switchable stages whose bit in {@code mask} is clear. */
        Hooks filtered(int mask) {
            List<Integer> off = new ArrayList<>();
            for (int i = 0; i < switchable.length; i++) {
                if ((mask & (1 << i)) == 0) {
                    off.add(switchable[i]);
                }
            }
            return new Hooks(without(all.beforeAttempt, off), without(all.afterFailure, off),
                    without(all.onSuccess, off), without(all.onFailure, off), without(all.release, off),
                    without(all.admitsHedge, off), without(all.onHedge, off));
        }

        private static int[] without(int[] indices, List<Integer> off) {
            return Arrays.stream(indices).filter(index -> !off.contains(index)).toArray();
        }
    }

    private static int[] implementing(List<CallStage> stages, String hook, Class<?>... parameters) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < stages.size(); i++) {
            try {
                if (findMethod(stages.get(i).getClass(), hook, parameters).getDeclaringClass() != CallStage.class) {
                    found.add(i);
                }
            } catch (NoSuchMethodException e) {
                throw new AssertionError("CallStage has no hook " + hook, e);
            }
        }
        return found.stream().mapToInt(Integer::intValue).toArray();
    }

    /** The most specific declaration of a hook, public or protected (getMethod sees only public ones). */
    private static Method findMethod(Class<?> type, String name, Class<?>... parameters)
            throws NoSuchMethodException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                return c.getDeclaredMethod(name, parameters);
            } catch (NoSuchMethodException e) {
                // declared higher up
            }
        }
        throw new NoSuchMethodException(type.getName() + "." + name);
    }
}
