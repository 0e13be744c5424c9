package dev.airesilience.server.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.exception.AIExceptions;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.TransientAIException;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProviderErrorsTest {

    @Test
    void keyLikeStringsAreRedacted() {
        assertThat(ProviderErrors.redact("Incorrect API key provided: sk-proj-abc123XYZ789. See docs.", null))
                .isEqualTo("Incorrect API key provided: [REDACTED]. See docs.");
        assertThat(ProviderErrors.redact("masked sk-abc1**********************wxyz", null)).isEqualTo("masked [REDACTED]");
        assertThat(ProviderErrors.redact("header was Authorization: Bearer eyJhbGciOi.J9x-y_z", null))
                .isEqualTo("header was Authorization: Bearer [REDACTED]");
        assertThat(ProviderErrors.redact("{\"api_key\": \"short1\", \"token=abc\"}", null))
                .isEqualTo("{\"api_key\": \"[REDACTED]\", \"token=[REDACTED]\"}");
        assertThat(ProviderErrors.redact("id 0123456789abcdef0123456789abcdef here", null)).isEqualTo("id [REDACTED] here");
        assertThat(ProviderErrors.redact("the key plain-key was wrong", "plain-key")).isEqualTo("the key [REDACTED] was wrong");
    }

    @Test
    void ordinaryProviderTextSurvivesSoClassificationStillWorks() {
        String body = "{\"error\":{\"type\":\"insufficient_quota\",\"code\":\"invalid_request_error\","
                + "\"message\":\"You exceeded your current quota at 2026-11-26T03:09:24Z, max_tokens: 4096\"}}";

        assertThat(ProviderErrors.redact(body, "sk-not-in-there")).isEqualTo(body);
        assertThat(AIExceptions.fromHttpResponse(429, Map.of(), ProviderErrors.redact(body, null), Instant.now()))
                .isInstanceOf(PermanentAIException.class);
        assertThat(ProviderErrors.redact(null, "k")).isNull();
    }

    @Test
    void clientsGetTheStatusUnlessEchoingIsOn() {
        var failure = AIExceptions.fromHttpResponse(503, Map.of(), "{\"error\":\"key sk-abcdef123456 refused\"}",
                Instant.now());

        assertThat(ProviderErrors.clientReason(failure, false)).isEqualTo("AI provider answered HTTP 503");
        assertThat(ProviderErrors.clientReason(failure, true))
                .isEqualTo("AI provider answered HTTP 503: {\"error\":\"key [REDACTED] refused\"}");
        assertThat(ProviderErrors.clientReason(new TransientAIException("AI provider did not answer within 2000 ms"), false))
                .isEqualTo("AI provider did not answer within 2000 ms");
    }
}
