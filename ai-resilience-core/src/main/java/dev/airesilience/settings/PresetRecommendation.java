package dev.airesilience.settings;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Which preset suits an environment, and how sure the recommendation is.
 *
 * @param presetName the recommended preset key
 * @param confidence 0.0–1.0
 * @param reasoning why, in one sentence
 * @param environmentDetected the environment as given (or {@code "<env> (auto-detected)"})
 */
public record PresetRecommendation(
        @JsonProperty("preset_name") String presetName,
        @JsonProperty("confidence") double confidence,
        @JsonProperty("reasoning") String reasoning,
        @JsonProperty("environment_detected") String environmentDetected) {}
