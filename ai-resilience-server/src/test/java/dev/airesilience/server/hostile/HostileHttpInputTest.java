package dev.airesilience.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.server.Api;
import dev.airesilience.server.FastResilience;
import dev.airesilience.server.RawHttp;
import dev.airesilience.server.Routes;
import dev.airesilience.server.Routes.Route;
import dev.airesilience.server.simulator.SimulatedProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Hostile HTTP input against the service on a real port: every internal route (enumerated from the controllers,
 * so a new endpoint is covered without editing this test) refuses missing and wrong keys without echoing key
 * material; oversized bodies, malformed JSON and unknown operations get clear 4xx answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + HostileHttpInputTest.KEY, "ADDITIONAL_API_KEYS=" + HostileHttpInputTest.SECOND_KEY,
        "airesilience.server.max-body-bytes=" + HostileHttpInputTest.MAX_BODY,
        "airesilience.server.attempt-timeout=2s", "airesilience.server.body-read-timeout=1s"})
@Import(FastResilience.class)
class HostileHttpInputTest {

    static final String KEY = "hostile-primary-key-7Qx2";
    static final String SECOND_KEY = "hostile-second-key-Zp9w";
    static final String WRONG_KEY = "wrong-key-sent-by-attacker-4Kd1";
    static final int MAX_BODY = 16_384;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Autowired
    SimulatedProvider simulator;

    Api api;

    @BeforeEach
    void calm() {
        api = new Api(port, KEY);
        assertThat(api.put("/internal/chaos", Map.of("reset", true)).status()).isEqualTo(200);
    }

    private List<Route> routes(String prefix) {
        return Routes.of(mappings, prefix);
    }

    private Api.Reply send(Route route, String body, String... headers) {
        return send(route.method(), route.path(), body, headers);
    }

