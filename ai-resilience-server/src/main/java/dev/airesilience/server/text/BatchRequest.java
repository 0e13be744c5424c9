package dev.airesilience.server.text;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

public record BatchRequest(@JsonProperty("requests") List<TextRequest> requests) {}
