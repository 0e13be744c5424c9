package dev.airesilience.tests.shared;

import dev.airesilience.shared.SharedState;
import dev.airesilience.time.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Shared state for orchestrators in one test: every member hears what the others share (cooldowns, configuration
 * updates, breaker openings and recoveries) at once, and trial and probe claims expire on the test's virtual clock. What the
 * Redis module does over a real server, without one, so the engine's side of the contract is checked exactly.
 */
final class InMemoryHub {

    final List<Member> members = new CopyOnWriteArrayList<>();
    /** Cooldowns shared, as {@code "<operation> <millis> ms"}. */
    final List<String> cooldowns = new CopyOnWriteArrayList<>();
    /** Breaker states shared, as {@code "<operation> opened for <millis> ms"} or {@code "<operation> closed"}. */
    final List<String> breakers = new CopyOnWriteArrayList<>();
    final List<String> updates = new CopyOnWriteArrayList<>();
    /** Operation to the virtual time (nanos) its trial is claimed until. */
    final Map<String, Long> claims = new ConcurrentHashMap<>();
    /** Operation to the virtual time (nanos) its health probe is claimed until. */
    final Map<String, Long> probeClaims = new ConcurrentHashMap<>();
    private final ManualClock clock;

    InMemoryHub(ManualClock clock) {
        this.clock = clock;
    }

    Member member() {
        Member member = new Member();
        members.add(member);
        return member;
    }

    /** A cooldown from an instance outside the test. */
    void cooldownFromElsewhere(String operation, Duration remaining) {
        members.forEach(m -> m.sink.cooldown(operation, remaining));
    }

    /** A breaker opening from an instance outside the test. */
    void breakerOpenedElsewhere(String operation, Duration remaining) {
        members.forEach(m -> m.sink.breakerOpened(operation, remaining));
    }

    final class Member implements SharedState {
        Sink sink;
        /** The store is away: every call throws, against the contract, so the engine must cope. */
        volatile boolean failing;

        private void check() {
            if (failing) {
                throw new IllegalStateException("store away");
            }
        }

        private List<Member> others() {
            return members.stream().filter(m -> m != this).toList();
        }

        @Override
        public void start(Sink sink) {
            this.sink = sink;
            updates.forEach(sink::configuration);
        }

        @Override
        public void configurationUpdated(String document) {
            updates.add(document);
            members.forEach(m -> m.sink.configuration(document));
        }

        @Override
        public void cooldownStarted(String operation, Duration remaining) {
            check();
            cooldowns.add(operation + " " + remaining.toMillis() + " ms");
            others().forEach(m -> m.sink.cooldown(operation, remaining));
        }

        @Override
        public void breakerOpened(String operation, Duration openFor) {
            check();
            breakers.add(operation + " opened for " + openFor.toMillis() + " ms");
            others().forEach(m -> m.sink.breakerOpened(operation, openFor));
        }

        @Override
        public void breakerClosed(String operation) {
            check();
            breakers.add(operation + " closed");
            others().forEach(m -> m.sink.breakerClosed(operation));
        }

        @Override
        public boolean claimTrial(String operation, Duration holdFor) {
            return claim(claims, operation, holdFor);
        }

        @Override
        public boolean claimProbe(String operation, Duration holdFor) {
            return claim(probeClaims, operation, holdFor);
        }

        private boolean claim(Map<String, Long> held, String operation, Duration holdFor) {
            check();
            long now = clock.nanoTime();
            Long until = held.get(operation);
            if (until != null && until > now) {
                return false;
            }
            held.put(operation, now + holdFor.toNanos());
            return true;
        }

        @Override
        public boolean available() {
            return !failing;
        }

        @Override
        public void close() {
            members.remove(this);
        }
    }
}
