package dev.airesilience.server.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import dev.airesilience.server.Api;
import dev.airesilience.server.FastResilience;
import dev.airesilience.server.ResilienceServerApplication;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs the service end to end with a service API key and a provider key (sent to the simulator, which refuses
 * requests without it), captures every log line from startup to shutdown (root logger, {@code dev.airesilience}
 * at DEBUG) and every response, and fails if any key appears in either.
 */
class NoSecretsInLogsOrResponsesTest {

    static final String KEY = "svc-key-Secret-A1b2C3d4";
    static final String SECOND_KEY = "svc-key-Second-E5f6G7";
    static final String PROVIDER_KEY = "sk-provider-Secret-H8i9J0k1";
    static final String WRONG_KEY = "svc-key-Wrong-L2m3N4";
    static final List<String> SECRETS = List.of(KEY, SECOND_KEY, PROVIDER_KEY, WRONG_KEY);

    /** Attaches the appender after Spring Boot has (re)initialised Logback, so startup lines are captured too. */
    static final class Capture implements ApplicationListener<ApplicationEnvironmentPreparedEvent> {
        final ListAppender<ILoggingEvent> appender = new ListAppender<>();
        Level previous;

        @Override
        public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            appender.setContext(context);
            appender.start();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(appender);
            Logger ours = context.getLogger("dev.airesilience");
            previous = ours.getLevel();
            ours.setLevel(Level.DEBUG);
        }

