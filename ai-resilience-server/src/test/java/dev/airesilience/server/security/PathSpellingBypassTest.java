package dev.airesilience.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.server.FastResilience;
import dev.airesilience.server.RawHttp;
import dev.airesilience.server.SharedContext;
import dev.airesilience.server.Routes;
import dev.airesilience.server.Routes.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Issue 10 item 1: the key check must see the path Spring MVC routes on. Every key-protected route (read from
 * the controllers) is sent without a key, over a raw socket so the hostile spelling is what goes on the wire:
 * encoded letters, {@code ;x=y} on each segment, {@code //}, dot segments, a trailing slash, other letter case,
 * encoded {@code /} and {@code .}, a backslash. None may answer 2xx or 5xx; each answer is the JSON error body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + SharedContext.KEY, "airesilience.server.attempt-timeout=2s"})
@Import(FastResilience.class)
class PathSpellingBypassTest {

    /** A hostile spelling of a route's path and the statuses that are correct answers to it without a key. */
    record Spelling(String kind, String target, Set<Integer> allowed) {}

    @LocalServerPort
    int port;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    private List<Route> protectedRoutes() {
        return Stream.concat(Routes.of(mappings, "/internal").stream(), Routes.of(mappings, "/v1").stream())
                .filter(route -> !Routes.isPublic(route)).toList();
    }

    /** Every hostile spelling of {@code path}; routed spellings must get 401, the others a 400 or a 404. */
    static List<Spelling> spellings(String path) {
        Set<Integer> routed = Set.of(401);
        Set<Integer> rejected = Set.of(400);
        List<Spelling> out = new ArrayList<>();
        String[] segments = path.substring(1).split("/");
        for (int i = 0; i < segments.length; i++) {
            String[] encoded = segments.clone();
            encoded[i] = String.format("%%%02x", (int) segments[i].charAt(0)) + segments[i].substring(1);
            out.add(new Spelling("encoded letter", "/" + String.join("/", encoded), routed));
            encoded[i] = String.format("%%%02X", (int) segments[i].charAt(0)) + segments[i].substring(1);
            out.add(new Spelling("encoded letter, upper-case hex", "/" + String.join("/", encoded), routed));

            String[] matrix = segments.clone();
            matrix[i] = segments[i] + ";x=y";
            out.add(new Spelling("matrix parameter", "/" + String.join("/", matrix), rejected));
            matrix[i] = segments[i] + ";";
            out.add(new Spelling("bare semicolon", "/" + String.join("/", matrix), rejected));

            String before = "/" + String.join("/", List.of(segments).subList(0, i));
            String after = String.join("/", List.of(segments).subList(i, segments.length));
            String prefix = before.equals("/") ? "" : before;
            out.add(new Spelling("double slash", prefix + "//" + after, rejected));
            out.add(new Spelling("dot segment", prefix + "/./" + after, rejected));
            out.add(new Spelling("dot-dot segment", prefix + "/x/../" + after, rejected));
            out.add(new Spelling("encoded dot segment", prefix + "/%2e/" + after, rejected));
            out.add(new Spelling("encoded dot-dot segment", prefix + "/x/%2e%2e/" + after, rejected));
            if (i > 0) {
                out.add(new Spelling("encoded slash", before + "%2F" + after, rejected));
                out.add(new Spelling("backslash", before + "\\" + after, rejected));
            }
        }
        out.add(new Spelling("all letters of the first segment encoded", "/" + encodeAll(segments[0])
                + path.substring(segments[0].length() + 1), routed));
        out.add(new Spelling("encoded letter and matrix parameter", "/%" + Integer.toHexString(segments[0].charAt(0))
                + segments[0].substring(1) + ";x=y" + path.substring(segments[0].length() + 1), rejected));
        out.add(new Spelling("trailing slash", path + "/", Set.of(401, 404)));
        out.add(new Spelling("trailing dot", path + "/.", rejected));
        out.add(new Spelling("upper-case first segment", "/" + segments[0].toUpperCase(Locale.ROOT)
                + path.substring(segments[0].length() + 1), Set.of(401, 404)));
        out.add(new Spelling("upper-case path", path.toUpperCase(Locale.ROOT), Set.of(401, 404)));
        out.add(new Spelling("query string", path + "?x=/../internal", routed));
        return out;
    }

