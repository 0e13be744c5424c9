package dev.airesilience.shared;

import java.time.Duration;

/** {@link SharedState#none()}: nothing is shared. */
enum Local implements SharedState {
    INSTANCE;

    @Override
    public void start(Sink sink) {}

    @Override
    public void cooldownStarted(String operation, Duration remaining) {}

    @Override
    public void configurationUpdated(String document) {}

    @Override
    public boolean available() {
        return true;
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "SharedState.none()";
    }
}
