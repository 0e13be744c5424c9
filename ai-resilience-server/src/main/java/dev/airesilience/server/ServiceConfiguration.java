package dev.airesilience.server;

import dev.airesilience.server.config.ServerSettings;
import dev.airesilience.server.llm.ChatClient;
import dev.airesilience.server.llm.OpenAiChatClient;
import dev.airesilience.server.simulator.ChaosSettings;
import dev.airesilience.server.simulator.SimulatedProvider;
import dev.airesilience.server.web.JsonErrorReportValve;
import dev.airesilience.server.web.RequestBodyFilter;
import java.net.URI;
import java.time.Duration;
import org.apache.catalina.Valve;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.ObjectMapper;

/** Wires the provider (simulated or real) and the request filters; the API keys live in SecurityConfiguration. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ServerSettings.class)
public class ServiceConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceConfiguration.class);

    /** The embedded provider, started only when no real one is configured with {@code AI_BASE_URL}. */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${AI_BASE_URL:}'.isBlank()")
    public SimulatedProvider simulatedProvider(ServerSettings settings, Environment environment) {
        ServerSettings.Chaos chaos = settings.chaos();
        ChaosSettings calm = ChaosSettings.CALM;
        ChaosSettings initial = new ChaosSettings(
                chaos.errorRate() == null ? calm.errorRate() : chaos.errorRate(), calm.statusMix(),
                chaos.retryAfterSeconds() == null ? calm.retryAfterSeconds() : chaos.retryAfterSeconds(),
                chaos.latencyMs() == null ? calm.latencyMs() : chaos.latencyMs(),
                chaos.requestsPerSecond() == null ? calm.requestsPerSecond() : chaos.requestsPerSecond(), 0);
        if (!initial.problems().isEmpty()) {
            throw new IllegalArgumentException("airesilience.server.chaos: " + String.join("; ", initial.problems()));
        }
        // With AI_API_KEY set, the simulator checks it like a real provider would (tests of key handling).
        return new SimulatedProvider(initial, chaos.seed() == null ? 42L : chaos.seed(),
                environment.getProperty("AI_API_KEY"));
    }

    @Bean
    public ChatClient chatClient(Environment environment, ObjectProvider<SimulatedProvider> simulator,
            ServerSettings settings) {
        String baseUrl = environment.getProperty("AI_BASE_URL", "");
        Duration connectTimeout = Duration.ofSeconds(5);
        ChatClient client;
        // AI_FALLBACK_MODEL: the model summarize fails over to (a route of two targets); the simulated provider has
        // one by default, a real provider none unless it is set ("" switches it off).
        if (baseUrl.isBlank()) {
            client = new OpenAiChatClient(simulator.getObject().baseUrl(), environment.getProperty("AI_API_KEY"),
                    environment.getProperty("AI_MODEL", "simulated-gpt"),
                    environment.getProperty("AI_FALLBACK_MODEL", "simulated-gpt-mini"), connectTimeout,
                    settings.attemptTimeout());
        } else {
            client = new OpenAiChatClient(URI.create(baseUrl), environment.getProperty("AI_API_KEY"),
                    environment.getProperty("AI_MODEL", "gpt-4o-mini"), environment.getProperty("AI_FALLBACK_MODEL"),
                    connectTimeout, settings.attemptTimeout());
        }
        LOG.info("LLM client: {}", client);
        return client;
    }

    /** After the security chain (order -100), so the bodies of refused requests are never read. */
    @Bean
    public FilterRegistrationBean<RequestBodyFilter> requestBodyFilter(ServerSettings settings, ObjectMapper json) {
        FilterRegistrationBean<RequestBodyFilter> registration = new FilterRegistrationBean<>(
                new RequestBodyFilter(settings.maxBodyBytes(), settings.bodyReadTimeout(), json));
        registration.setOrder(0);
        return registration;
    }

    /** Errors Tomcat answers itself (before any filter) get the JSON error body too, not Boot's HTML valve. */
    @Bean
    public WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReports(ObjectMapper json) {
        return factory -> factory.addContextCustomizers(context -> {
            StandardHost host = (StandardHost) context.getParent();
            for (Valve valve : host.getPipeline().getValves()) {
                if (valve instanceof ErrorReportValve) {
                    host.getPipeline().removeValve(valve);
                }
            }
            host.getPipeline().addValve(new JsonErrorReportValve(json));
            // The host adds a valve of this class at start unless the pipeline already holds one.
            host.setErrorReportValveClass(JsonErrorReportValve.class.getName());
        });
    }
}
