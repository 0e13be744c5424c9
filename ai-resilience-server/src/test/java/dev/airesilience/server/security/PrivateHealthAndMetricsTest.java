package dev.airesilience.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.server.Api;
import dev.airesilience.server.FastResilience;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** Issue 10 item 25: {@code public-health=false} and {@code public-metrics=false} put both behind the API key. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + PrivateHealthAndMetricsTest.KEY, "airesilience.server.public-health=false",
        "airesilience.server.public-metrics=false"})
@Import(FastResilience.class)
class PrivateHealthAndMetricsTest {

    static final String KEY = "private-health-key-3Fw8";

    @LocalServerPort
    int port;

    @Test
    void healthAndPrometheusAnswer401WithoutAKeyAndInFullWithOne() {
        Api anonymous = new Api(port, null);
        Api keyed = new Api(port, KEY);

        for (String path : new String[] {"/actuator/health", "/actuator/health/liveness", "/actuator/prometheus"}) {
            Api.Reply refused = anonymous.get(path);
            assertThat(refused.status()).as(path).isEqualTo(401);
            assertThat(refused.json().path("error_code").asString()).isEqualTo("AUTHENTICATION_ERROR");
            assertThat(keyed.get(path).status()).as(path).isEqualTo(200);
        }
        assertThat(keyed.get("/actuator/health").json().has("components")).isTrue();
        assertThat(keyed.get("/actuator/prometheus").body()).contains("# TYPE jvm_")
                .as("Spring Security's per-request observations are off").doesNotContain("spring_security_");
        assertThat(anonymous.get("/internal/resilience/health").status()).as("the service's own health stays open")
                .isEqualTo(200);
    }
}
