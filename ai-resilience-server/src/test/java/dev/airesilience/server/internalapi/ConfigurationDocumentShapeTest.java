package dev.airesilience.server.internalapi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.server.Api;
import dev.airesilience.server.FastResilience;
import dev.airesilience.server.SharedContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * One shape for a configuration document: the bare document everywhere, the seed's {@code {configuration: {...}}}
 * also where the seed takes it (validate), and one error body. Declares the {@link SharedContext} configuration.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + SharedContext.KEY, "airesilience.server.attempt-timeout=2s"})
@Import(FastResilience.class)
class ConfigurationDocumentShapeTest {

    private static final Map<String, Object> INVALID = Map.of("retry_attempts", 21, "colour", "red");

    @LocalServerPort
    int port;

    private Api api() {
        return new Api(port, SharedContext.KEY);
    }

    @Test
    void validateAnswersTheSameForTheBareAndTheWrappedDocument() {
        for (Map<String, Object> document : List.of(INVALID, Map.<String, Object>of("retry_attempts", 4))) {
            Api.Reply bare = api().post("/internal/resilience/config/validate", document);
            Api.Reply wrapped = api().post("/internal/resilience/config/validate", Map.of("configuration", document));
            assertThat(bare.status()).as(bare.body()).isEqualTo(200);
            assertThat(wrapped.status()).as(wrapped.body()).isEqualTo(200);
            assertThat(bare.json()).isEqualTo(wrapped.json());
        }
        assertThat(api().post("/internal/resilience/config/validate", INVALID).json().path("is_valid").asBoolean()).isFalse();
    }

    @Test
    void theDocumentValidateAcceptsIsTheOnePutApplies() {
        Map<String, Object> document = Map.of("circuit_breaker_threshold", 6);
        assertThat(api().post("/internal/resilience/config/validate", document).json().path("is_valid").asBoolean()).isTrue();
        Api.Reply applied = api().put("/internal/resilience/config", document);
        assertThat(applied.status()).as(applied.body()).isEqualTo(200);
        assertThat(applied.json().path("configuration").path("resolved").path("values").path("circuit_breaker_threshold")
                .asInt()).isEqualTo(6);
    }

    @Test
    void aRejectedUpdateListsTheSameProblemsAsValidateInTheCommonErrorBody() {
        JsonNode validation = api().post("/internal/resilience/config/validate", INVALID).json();
        Api.Reply rejected = api().put("/internal/resilience/config", INVALID);

        assertThat(rejected.status()).isEqualTo(400);
        JsonNode body = rejected.json();
        assertThat(body.propertyNames()).containsExactly("detail", "error", "error_code", "details", "timestamp");
        assertThat(body.path("error_code").asString()).isEqualTo("VALIDATION_ERROR");
        assertThat(body.path("details").path("problems")).isEqualTo(validation.path("problems"));
        assertThat(body.path("details").path("problems").findValuesAsString("path"))
                .containsExactlyInAnyOrder("$.retry_attempts", "$.colour");
    }

    @Test
    void aWrapperWhoseConfigurationIsNotAnObjectIsAnErrorInTheCommonBody() {
        Api.Reply reply = api().post("/internal/resilience/config/validate", Map.of("configuration", "retry_attempts=4"));

        assertThat(reply.status()).isEqualTo(400);
        assertThat(reply.json().propertyNames()).containsExactly("detail", "error", "error_code", "details", "timestamp");
        assertThat(reply.json().path("error").asString()).contains("configuration");
    }
}
