package dev.airesilience.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.server.FastResilience;
import dev.airesilience.server.RawHttp;
import dev.airesilience.server.SharedContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * Issue 10 item 26: {@code GET /error} answered 500 with Boot's body ({@code "status": 999}). It is now a 404 with
 * the service's JSON error body, and errors the container forwards there keep their own status. Declares the
 * {@link SharedContext} configuration.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + SharedContext.KEY, "airesilience.server.attempt-timeout=2s"})
@Import(FastResilience.class)
class ErrorPathTest {

    @LocalServerPort
    int port;

    @Test
    void requestingTheErrorPathIsA404WithTheJsonErrorBody() {
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE"}) {
            RawHttp.Response reply = RawHttp.send(port, method, "/error");

            assertThat(reply.status()).as(method + " /error: " + reply.body()).isEqualTo(404);
            assertThat(reply.headers().get("content-type")).startsWith("application/json");
            assertThat(reply.json().path("error_code").asString()).isEqualTo("NOT_FOUND");
            assertThat(reply.json().path("error").asString()).isEqualTo("No such endpoint");
            assertThat(reply.json().has("status")).as("Boot's error body").isFalse();
        }
        assertThat(RawHttp.send(port, "GET", "/error", "X-API-Key: " + SharedContext.KEY).status()).isEqualTo(404);
    }

    @Test
    void anErrorTheContainerForwardsKeepsItsStatus() {
        MockHttpServletRequest forwarded = new MockHttpServletRequest("POST", "/error");
        forwarded.setDispatcherType(DispatcherType.ERROR);
        forwarded.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, 413);

        ResponseEntity<ErrorBody> reply = new ErrorEndpoint().error(forwarded);

        assertThat(reply.getStatusCode().value()).isEqualTo(413);
        assertThat(reply.getBody().errorCode()).isEqualTo("REQUEST_TOO_LARGE");
        assertThat(reply.getBody().error()).isEqualTo("Content Too Large");
    }
}
