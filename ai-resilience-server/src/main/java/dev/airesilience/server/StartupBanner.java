package dev.airesilience.server;

import dev.airesilience.server.llm.ChatClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/** Prints where everything is once the server listens. */
@Component
class StartupBanner {

    private static final Logger LOG = LoggerFactory.getLogger(StartupBanner.class);

    private final ChatClient client;

    StartupBanner(ChatClient client) {
        this.client = client;
    }

    @EventListener
    void ready(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web)) {
            return;
        }
        String address = event.getApplicationContext().getEnvironment().getProperty("server.address", "localhost");
        String host = address.contains(":") ? "[" + address + "]" : address;
        String base = "http://" + host + ":" + web.getWebServer().getPort();
        LOG.info("""

                  AI resilience service is up (model: {})
                    Text API    POST {}/v1/text/process   POST {}/v1/text/batch
                    Dashboard   {}/dashboard
                    Internal    {}/internal/resilience/health   (chaos: {}/internal/chaos)
                    Prometheus  {}/actuator/prometheus
                """, client.model(), base, base, base, base, base, base);
    }
}
