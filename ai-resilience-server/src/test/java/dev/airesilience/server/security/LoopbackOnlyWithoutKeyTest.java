package dev.airesilience.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.server.FastResilience;
import dev.airesilience.server.Routes;
import dev.airesilience.server.Routes.Route;
import dev.airesilience.server.security.PathSpellingBypassTest.Spelling;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpMethod;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * Issue 10 item 1, the no-key rule: while no API key is configured, internal routes answer loopback clients only.
 * A real socket here is always loopback, so requests come through MockMvc (servlet filters applied) with a
 * documentation-range remote address, in every hostile spelling of every internal route.
 */
@SpringBootTest
@AutoConfigureMockMvc
@Import(FastResilience.class)
class LoopbackOnlyWithoutKeyTest {

    static final String REMOTE = "203.0.113.7";

    @Autowired
    MockMvc mvc;

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    /** Sends without a body (the rule does not look at one); an async handler's answer is awaited. */
    private MockHttpServletResponse send(String method, String target, String remoteAddress) throws Exception {
        MvcResult result = mvc.perform(MockMvcRequestBuilders.request(HttpMethod.valueOf(method),
                URI.create("http://localhost" + target)).contentType("application/json").with(request -> {
                    request.setRemoteAddr(remoteAddress);
                    return request;
                })).andReturn();
        if (result.getRequest().isAsyncStarted()) {
            result = mvc.perform(MockMvcRequestBuilders.asyncDispatch(result)).andReturn();
        }
        return result.getResponse();
    }

    private List<Route> internalRoutes() {
        return Routes.of(mappings, "/internal").stream()
                .filter(route -> !Routes.isPublic(route)).toList();
    }

    @Test
    void aRemoteClientGets403OnEveryInternalRouteInEverySpelling() throws Exception {
        List<String> wrong = new ArrayList<>();
        int sent = 0;
        for (Route route : internalRoutes()) {
            List<Spelling> spellings = new ArrayList<>(PathSpellingBypassTest.spellings(route.path()));
            spellings.add(new Spelling("canonical", route.path(), Set.of(401)));
            for (Spelling spelling : spellings) {
                if (spelling.target().contains("\\")) {
                    continue; // java.net.URI cannot carry it; the raw-socket test covers it
                }
                MockHttpServletResponse reply = send(route.method(), spelling.target(), REMOTE);
                sent++;
                // Where a key would be asked for (401), a remote client without keys configured gets 403.
                Set<Integer> allowed = spelling.allowed().stream().map(status -> status == 401 ? 403 : status)
                        .collect(Collectors.toSet());
                if (!allowed.contains(reply.getStatus())) {
                    wrong.add(route.method() + " " + spelling.target() + " (" + spelling.kind() + ") -> "
                            + reply.getStatus() + " " + reply.getContentAsString());
                }
            }
        }
        assertThat(sent).isGreaterThan(500);
        assertThat(wrong).as("answers to a remote client without a key").isEmpty();
    }

    @Test
    void theRefusalIsTheJsonErrorBodyAndLoopbackClientsStillGetIn() throws Exception {
        MockHttpServletResponse remote = send("GET", "/%69nternal/resilience/config", REMOTE);
        MockHttpServletResponse local = send("GET", "/%69nternal/resilience/config", "127.0.0.1");
        MockHttpServletResponse localIpv6 = send("GET", "/internal/resilience/config", "0:0:0:0:0:0:0:1");

        assertThat(remote.getStatus()).isEqualTo(403);
        assertThat(JsonMapper.builder().build().readTree(remote.getContentAsString()).path("error_code").asString())
                .isEqualTo("AUTHORIZATION_ERROR");
        assertThat(local.getStatus()).isEqualTo(200);
        assertThat(localIpv6.getStatus()).isEqualTo(200);
    }

    @Test
    void aRemoteClientStillReachesHealthTheTextApiAndTheDashboard() throws Exception {
        assertThat(send("GET", "/internal/resilience/health", REMOTE).getStatus()).isEqualTo(200);
        assertThat(send("GET", "/dashboard", REMOTE).getStatus()).isEqualTo(200);
        assertThat(send("GET", "/actuator/health", REMOTE).getStatus()).isEqualTo(200);
        assertThat(send("POST", "/v1/text/process", REMOTE).getStatus()).as("open without keys").isEqualTo(400);
    }
}
