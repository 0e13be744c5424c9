package dev.airesilience.adapter.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A simulated LLM provider on 127.0.0.1 (JDK {@link HttpServer}, an ephemeral port) that speaks the OpenAI
 * chat-completions format ({@code POST .../chat/completions}, plain and streamed) and the Anthropic Messages
 * format ({@code POST .../messages}), streamed as either server-sent-event dialect, with chaos: errors before the
 * stream, a connection cut after some tokens, a stall before the first event or between events. Each request takes the next scripted {@link Reply}; once the script is
 * used up every request succeeds. Every request is recorded, so a test can count exactly what reached the
 * provider. This is the boundary of the adapter tests: the client libraries above it are the real ones.
 */
public final class ScriptedProvider implements AutoCloseable {

    public static final String ANSWER = "Hello from the scripted provider";

    /** One request as the provider saw it. */
    public record Recorded(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            for (Map.Entry<String, List<String>> entry : headers.entrySet()) {
                if (entry.getKey().equalsIgnoreCase(name) && !entry.getValue().isEmpty()) {
                    return entry.getValue().get(0);
                }
            }
            return null;
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Queue<Reply> script = new ConcurrentLinkedQueue<>();
    private final List<Recorded> recorded = new CopyOnWriteArrayList<>();
    /** Holds stalled streams; {@link #reset()} and {@link #close()} let them go, so no handler thread outlives a test. */
    private volatile CountDownLatch stalls = new CountDownLatch(1);

    private ScriptedProvider(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static ScriptedProvider start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "scripted-provider");
                thread.setDaemon(true);
                return thread;
            });
            ScriptedProvider provider = new ScriptedProvider(server, executor);
            server.createContext("/", provider::handle);
            server.setExecutor(executor);
            server.start();
            return provider;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the scripted provider", e);
        }
    }

    /** {@code http://127.0.0.1:port} */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:port/v1}: what the OpenAI clients take as base URL. */
    public String openAiBaseUrl() {
        return baseUrl() + "/v1";
    }

    /** Queues replies for the next requests, in order. */
    public ScriptedProvider script(Reply... replies) {
        script.addAll(List.of(replies));
        return this;
    }

    /** Requests received so far. */
    public int requests() {
        return recorded.size();
    }

    public List<Recorded> recorded() {
        return List.copyOf(recorded);
    }

    /** Forgets the recorded requests and what is left of the script. */
    public void reset() {
        script.clear();
        recorded.clear();
        CountDownLatch released = stalls;
        stalls = new CountDownLatch(1);
        released.countDown();
    }

    @Override
    public void close() {
        stalls.countDown();
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, List<String>> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
        String path = exchange.getRequestURI().getPath();
        recorded.add(new Recorded(exchange.getRequestMethod(), path, headers, body));
        Reply reply = script.poll();
        Dialect dialect = path.endsWith("/messages") ? Dialect.ANTHROPIC : Dialect.OPENAI;
        boolean stream = body.replace(" ", "").contains("\"stream\":true");
        boolean dropped = false;
        try {
            if (reply == null || reply.status == 200) {
                if (stream) {
                    stream(exchange, dialect, reply == null ? Reply.success() : reply, stalls);
                } else {
                    send(exchange, 200, Map.of(), dialect == Dialect.ANTHROPIC ? anthropicMessage() : openAiCompletion());
                }
            } else {
                send(exchange, reply.status, reply.headers, reply.errorBody(dialect));
            }
        } catch (ConnectionDrop drop) {
            dropped = true;
            throw drop; // the JDK server closes the socket without ending the chunked body
        } finally {
            if (!dropped) {
                exchange.close();
            }
        }
    }

    /** Thrown out of the handler to break the connection mid-body. */
    private static final class ConnectionDrop extends IOException {
        private static final long serialVersionUID = 1L;

        ConnectionDrop(String message) {
            super(message);
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, String> headers, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void stream(HttpExchange exchange, Dialect dialect, Reply reply, CountDownLatch stalls) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        if (reply.stallAfterTokens == 0) {
            stall(stalls); // headers sent, not one event: the first-token timeout's case
        }
        boolean anthropic = dialect == Dialect.ANTHROPIC;
        if (anthropic) {
            event(out, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[],\"stop_reason\":null,"
                    + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}");
            event(out, "content_block_start",
                    "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        } else {
            event(out, null, chunk("{\"role\":\"assistant\",\"content\":\"\"}", null));
        }
        for (int i = 0; i < reply.tokens.length; i++) {
            if (i > 0 && i == reply.stallAfterTokens) {
                stall(stalls); // a stream that goes quiet mid-answer: the idle timeout's case
            }
            String token = reply.tokens[i];
            if (anthropic) {
                event(out, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,"
                        + "\"delta\":{\"type\":\"text_delta\",\"text\":\"" + token + "\"}}");
            } else {
                event(out, null, chunk("{\"content\":\"" + token + "\"}", null));
            }
        }
        if (reply.dropAfterTokens) {
            // The connection breaks mid-stream: no terminating chunk, no [DONE]. When the test says when (it has
            // seen the tokens), a reset cannot overtake them: a TCP reset may discard data the client has not read.
            if (reply.dropWhen != null) {
                try {
                    if (!reply.dropWhen.await(20, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("the client never saw the tokens before the drop");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            throw new ConnectionDrop("scripted connection drop after " + reply.tokens.length + " tokens");
        }
        if (anthropic) {
            event(out, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
            event(out, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                    + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":6}}");
            event(out, "message_stop", "{\"type\":\"message_stop\"}");
        } else {
            event(out, null, chunk("{}", "\"stop\""));
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
        }
        out.close();
    }

    /** Holds the stream until the test is over (or the client has gone: then the next write fails). */
    private static void stall(CountDownLatch stalls) {
        try {
            stalls.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void event(OutputStream out, String name, String json) throws IOException {
        out.write(((name == null ? "" : "event: " + name + "\n") + "data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static String chunk(String delta, String finishReason) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,\"model\":\"gpt-test\","
                + "\"choices\":[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}]}";
    }

    private static String openAiCompletion() {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-test\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + ANSWER + "\",\"refusal\":null},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":6,\"total_tokens\":11}}";
    }

    private static String anthropicMessage() {
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-test\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"" + ANSWER + "\"}],\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":5,\"output_tokens\":6}}";
    }

    enum Dialect { OPENAI, ANTHROPIC }

    /** What the provider answers to one request. */
    public static final class Reply {
        final int status;
        final Map<String, String> headers = new LinkedHashMap<>();
        final String openAiType;
        final String openAiCode;
        final String anthropicType;
        final String message;
        final String[] tokens;
        final boolean dropAfterTokens;
        CountDownLatch dropWhen;
        /** Tokens sent before the stream stalls (0: before its first event); -1: it never stalls. */
        int stallAfterTokens = -1;

        private Reply(int status, String openAiType, String openAiCode, String anthropicType, String message,
                String[] tokens, boolean dropAfterTokens) {
            this.status = status;
            this.openAiType = openAiType;
            this.openAiCode = openAiCode;
            this.anthropicType = anthropicType;
            this.message = message;
            this.tokens = tokens;
            this.dropAfterTokens = dropAfterTokens;
        }

        /** 200 with a completion (or, for a streamed request, a complete stream). */
        public static Reply success() {
            return new Reply(200, null, null, null, null, new String[] {"Hello", " from", " the", " scripted", " provider"}, false);
        }

        /** 200, a stream that sends {@code tokens} and then breaks off (connection closed mid-body). */
        public static Reply streamThenDrop(String... tokens) {
            return new Reply(200, null, null, null, null, tokens.clone(), true);
        }

        /** As {@link #streamThenDrop(String...)}, breaking off only once {@code release} is counted down. */
        public static Reply streamThenDrop(CountDownLatch release, String... tokens) {
            Reply reply = streamThenDrop(tokens);
            reply.dropWhen = release;
            return reply;
        }

        /** 200 and the stream's headers, then not one event until the test ends. */
        public static Reply stallBeforeFirstToken() {
            Reply reply = success();
            reply.stallAfterTokens = 0;
            return reply;
        }

        /** 200, a stream that sends {@code tokens} and then goes quiet until the test ends. */
        public static Reply stallAfter(String... tokens) {
            Reply reply = new Reply(200, null, null, null, null, append(tokens, " never sent"), false);
            reply.stallAfterTokens = tokens.length;
            return reply;
        }

        private static String[] append(String[] tokens, String last) {
            String[] all = java.util.Arrays.copyOf(tokens, tokens.length + 1);
            all[tokens.length] = last;
            return all;
        }

        public static Reply error(int status, String openAiType, String openAiCode, String anthropicType, String message) {
            return new Reply(status, openAiType, openAiCode, anthropicType, message, new String[0], false);
        }

        /** 429 with {@code Retry-After: retryAfter}. */
        public static Reply rateLimited(String retryAfter) {
            return error(429, "requests", "rate_limit_exceeded", "rate_limit_error", "Rate limit reached, retry later")
                    .header("Retry-After", retryAfter);
        }

        /** 429 that no wait fixes: the account's quota is exhausted. */
        public static Reply insufficientQuota() {
            return error(429, "insufficient_quota", "insufficient_quota", "rate_limit_error",
                    "You exceeded your current quota, please check your plan and billing details. (insufficient_quota)");
        }

        /** 529 overloaded (Anthropic's overload status; OpenAI clients see an unknown 5xx). */
        public static Reply overloaded() {
            return error(529, "server_error", "overloaded", "overloaded_error", "Overloaded");
        }

        public static Reply unavailable() {
            return error(503, "server_error", null, "api_error", "The service is temporarily unavailable");
        }

        public static Reply unauthorized() {
            return error(401, "invalid_request_error", "invalid_api_key", "authentication_error", "Incorrect API key provided");
        }

        /** 400: the prompt does not fit the context window. */
        public static Reply contextLengthExceeded() {
            return error(400, "invalid_request_error", "context_length_exceeded", "invalid_request_error",
                    "This model's maximum context length is 8192 tokens; prompt is too long: 9000 tokens > 8192 maximum");
        }

        public Reply header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        String errorBody(Dialect dialect) {
            if (dialect == Dialect.ANTHROPIC) {
                return "{\"type\":\"error\",\"error\":{\"type\":\"" + anthropicType + "\",\"message\":\"" + message + "\"}}";
            }
            return "{\"error\":{\"message\":\"" + message + "\",\"type\":\"" + openAiType + "\",\"param\":null,\"code\":"
                    + (openAiCode == null ? "null" : "\"" + openAiCode + "\"") + "}}";
        }

        @Override
        public String toString() {
            return status + (headers.isEmpty() ? "" : " " + headers) + (message == null ? "" : " " + message.toLowerCase(Locale.ROOT));
        }
    }

    /** Counts of recorded requests by path, for diagnostics. */
    public List<String> paths() {
        List<String> paths = new ArrayList<>();
        recorded.forEach(r -> paths.add(r.method() + " " + r.path()));
        return paths;
    }
}
