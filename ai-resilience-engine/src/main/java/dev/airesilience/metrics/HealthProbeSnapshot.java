package dev.airesilience.metrics;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Instant;

/**
 * An operation's registered health probe, as its breaker reports it.
 *
 * @param nextProbe when the probe runs next, or {@code null} when none is scheduled (the circuit is not open)
 * @param healthy probes that succeeded (each moved an open circuit to half-open)
 * @param failed probes that failed; not calls, so they count nowhere else
 */
@JsonPropertyOrder({"next_probe", "healthy", "failed"})
public record HealthProbeSnapshot(
        @JsonProperty("next_probe") @JsonFormat(shape = JsonFormat.Shape.STRING) Instant nextProbe,
        @JsonProperty("healthy") long healthy,
        @JsonProperty("failed") long failed) {}