        void detach() {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).detachAppender(appender);
            context.getLogger("dev.airesilience").setLevel(previous);
            appender.stop();
        }
    }

    /** Every text a log event carries: message, arguments, MDC, thread, and the whole throwable chain. */
    static List<String> texts(ILoggingEvent event) {
        List<String> texts = new ArrayList<>(List.of(event.getFormattedMessage(), event.getMessage(),
                event.getThreadName(), event.getLoggerName(), String.valueOf(event.getMDCPropertyMap())));
        if (event.getArgumentArray() != null) {
            Arrays.stream(event.getArgumentArray()).map(String::valueOf).forEach(texts::add);
        }
        throwableTexts(event.getThrowableProxy(), texts, 0);
        return texts;
    }

    private static void throwableTexts(IThrowableProxy proxy, List<String> texts, int depth) {
        if (proxy == null || depth > 20) {
            return;
        }
        texts.add(proxy.getClassName() + ": " + proxy.getMessage());
        Arrays.stream(proxy.getStackTraceElementProxyArray()).map(String::valueOf).forEach(texts::add);
        throwableTexts(proxy.getCause(), texts, depth + 1);
        for (IThrowableProxy suppressed : proxy.getSuppressed()) {
            throwableTexts(suppressed, texts, depth + 1);
        }
    }

    static List<String> leaks(String where, List<String> texts) {
        List<String> leaks = new ArrayList<>();
        for (String text : texts) {
            for (String secret : SECRETS) {
                if (text != null && text.contains(secret)) {
                    leaks.add(where + " contains key " + secret.substring(0, 8) + "...: "
                            + text.substring(0, Math.min(200, text.length())));
                }
            }
        }
        return leaks;
    }

    @Test
    void theLeakScannerFindsAKeyWhereverItIs() {
        assertThat(leaks("probe", List.of("Authorization: Bearer " + PROVIDER_KEY))).hasSize(1);
        assertThat(leaks("probe", List.of("nothing here", "svc-key-"))).isEmpty();
    }

    @Test
    void aFullEndToEndRunLeaksNoKeyIntoAnyLogLineOrResponse() {
        Capture capture = new Capture();
        List<Api.Reply> replies = new ArrayList<>();
        try {
            try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ResilienceServerApplication.class,
                    FastResilience.class)
                    .listeners(capture)
                    .registerShutdownHook(false)
                    .properties("server.port=0", "API_KEY=" + KEY, "ADDITIONAL_API_KEYS=" + SECOND_KEY,
                            "AI_API_KEY=" + PROVIDER_KEY, "airesilience.server.attempt-timeout=2s",
                            "spring.jmx.enabled=false")
                    .run()) {
                int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
                runTheFlow(new Api(port, KEY), replies);
            }
        } finally {
            capture.detach();
        }

        List<ILoggingEvent> events = new ArrayList<>(capture.appender.list);
        List<String> logTexts = events.stream().flatMap(event -> texts(event).stream()).toList();
        List<String> responseTexts = replies.stream()
                .flatMap(reply -> List.of(reply.body(), reply.raw().headers().map().toString()).stream()).toList();
        System.out.printf("Secrets scan: %d log events (%d texts), %d responses, 0 keys expected%n", events.size(),
                logTexts.size(), replies.size());

        assertThat(events).as("startup, per-retry and DEBUG lines were captured")
                .anyMatch(e -> e.getFormattedMessage().contains("API key(s) configured"))
                .anyMatch(e -> e.getLevel() == Level.WARN && e.getLoggerName().startsWith("dev.airesilience"))
                .anyMatch(e -> e.getLevel() == Level.DEBUG && e.getLoggerName().startsWith("dev.airesilience"));
        assertThat(leaks("log", logTexts)).isEmpty();
        assertThat(leaks("response", responseTexts)).isEmpty();
    }

    private static void runTheFlow(Api api, List<Api.Reply> replies) {
        Map<String, Object> text = Map.of("text", "Users love the dashboard. Login is slow.", "question", "What is slow?");
        // Successful calls: the simulator answers only because the provider key was sent.
        for (String operation : List.of("summarize", "sentiment", "key_points", "questions", "qa")) {
            Api.Reply reply = record(replies, api.post("/v1/text/process", with(text, "operation", operation)));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
            assertThat(reply.json().path("metadata").path("service_status").asString()).isEqualTo("ok");
        }
        // A 429 with Retry-After, retried.
        record(replies, api.put("/internal/chaos", Map.of("fail_next", 1, "status_mix", Map.of("429", 1),
                "retry_after_seconds", 1)));
        Api.Reply retried = record(replies, api.post("/v1/text/process", with(text, "operation", "summarize")));
        assertThat(retried.json().path("metadata").path("attempts").asInt()).isEqualTo(2);
        // An outage: retries exhausted, the breaker opens, the fallback answers.
        record(replies, api.put("/internal/chaos", Map.of("outage_seconds", 60)));
        for (int i = 0; i < 6; i++) {
            record(replies, api.post("/v1/text/process", with(text, "operation", "key_points")));
        }
        Api.Reply open = record(replies, api.post("/v1/text/process", with(text, "operation", "key_points")));
        assertThat(open.json().path("metadata").path("fallback_reason").asString()).isEqualTo("circuit_open");
        record(replies, api.post("/v1/text/process", Map.of("operation", "key_points", "text", "x",
                "options", Map.of("allow_degraded", false))));
        record(replies, api.put("/internal/chaos", Map.of("reset", true)));
        // A permanent failure at the provider: 502.
        record(replies, api.put("/internal/chaos", Map.of("fail_next", 1, "status_mix", Map.of("400", 1))));
        record(replies, api.post("/v1/text/process", with(text, "operation", "sentiment")));
        record(replies, api.post("/v1/text/batch", Map.of("requests", List.of(with(text, "operation", "sentiment"),
                with(text, "operation", "nope")))));
        // Internal API with good keys (X-API-Key, second key) and bad ones (wrong, the provider key, none).
        for (Api client : List.of(api, api.withKey(SECOND_KEY), api.withKey(WRONG_KEY), api.withKey(PROVIDER_KEY),
                api.withKey(null))) {
            for (String path : List.of("/internal/resilience/config", "/internal/resilience/metrics",
                    "/internal/resilience/circuit-breakers", "/internal/chaos", "/internal/chaos/requests?limit=1000",
                    "/internal/dashboard/data", "/internal/resilience/monitoring/export?format=csv",
                    "/internal/resilience/monitoring/alerts", "/internal/resilience/health", "/actuator/prometheus",
                    "/actuator/health")) {
                record(replies, client.get(path));
            }
        }
        assertThat(api.withKey(PROVIDER_KEY).get("/internal/resilience/metrics").status())
                .as("the provider key is not a service key").isEqualTo(401);
        // Configuration: a valid update, an invalid one, a validation.
        Api.Reply update = record(replies, api.put("/internal/resilience/config", Map.of("retry_attempts", 4)));
        assertThat(update.status()).isEqualTo(200);
        record(replies, api.put("/internal/resilience/config", "{\"retry_attempts\": 11, \"colour\": \"red\"}"));
        record(replies, api.post("/internal/resilience/config/validate", Map.of("configuration",
                Map.of("retry_attempts", 0))));
        record(replies, api.withKey(WRONG_KEY).put("/internal/resilience/config", Map.of("retry_attempts", 2)));
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> copy = new HashMap<>(base);
        copy.put(key, value);
        return copy;
    }

    private static Api.Reply record(List<Api.Reply> replies, Api.Reply reply) {
        replies.add(reply);
        return reply;
    }
}
