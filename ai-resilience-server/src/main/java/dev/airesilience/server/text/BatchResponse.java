package dev.airesilience.server.text;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** A batch answer: one item per request, in request order; a failed item carries its error instead of a response. */
public record BatchResponse(
        @JsonProperty("total_items") int totalItems,
        @JsonProperty("completed") int completed,
        @JsonProperty("failed") int failed,
        @JsonProperty("results") List<Item> results,
        @JsonProperty("total_processing_time_ms") long totalProcessingTimeMs) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(
            @JsonProperty("request_index") int requestIndex,
            @JsonProperty("status") String status,
            @JsonProperty("response") TextResponse response,
            @JsonProperty("error") String error,
            @JsonProperty("error_code") String errorCode) {}
}
