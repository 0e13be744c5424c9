package dev.airesilience.bench.jmh;

import com.anthropic.errors.InternalServerException;
import com.openai.core.http.Headers;
import com.openai.errors.RateLimitException;
import dev.airesilience.AIServiceResilience;
import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.langchain4j.ResilientChatModel;
import dev.airesilience.openai.ResilientClient;
import dev.airesilience.springai.ResilienceAdvisor;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.model.Generation;

/**
 * What each adapter adds to a successful call, against the same client without it: every client answers at once
 * from memory, so the difference between a pair is the adapter plus the orchestrator. The two classify methods
 * time the failure path the SDK adapters add: turning an SDK's exception into a verdict.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class AdapterOverheadBenchmark {

    static final String ANSWER = "The capital of France is Paris.";

    private AIServiceResilience resilience;
    private ChatModel langchain4j;
    private ChatModel langchain4jResilient;
    private ChatRequest langchain4jRequest;
    private ChatClient springAi;
    private ChatClient springAiAdvised;
    private Supplier<String> sdkClient;
    private ResilientClient<Supplier<String>> sdkResilient;
    private FailureClassifier classifier;
    private RuntimeException openAi429;
    private RuntimeException anthropic529;

    @Setup(Level.Trial)
    public void setUp() {
        resilience = AIServiceResilience.builder().build();
        dev.langchain4j.model.chat.response.ChatResponse lcAnswer =
                dev.langchain4j.model.chat.response.ChatResponse.builder().aiMessage(AiMessage.from(ANSWER)).build();
        langchain4j = new ChatModel() {
            @Override
            public dev.langchain4j.model.chat.response.ChatResponse doChat(ChatRequest request) {
                return lcAnswer;
            }
        };
        langchain4jResilient = ResilientChatModel.of(langchain4j, resilience, "langchain4j");
        langchain4jRequest = ChatRequest.builder().messages(UserMessage.from("What is the capital of France?")).build();

        ChatResponse springAnswer = new ChatResponse(List.of(new Generation(new AssistantMessage(ANSWER))));
        org.springframework.ai.chat.model.ChatModel springModel = prompt -> springAnswer;
        springAi = ChatClient.builder(springModel).build();
        springAiAdvised = ChatClient.builder(springModel).defaultAdvisors(new ResilienceAdvisor(resilience, "spring-ai")).build();

        sdkClient = () -> ANSWER;
        sdkResilient = ResilientClient.of(sdkClient, resilience, "sdk");

        classifier = FailureClassifier.defaults();
        openAi429 = RateLimitException.builder().headers(Headers.builder().put("retry-after", "2").build()).build();
        anthropic529 = InternalServerException.builder().statusCode(529)
                .headers(com.anthropic.core.http.Headers.builder().build())
                .body(com.anthropic.core.JsonValue.from(Map.of("type", "error"))).build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        resilience.close();
    }

    @Benchmark
    public Object langchain4jBare() {
        return langchain4j.chat(langchain4jRequest).aiMessage().text();
    }

    @Benchmark
    public Object langchain4jResilient() {
        return langchain4jResilient.chat(langchain4jRequest).aiMessage().text();
    }

    @Benchmark
    public Object springAiBare() {
        return springAi.prompt("What is the capital of France?").call().content();
    }

    @Benchmark
    public Object springAiAdvised() {
        return springAiAdvised.prompt("What is the capital of France?").call().content();
    }

    /** The SDK adapters' success path ({@code ResilientClient.call}), the same for the OpenAI and Anthropic clients. */
    @Benchmark
    public Object sdkBare() {
        return sdkClient.get();
    }

    @Benchmark
    public Object sdkResilientClient() {
        return sdkResilient.call(Supplier::get);
    }

    @Benchmark
    public Classification classifyOpenAi429() {
        return classifier.classify(openAi429);
    }

    @Benchmark
    public Classification classifyAnthropic529() {
        return classifier.classify(anthropic529);
    }
}