    private Api.Reply send(String method, String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Api.Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void assertNoKeyMaterial(Api.Reply reply, String what) {
        String headers = reply.raw().headers().map().toString();
        for (String secret : List.of(KEY, SECOND_KEY, WRONG_KEY)) {
            assertThat(reply.body()).as(what + " body").doesNotContain(secret);
            assertThat(headers).as(what + " headers").doesNotContain(secret);
        }
    }

    private static void assertCleanError(Api.Reply reply, String what) {
        assertThat(reply.body()).as(what).doesNotContain("Exception").doesNotContain("\tat ")
                .doesNotContain("at dev.airesilience").doesNotContain("at org.springframework");
        assertThat(reply.json().has("error_code")).as(what + ": " + reply.body()).isTrue();
    }

    @Test
    void theControllersExposeEveryInternalRouteTheReadmeLists() {
        List<String> internal = routes("/internal").stream().map(Route::toString).toList();

        assertThat(internal).contains("GET /internal/resilience/health", "GET /internal/resilience/config",
                "PUT /internal/resilience/config", "POST /internal/resilience/config/validate",
                "GET /internal/resilience/metrics", "GET /internal/resilience/metrics/probe",
                "POST /internal/resilience/metrics/reset", "GET /internal/resilience/circuit-breakers",
                "GET /internal/resilience/circuit-breakers/probe", "POST /internal/resilience/circuit-breakers/probe/reset",
                "GET /internal/resilience/config/presets", "GET /internal/resilience/config/presets/probe",
                "GET /internal/resilience/config/recommend-preset/probe", "GET /internal/resilience/config/templates",
                "GET /internal/resilience/config/templates/probe", "GET /internal/resilience/monitoring/usage-statistics",
                "GET /internal/resilience/monitoring/alerts", "GET /internal/resilience/monitoring/export",
                "GET /internal/resilience/performance/benchmark", "POST /internal/resilience/performance/benchmark",
                "GET /internal/resilience/performance/thresholds", "GET /internal/chaos", "PUT /internal/chaos",
                "GET /internal/chaos/requests", "GET /internal/dashboard/data", "GET /internal/resilience/dashboard",
                "GET /internal/resilience/config/presets-summary", "GET /internal/resilience/config/recommend-preset-auto",
                "POST /internal/resilience/config/validate-template", "POST /internal/resilience/config/recommend-template",
                "POST /internal/resilience/config/validate-json", "GET /internal/resilience/monitoring/preset-trends/probe",
                "GET /internal/resilience/monitoring/performance-metrics", "GET /internal/resilience/monitoring/session/probe",
                "POST /internal/resilience/monitoring/cleanup", "GET /internal/resilience/performance/report",
                "GET /internal/resilience/performance/history");
    }

    @Test
    void everyProtectedRouteAnswers401ToMissingAndWrongKeysWithoutEchoingAnyKey() {
        List<Route> protectedRoutes = Stream.concat(routes("/internal").stream(), routes("/v1").stream())
                .filter(route -> !Routes.isPublic(route)).toList();
        assertThat(protectedRoutes).hasSizeGreaterThanOrEqualTo(26);
        long providerRequestsBefore = simulator.totalRequests();

        int checked = 0;
        for (Route route : protectedRoutes) {
            String body = route.takesBody() ? "{\"operation\":\"summarize\",\"text\":\"" + KEY + "\"}" : null;
            Map<String, Api.Reply> replies = Map.of(
                    "no key", send(route, body),
                    "wrong Bearer", send(route, body, "Authorization", "Bearer " + WRONG_KEY),
                    "wrong X-API-Key", send(route, body, "X-API-Key", WRONG_KEY),
                    "Basic scheme with a real key", send(route, body, "Authorization", "Basic " + KEY),
                    "empty Bearer", send(route, body, "Authorization", "Bearer "),
                    "a key with a suffix", send(route, body, "X-API-Key", KEY + "x"));
            for (Map.Entry<String, Api.Reply> entry : replies.entrySet()) {
                String what = route + " with " + entry.getKey();
                Api.Reply reply = entry.getValue();
                assertThat(reply.status()).as(what).isEqualTo(401);
                assertThat(reply.json().path("error_code").asString()).as(what).isEqualTo("AUTHENTICATION_ERROR");
                assertThat(reply.raw().headers().firstValue("WWW-Authenticate")).as(what).hasValue("Bearer");
                assertNoKeyMaterial(reply, what);
                assertCleanError(reply, what);
                checked++;
            }
        }

        assertThat(checked).isEqualTo(protectedRoutes.size() * 6);
        assertThat(simulator.totalRequests()).as("rejected calls never reach the provider").isEqualTo(providerRequestsBefore);
    }

    @Test
    void everyProtectedRouteIsReachableWithAValidKeySoThe401sAboveComeFromTheKeyCheck() {
        for (Route route : routes("/internal")) {
            if (route.path().contains("benchmark") || Routes.isPublic(route)) {
                continue; // the benchmark is exercised by its own tests; public routes need no key
            }
            String body = route.takesBody() ? "{}" : null;
            Api.Reply bearer = send(route, body, "Authorization", "Bearer " + KEY);
            Api.Reply header = send(route, body, "X-API-Key", SECOND_KEY);

            assertThat(bearer.status()).as(route + " with Bearer " + bearer.body()).isNotEqualTo(401).isLessThan(500);
            assertThat(header.status()).as(route + " with X-API-Key").isNotEqualTo(401).isLessThan(500);
            assertNoKeyMaterial(bearer, route.toString());
        }
    }

    @Test
    void healthStaysOpenWithoutAKeyAndWithAWrongOne() {
        assertThat(send("GET", "/internal/resilience/health", null).status()).isEqualTo(200);
        assertThat(send("GET", "/internal/resilience/health", null, "X-API-Key", WRONG_KEY).status()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health", null).status()).isEqualTo(200);
        Api.Reply health = send("GET", "/internal/resilience/health", null, "Authorization", "Bearer " + WRONG_KEY);
        assertThat(health.status()).isEqualTo(200);
        assertNoKeyMaterial(health, "health");
    }

    @Test
    void oversizedBodiesAre413OnEveryRouteThatReadsABody() {
        List<Route> withBody = Stream.concat(routes("/internal").stream(), routes("/v1").stream())
                .filter(Route::takesBody).toList();
        assertThat(withBody).extracting(Route::toString).contains("PUT /internal/resilience/config",
                "POST /internal/resilience/config/validate", "PUT /internal/chaos",
                "POST /internal/resilience/performance/benchmark", "POST /v1/text/process", "POST /v1/text/batch");
        String huge = "{\"configuration\":{\"retry_attempts\":3},\"pad\":\"" + "x".repeat(MAX_BODY) + "\"}";
        String configBefore = api.get("/internal/resilience/config").body();

        for (Route route : withBody) {
            Api.Reply reply = send(route, huge, "X-API-Key", KEY);

            assertThat(reply.status()).as(route.toString()).isEqualTo(413);
            assertThat(reply.json().path("error_code").asString()).isEqualTo("REQUEST_TOO_LARGE");
            assertThat(reply.json().path("error").asString()).contains(Integer.toString(MAX_BODY));
            assertCleanError(reply, route.toString());
        }
        assertThat(api.get("/internal/resilience/config").body()).isEqualTo(configBefore);
    }

    @Test
    void aChunkedBodyWithoutADeclaredLengthIs413() throws Exception {
        byte[] chunk = "{\"retry_attempts\": 4}".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/internal/resilience/config"))
                .header("Content-Type", "application/json").header("X-API-Key", KEY)
                // A publisher of unknown length makes the client send Transfer-Encoding: chunked.
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofByteArray(chunk)))
                .build();

        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(api.get("/internal/resilience/config").json().path("resolved").toString())
                .doesNotContain("\"retry_attempts\":{\"value\":4");
    }

