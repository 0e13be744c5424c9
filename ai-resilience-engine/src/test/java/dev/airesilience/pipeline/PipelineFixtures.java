package dev.airesilience.pipeline;

import dev.airesilience.circuit.BreakerStage;
import dev.airesilience.circuit.Breakers;
import dev.airesilience.event.ResilienceEvent;
import dev.airesilience.event.ResilienceListener;
import dev.airesilience.ratelimit.CooldownStage;
import dev.airesilience.ratelimit.QuotaStage;
import dev.airesilience.recording.Listeners;
import dev.airesilience.retry.RetryBudgetStage;
import dev.airesilience.retry.RetryStage;
import dev.airesilience.shared.SharedState;
import dev.airesilience.throttle.ThrottleStage;
import dev.airesilience.time.ManualClock;
import java.util.List;
import java.util.random.RandomGenerator;

/** What the pipeline tests build alike: a listener that records, and an operation with every built-in stage. */
final class PipelineFixtures {

    private PipelineFixtures() {
    }

    /** Listeners whose one listener adds every event to {@code events}. */
    static Listeners recordingInto(List<ResilienceEvent> events) {
        return new Listeners(List.of(new ResilienceListener() {
            @Override
            public void onEvent(ResilienceEvent event) {
                events.add(event);
            }
        }));
    }

    /** Operation "op" with the built-in stages in the order {@code ResilienceCore} gives them (no shared state). */
    static Operation everyStage(ManualClock clock, RandomGenerator random, Breakers breakers) {
        return everyStage("op", clock, random, breakers);
    }

    /** A route's target {@code name}: the built-in stages and the quota, in the order {@code ResilienceCore} gives. */
    static Operation target(String name, ManualClock clock, RandomGenerator random, Breakers breakers) {
        return new Operation(name, o -> new Pipeline(List.of(new CooldownStage(clock, random),
                new QuotaStage(o.name(), clock, SharedState.none()), new ThrottleStage(o.name(), clock, random),
                new BreakerStage(o, breakers, clock), new RetryBudgetStage(), new RetryStage(random))));
    }

    /** As {@link #everyStage(ManualClock, RandomGenerator, Breakers)}, named {@code name}. */
    static Operation everyStage(String name, ManualClock clock, RandomGenerator random, Breakers breakers) {
        return new Operation(name, o -> new Pipeline(List.of(new CooldownStage(clock, random),
                new ThrottleStage(o.name(), clock, random), new BreakerStage(o, breakers, clock), new RetryBudgetStage(),
                new RetryStage(random))));
    }
}
