package dev.airesilience.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.adapter.testkit.SdkStreamingContract;
import dev.airesilience.adapter.testkit.StreamRecorder;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The OpenAI SDK's {@code chat().completions().createStreaming(...)} through {@link ResilientClient#stream}. */
class OpenAiSdkStreamingTest extends SdkStreamingContract<ChatCompletionChunk> {

    private static OpenAIClient client;

    private final ChatCompletionCreateParams params = ChatCompletionCreateParams.builder()
            .model("gpt-test").addUserMessage("Say hello").build();

    @BeforeAll
    static void startClient() {
        client = OpenAiClients.withoutRetries(
                OpenAIOkHttpClient.builder().baseUrl(provider.openAiBaseUrl()).apiKey("test-key").build());
    }

    @AfterAll
    static void stopClient() {
        client.close();
    }

    @Override
    protected void stream(AIServiceResilience resilience, StreamRecorder<ChatCompletionChunk> subscriber) {
        OpenAiClients.resilient(client, resilience, OPERATION)
                .stream(c -> c.async().chat().completions().createStreaming(params), subscriber);
    }

    @Override
    protected String text(List<ChatCompletionChunk> events) {
        return events.stream().flatMap(chunk -> chunk.choices().stream())
                .map(choice -> choice.delta().content().orElse("")).collect(Collectors.joining());
    }

    @Override
    protected int eventsBeforeText() {
        return 1; // the role chunk
    }
}