    private static String encodeAll(String segment) {
        StringBuilder out = new StringBuilder();
        segment.chars().forEach(c -> out.append(String.format("%%%02x", c)));
        return out.toString();
    }

    @Test
    void noSpellingOfAProtectedRouteAnswers2xxWithoutAKey() {
        List<Route> routes = protectedRoutes();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(26);
        List<String> wrong = new ArrayList<>();
        int sent = 0;

        for (Route route : routes) {
            for (Spelling spelling : spellings(route.path())) {
                RawHttp.Response reply = RawHttp.send(port, route.method(), spelling.target());
                sent++;
                String what = route.method() + " " + spelling.target() + " (" + spelling.kind() + ") -> " + reply.status();
                if (!spelling.allowed().contains(reply.status())) {
                    wrong.add(what + " " + abbreviate(reply.body()));
                } else if (!isCleanJsonError(reply)) {
                    wrong.add(what + " without a clean JSON error body: " + abbreviate(reply.body()));
                }
            }
        }

        assertThat(sent).isGreaterThan(routes.size() * 20);
        assertThat(wrong).as("answers to %d hostile spellings sent without a key", sent).isEmpty();
    }

    @Test
    void withTheRightKeyTheCanonicalAndTheEncodedSpellingsReachTheController() {
        for (Route route : protectedRoutes()) {
            if (route.path().contains("benchmark")) {
                continue; // slow; its reachability is covered by HostileHttpInputTest
            }
            RawHttp.Response canonical = RawHttp.send(port, route.method(), route.path(), "X-API-Key: " + SharedContext.KEY);
            assertThat(canonical.status()).as(route + ": " + canonical.body()).isNotIn(401, 403).isLessThan(500);
        }
        // The encoded spelling that used to slip past the key check is routed to the same handler.
        RawHttp.Response encoded = RawHttp.send(port, "GET", "/%69nternal/resilience/config", "X-API-Key: " + SharedContext.KEY);
        assertThat(encoded.status()).as(encoded.body()).isEqualTo(200);
        assertThat(encoded.json().has("operation_configs")).isTrue();
    }

    @Test
    void theSpellingsFromTheIssueAreRefused() {
        assertThat(RawHttp.send(port, "GET", "/internal;x=y/resilience/config").status()).isEqualTo(400);
        assertThat(RawHttp.send(port, "GET", "/%69nternal/resilience/config").status()).isEqualTo(401);
        assertThat(RawHttp.send(port, "GET", "/internal;a=b/chaos").status()).isEqualTo(400);
        assertThat(RawHttp.send(port, "POST", "/%76%31/text/process").status()).isEqualTo(401);
        RawHttp.Response rejected = RawHttp.send(port, "GET", "/internal;x=y/resilience/config");
        assertThat(rejected.json().path("error_code").asString()).isEqualTo("REQUEST_REJECTED");
        assertThat(rejected.body()).doesNotContain(";x=y").doesNotContain("internal");
    }

    static boolean isCleanJsonError(RawHttp.Response reply) {
        if (reply.body().contains("Exception") || reply.body().contains("\tat ")) {
            return false;
        }
        try {
            return reply.json().has("error_code") && reply.json().has("error");
        } catch (RuntimeException notJson) {
            return false;
        }
    }

    private static String abbreviate(String body) {
        String flat = body.replaceAll("\\s+", " ");
        return flat.length() > 160 ? flat.substring(0, 160) + "..." : flat;
    }
}
