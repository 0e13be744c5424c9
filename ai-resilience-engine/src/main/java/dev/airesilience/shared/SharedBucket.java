package dev.airesilience.shared;

/**
 * A token bucket that every instance sharing the store takes from (a route target's requests or tokens per minute):
 * together they stay within one quota. Every method may go to the store, so it may take up to the store's timeout, and
 * throws when the store cannot answer (away, slow, refusing); the caller then goes on with a bucket of its own.
 */
public interface SharedBucket {

    /**
     * Takes {@code amount} when the bucket has it, returning the tokens left after (zero or more); otherwise takes
     * nothing and returns minus the nanoseconds until it could (-1 or less).
     */
    long tryTake(long amount);

    /** Puts {@code amount} back (never above the capacity): a reservation that was not used. */
    void giveBack(long amount);

    /** Takes {@code amount} even if the bucket goes below zero: usage beyond a reservation, paid by later calls. */
    void takeAsDebt(long amount);

    /** What is left now (below zero while in debt). */
    long left();
}
