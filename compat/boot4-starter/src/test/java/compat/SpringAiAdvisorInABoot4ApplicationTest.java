package compat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.exception.ServiceUnavailableException;
import dev.airesilience.springai.ResilienceAdvisor;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;

/** The Spring AI adapter in a Spring Boot 4 application: its advisor is auto-configured and retries a chat call. */
@SpringBootTest(classes = SpringAiAdvisorInABoot4ApplicationTest.App.class, properties = {
        "ai.resilience.preset=simple", "ai.resilience.custom-config={\"retry_attempts\": 3, \"exponential_min\": 0.5, \"exponential_max\": 5, \"jitter_enabled\": false}"})
class SpringAiAdvisorInABoot4ApplicationTest {

    @SpringBootApplication
    static class App {}

    @Autowired
    ResilienceAdvisor advisor;

    @Autowired
    AIServiceResilience resilience;

    @Test
    void theAdvisorRetriesAnOverloadedModel() {
        AtomicInteger requests = new AtomicInteger();
        ChatModel overloadedOnce = prompt -> {
            if (requests.incrementAndGet() == 1) {
                throw new ServiceUnavailableException("503 overloaded");
            }
            return new ChatResponse(List.of(new Generation(AssistantMessage.builder().content("hello").build())));
        };
        ChatClient client = ChatClient.builder(overloadedOnce).defaultAdvisors(advisor).build();

        assertThat(client.prompt("hi").call().content()).isEqualTo("hello");
        assertThat(requests).hasValue(2);
        assertThat(resilience.getMetrics("chat").retryAttempts()).isEqualTo(1);
    }
}