    @Test
    void malformedJsonIs400OnEveryRouteThatReadsABodyAndChangesNothing() {
        List<Route> withBody = Stream.concat(routes("/internal").stream(), routes("/v1").stream())
                .filter(Route::takesBody).toList();
        String configBefore = api.get("/internal/resilience/config").body();
        String chaosBefore = api.get("/internal/chaos").json().path("settings").toString();

        for (String malformed : List.of("{\"operation\": ", "not json at all", "{\"a\":1}}", "[1,2", "{'single':'quotes'}",
                "\u0000\u0001\u0002")) {
            for (Route route : withBody) {
                Api.Reply reply = send(route, malformed, "X-API-Key", KEY);

                String what = route + " with " + malformed.replaceAll("\\p{Cntrl}", "?");
                assertThat(reply.status()).as(what + ": " + reply.body()).isEqualTo(400);
                assertThat(reply.json().path("error_code").asString()).as(what).isEqualTo("VALIDATION_ERROR");
                assertCleanError(reply, what);
            }
        }
        assertThat(api.get("/internal/resilience/config").body()).isEqualTo(configBefore);
        assertThat(api.get("/internal/chaos").json().path("settings").toString()).isEqualTo(chaosBefore);
    }

    @Test
    void unknownOperationsAre400WithTheAcceptedNamesAndNeverReachTheProvider() {
        long before = simulator.totalRequests();
        List<String> hostileNames = List.of("translate", "", " ", "summarise", "summarize_text", "../../etc/passwd",
                "sum\u0000marize", "summarize\r\nX-Evil: 1", "<script>alert(1)</script>", "x".repeat(5_000));

        for (String name : hostileNames) {
            Api.Reply reply = api.post("/v1/text/process", Map.of("operation", name, "text", "Some text."));

            String what = "operation of " + name.length() + " characters";
            assertThat(reply.status()).as(what + ": " + reply.body()).isEqualTo(400);
            assertThat(reply.json().path("error_code").asString()).isEqualTo("VALIDATION_ERROR");
            assertThat(reply.json().path("error").asString()).as(what).contains("summarize, sentiment");
            assertThat(reply.raw().headers().map().keySet()).as(what).noneMatch(h -> h.equalsIgnoreCase("X-Evil"));
            assertCleanError(reply, what);
        }
        Api.Reply missing = api.post("/v1/text/process", Map.of("text", "Some text."));
        Api.Reply wrongType = api.post("/v1/text/process", Map.of("operation", 42, "text", "Some text."));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(simulator.totalRequests()).isEqualTo(before);
    }

