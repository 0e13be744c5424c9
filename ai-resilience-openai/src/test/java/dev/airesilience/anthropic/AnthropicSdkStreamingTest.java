package dev.airesilience.anthropic;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.TextDelta;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.adapter.testkit.SdkStreamingContract;
import dev.airesilience.adapter.testkit.StreamRecorder;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Anthropic SDK's {@code messages().createStreaming(...)} through {@code ResilientClient.stream}. */
class AnthropicSdkStreamingTest extends SdkStreamingContract<RawMessageStreamEvent> {

    private static AnthropicClient client;

    private final MessageCreateParams params = MessageCreateParams.builder()
            .model("claude-test").maxTokens(64).addUserMessage("Say hello").build();

    @BeforeAll
    static void startClient() {
        client = AnthropicClients.withoutRetries(
                AnthropicOkHttpClient.builder().baseUrl(provider.baseUrl()).apiKey("test-key").build());
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    @Override
    protected void stream(AIServiceResilience resilience, StreamRecorder<RawMessageStreamEvent> subscriber) {
        AnthropicClients.resilient(client, resilience, OPERATION)
                .stream(c -> c.async().messages().createStreaming(params), subscriber);
    }

    @Override
    protected String text(List<RawMessageStreamEvent> events) {
        return events.stream().flatMap(event -> event.contentBlockDelta().stream())
                .flatMap(delta -> delta.delta().text().stream()).map(TextDelta::text).collect(Collectors.joining());
    }

    @Override
    protected int eventsBeforeText() {
        return 2; // message_start, content_block_start
    }
}
