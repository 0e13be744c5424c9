package dev.airesilience.shared;

import java.time.Duration;

/**
 * What the instances of a service share, so that one instance's lesson holds for all of them: the rate-limit
 * cooldowns (a provider's {@code Retry-After} seen by one instance holds every instance's callers), the runtime
 * configuration updates (one made on any instance reaches all, and outlives restarts), the quota buckets of route
 * targets ({@link #bucket}: N instances together stay within one quota) and breaker openings (one instance's open
 * breaker opens the others', and one trial per period recovers them all). Shared are <em>facts</em>
 * with a lifetime, never a lock: an instance keeps deciding from its own state, which what others share only
 * extends.
 *
 * <p>The engine calls {@link #cooldownStarted} on a call's thread, so an implementation must never block there
 * (send asynchronously, drop what it cannot send) and must never throw. A shared bucket is the one exception: a call
 * with a quota waits for its answer, at most the store's timeout, and goes on with its own bucket when none comes.
 * When the store is away, calls go on with the instance's own state; {@link #available()} says so for health.
 * {@link #none()} (the default) shares nothing.
 */
public interface SharedState extends AutoCloseable {

    /** Receives what other instances share; called on the implementation's threads. */
    interface Sink {

        /** Another instance learnt that {@code operation} is rate-limited for {@code remaining} from now. */
        void cooldown(String operation, Duration remaining);

        /** Another instance's breaker for {@code operation} opened; it stays open {@code remaining} from now. */
        default void breakerOpened(String operation, Duration remaining) {}

        /** Another instance's breaker for {@code operation} closed: its trial succeeded, the provider answers again. */
        default void breakerClosed(String operation) {}

        /**
         * A runtime configuration update (a JSON document of configuration keys), in the one order every instance
         * applies them in: an instance's own updates come back too, so that all end with the same configuration.
         * On start, every update made so far, in order.
         */
        void configuration(String document);
    }

    /** Starts delivering what other instances share (and what they shared before this instance started) to {@code sink}. */
    void start(Sink sink);

    /** This instance learnt that {@code operation} is rate-limited for {@code remaining} from now. Never blocks. */
    void cooldownStarted(String operation, Duration remaining);

    /**
     * This instance accepted a runtime configuration update: share it with the others and keep it for instances that
     * start later. Never blocks a caller for long; never throws.
     */
    void configurationUpdated(String document);

    /**
     * This instance's breaker for {@code operation} opened (or opened again after a failed trial) from its own
     * traffic, for {@code openFor}. Never blocks, never throws.
     */
    default void breakerOpened(String operation, Duration openFor) {}

    /** This instance's breaker for {@code operation} closed: a trial succeeded. Never blocks, never throws. */
    default void breakerClosed(String operation) {}

    /**
     * Whether this instance may send {@code operation}'s next recovery trial: at most one instance claims it per
     * {@code holdFor} (an open period), so a cluster sends one trial per open period rather than one per instance.
     * True for {@link #none()}, and whenever the store cannot answer (each instance then decides alone). Asked once
     * per open period, never on the happy path; it may wait on the store up to its timeout.
     */
    default boolean claimTrial(String operation, Duration holdFor) {
        return true;
    }

    /**
     * Whether this instance may run {@code operation}'s next health probe: as {@link #claimTrial}, per probe interval
     * ({@code holdFor}), so a cluster probes once per interval. A claim of its own, apart from the trial's: a trial
     * claimed for a whole open period must not stop the probes that would end that period as soon as the provider
     * is back.
     */
    default boolean claimProbe(String operation, Duration holdFor) {
        return true;
    }

    /**
     * The bucket every instance takes {@code key}'s quota from: {@code perMinute} at most, refilled continuously by
     * {@code perMinute} a minute, full when first made. Null when this store does not share buckets ({@link #none()}),
     * and then each instance keeps its own. Asked rarely (when a quota is first used or changes), never per call.
     */
    default SharedBucket bucket(String key, long perMinute) {
        return null;
    }

    /** Whether the shared store is reachable now; always true for {@link #none()}. */
    boolean available();

    /**
     * Facts that could not be shared since this instance started (the store away, slow or refusing): each is a
     * call that went on with local state. 0 for {@link #none()} and for a store that does not count them.
     */
    default long failures() {
        return 0;
    }

    /** Stops sharing; calls go on with local state. */
    @Override
    void close();

    /** Shares nothing: each instance learns alone (the default). */
    static SharedState none() {
        return Local.INSTANCE;
    }

    /** Whether this is {@link #none()}. */
    default boolean isShared() {
        return this != Local.INSTANCE;
    }
}