    @Test
    void aBatchItemWithAnUnknownOperationIsReportedAsThatItemsErrorWithoutCallingTheProviderForIt() {
        Api.Reply reply = api.post("/v1/text/batch", Map.of("requests", List.of(
                Map.of("operation", "translate", "text", "Some text."),
                Map.of("operation", "sentiment", "text", "I love it"))));

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("results").get(0).path("error").asString()).contains("'translate'");
        assertThat(reply.json().path("results").get(1).path("response").path("result").path("sentiment").asString())
                .isEqualTo("positive");
        assertThat(simulator.requests()).extracting(r -> r.task()).doesNotContain("translate");
    }

    /** Issue 10 item 6: a body that trickles in is cut off at {@code body-read-timeout}, not held for minutes. */
    @Test
    void aBodyThatDoesNotArriveWithinTheDeadlineIs408AndTheConnectionCloses() throws IOException {
        long providerRequestsBefore = simulator.totalRequests();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            long start = System.nanoTime();
            socket.getOutputStream().write(("POST /v1/text/process HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                    + "application/json\r\nContent-Length: 100\r\nX-API-Key: " + KEY + "\r\n\r\n{")
                    .getBytes(StandardCharsets.ISO_8859_1));

            RawHttp.Response reply = RawHttp.read(socket.getInputStream());
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertThat(reply.status()).as(reply.body()).isEqualTo(408);
            assertThat(reply.json().path("error_code").asString()).isEqualTo("REQUEST_TIMEOUT");
            assertThat(millis).as("the 1 s deadline, checked by Tomcat about once a second").isBetween(1_000L, 5_000L);
            assertThat(socket.getInputStream().read()).as("the connection is closed").isEqualTo(-1);
        }
        assertThat(simulator.totalRequests()).as("nothing reached the provider").isEqualTo(providerRequestsBefore);
    }

    /** A body that arrives in pieces is read without a thread and then handled as if it had come at once. */
    @Test
    void aBodyThatTricklesInWithinTheDeadlineIsHandledNormally() throws Exception {
        RawHttp.Response text = trickle("POST", "/v1/text/process", "{\"operation\":\"sentiment\",\"text\":\"I love it\"}");
        RawHttp.Response config = trickle("PUT", "/internal/resilience/config", "{\"retry_attempts\": 3}");

        assertThat(text.status()).as(text.body()).isEqualTo(200);
        assertThat(text.json().path("result").path("sentiment").asString()).isEqualTo("positive");
        assertThat(config.status()).as(config.body()).isEqualTo(200);
        assertThat(config.json().path("persisted").asBoolean(true)).isFalse();
    }

    /** Sends the headers, then the body four bytes at a time, 20 ms apart (well inside the 1 s deadline). */
    private RawHttp.Response trickle(String method, String path, String body) throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                    + "application/json\r\nContent-Length: " + bytes.length + "\r\nX-API-Key: " + KEY
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (int i = 0; i < bytes.length; i += 4) {
                socket.getOutputStream().write(bytes, i, Math.min(4, bytes.length - i));
                socket.getOutputStream().flush();
                Thread.sleep(20); // the pace of the trickle, not a wait for an outcome
            }
            return RawHttp.read(socket.getInputStream());
        }
    }

    @Test
    void aWrongContentTypeIs415AndAnUnknownMethodIs405WithoutAStackTrace() {
        Api.Reply form = send("PUT", "/internal/chaos", "reset=true", "X-API-Key", KEY, "Content-Type", "text/plain");
        Api.Reply delete = send("DELETE", "/internal/resilience/config", null, "X-API-Key", KEY);

        assertThat(form.status()).isIn(400, 415);
        assertThat(delete.status()).isEqualTo(405);
        assertCleanError(form, "text/plain body");
        assertCleanError(delete, "DELETE");
    }

}
