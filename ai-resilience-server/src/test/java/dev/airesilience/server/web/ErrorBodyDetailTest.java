package dev.airesilience.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.server.config.ServerSettings;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.ResponseEntity;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Seed §7.1: explicit HTTP errors answer {@code {"detail": "<message>"}}. The service's error body carries
 * {@code detail} beside its richer fields ({@code error}, {@code error_code}, {@code details}, {@code timestamp})
 * for 400, 404 and 500 alike, and never a Java class name.
 */
class ErrorBodyDetailTest {

    private final ApiExceptionHandler handler = new ApiExceptionHandler(
            new ServerSettings(null, null, null, null, null, null, null, null, null, null, null));

    private static JsonNode json(ResponseEntity<ErrorBody> response) {
        return JsonMapper.builder().build().valueToTree(response.getBody());
    }

    @Test
    void aBadRequestCarriesDetailBesideTheRicherFields() {
        JsonNode body = json(handler.api(ApiException.invalidField("hours", "a whole number between 1 and 720", "0")));

        assertThat(body.path("detail").asString()).isEqualTo("hours must be a whole number between 1 and 720, got '0'");
        assertThat(body.path("error").asString()).isEqualTo(body.path("detail").asString());
        assertThat(body.path("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(body.path("details").path("field").asString()).isEqualTo("hours");
        assertThat(body.path("details").path("allowed").asString()).isEqualTo("a whole number between 1 and 720");
        assertThat(body.path("details").path("received").asString()).isEqualTo("0");
        assertThat(body.has("timestamp")).isTrue();
    }

    @Test
    void notFoundAndUnknownPathsCarryDetail() {
        JsonNode notFound = json(handler.api(ApiException.notFound("Circuit breaker 'x' not found")));
        JsonNode noRoute = json(handler.noResource(new NoResourceFoundException(HttpMethod.GET, "/nope", "/nope")));

        assertThat(notFound.path("detail").asString()).isEqualTo("Circuit breaker 'x' not found");
        assertThat(notFound.path("error_code").asString()).isEqualTo("NOT_FOUND");
        assertThat(noRoute.path("detail").asString()).isEqualTo("No such endpoint");
    }

    @Test
    void anUnexpectedFailureIs500WithAGenericDetailAndNoInternals() {
        ResponseEntity<ErrorBody> response = handler.unexpected(new IllegalStateException("internal detail 7f3a"));
        JsonNode body = json(response);

        assertThat(response.getStatusCode().value()).isEqualTo(500);
        assertThat(body.path("detail").asString()).isEqualTo("Internal error");
        assertThat(body.path("error_code").asString()).isEqualTo("INTERNAL_ERROR");
        assertThat(body.toString()).doesNotContain("7f3a").doesNotContain("IllegalStateException");
    }

    @Test
    void theBareStatusBodyOfTheContainerCarriesDetailToo() {
        assertThat(ErrorBody.forStatus(404).detail()).isEqualTo("Not Found");
        assertThat(ErrorBody.forStatus(500).detail()).isEqualTo("Internal Server Error");
        assertThat(ErrorBody.forStatus(400).detail()).isEqualTo("Bad Request");
    }
}
