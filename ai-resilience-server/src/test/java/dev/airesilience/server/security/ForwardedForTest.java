package dev.airesilience.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.server.FastResilience;
import dev.airesilience.server.RawHttp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * The no-key rule decides on the client's own address. On a cloud platform (Kubernetes sets
 * {@code KUBERNETES_SERVICE_HOST}) Spring Boot would otherwise trust {@code X-Forwarded-For} from any private
 * address, so a pod could claim to be 127.0.0.1. Here the platform is forced to Kubernetes and a loopback client
 * claims a remote address: the claim must change nothing, in either direction.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.main.cloud-platform=kubernetes")
@Import(FastResilience.class)
class ForwardedForTest {

    @LocalServerPort
    int port;

    @Test
    void xForwardedForDoesNotDecideWhoIsALoopbackClient() {
        RawHttp.Response claimedRemote = RawHttp.send(port, "GET", "/internal/resilience/config",
                "X-Forwarded-For: 203.0.113.7");
        RawHttp.Response forwardedHeader = RawHttp.send(port, "GET", "/internal/resilience/config",
                "Forwarded: for=203.0.113.7");

        assertThat(claimedRemote.status()).as(claimedRemote.body()).isEqualTo(200);
        assertThat(forwardedHeader.status()).as(forwardedHeader.body()).isEqualTo(200);
    }
}
