package dev.airesilience.server.simulator;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * One request as the simulated provider saw it, so tests can measure at the provider.
 *
 * @param arrivalNanos {@link System#nanoTime()} at arrival, for exact gaps between attempts
 * @param task the operation named in the system prompt, or {@code "unknown"}
 * @param idempotencyKey the {@code Idempotency-Key} header, or {@code null}
 * @param status the status the simulator answered with
 * @param model the model the request named, or {@code null} when it was not read (refused before its body)
 */
public record RecordedRequest(
        @JsonProperty("arrival") Instant arrival,
        @JsonProperty("arrival_nanos") long arrivalNanos,
        @JsonProperty("task") String task,
        @JsonProperty("idempotency_key") String idempotencyKey,
        @JsonProperty("status") int status,
        @JsonProperty("model") String model) {}
