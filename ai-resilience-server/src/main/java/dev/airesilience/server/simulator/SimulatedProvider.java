package dev.airesilience.server.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * An LLM provider that speaks the OpenAI Chat Completions wire format on a random loopback port, answers
 * deterministically from the input, and misbehaves on request ({@link ChaosSettings}, outage windows).
 *
 * <p>It records every request's arrival so tests measure retries where they happen: at the provider.
 */
public final class SimulatedProvider implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedProvider.class);
    private static final Pattern TASK = Pattern.compile("Task: ([a-z_]+)");
    private static final Pattern QUESTION = Pattern.compile("(?s)Question: (.*?)\\n\\nText:");
    private static final int MAX_RECORDED = 10_000;
    private static final int MAX_CONCURRENT = 1_024;

    private final ObjectMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    private final ExecutorService executor;
    private final Random random;
    private final Deque<RecordedRequest> recorded = new ArrayDeque<>();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong refusedRetryAfter = new AtomicLong();
    private final byte[] expectedKey;
    /** The misbehaviour of every model that has none of its own. */
    private final ModelState defaults;
    /** Models with misbehaviour (and quotas) of their own, by the name requests give; guarded by {@code this}. */
    private final Map<String, ModelState> models = new LinkedHashMap<>();

    /** One model's chaos, outage window and recent arrivals (its requests-per-second quota); guarded by the provider. */
    private static final class ModelState {
        ChaosSettings chaos;
        long outageUntilNanos;
        boolean outage;
        final Deque<Long> recentArrivals = new ArrayDeque<>();

        ModelState(ChaosSettings chaos) {
            this.chaos = chaos;
        }
    }

    public SimulatedProvider(ChaosSettings initial, long seed) {
        this(initial, seed, null);
    }

    /**
     * A simulator that, like a real provider, answers 401 unless a request carries
     * {@code Authorization: Bearer <expectedKey>}; a {@code null} or blank key accepts every request.
     */
    public SimulatedProvider(ChaosSettings initial, long seed, String expectedKey) {
        this.defaults = new ModelState(initial);
        this.expectedKey = expectedKey == null || expectedKey.isBlank() ? null
                : ("Bearer " + expectedKey.strip()).getBytes(StandardCharsets.UTF_8);
        this.random = new Random(seed);
        try {
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the simulated provider on a loopback port", e);
        }
        // A thread per request in flight (latency is a sleep), so the simulator is not what limits a load test:
        // made when none is idle, ended after 30 s idle.
        this.executor = new ThreadPoolExecutor(0, MAX_CONCURRENT, 30, TimeUnit.SECONDS, new SynchronousQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, "simulated-provider");
                    thread.setDaemon(true);
                    return thread;
                });
        server.setExecutor(executor);
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
        LOG.info("Simulated LLM provider listening on {}", baseUrl());
    }

    /** The base URL a Chat Completions client uses, e.g. {@code http://127.0.0.1:41234/v1}. */
    public URI baseUrl() {
        InetSocketAddress address = server.getAddress();
        return URI.create("http://" + address.getAddress().getHostAddress() + ":" + address.getPort() + "/v1");
    }

    public synchronized ChaosSettings chaos() {
        return defaults.chaos;
    }

    public synchronized void setChaos(ChaosSettings settings) {
        defaults.chaos = settings;
    }

    /** Every request fails with 503 until {@code duration} from now; a zero duration ends an outage. */
    public synchronized void startOutage(Duration duration) {
        startOutage(defaults, duration);
    }

    /** Seconds left in the current outage window, 0 when there is none. */
    public synchronized long outageRemainingSeconds() {
        return outageRemainingSeconds(defaults);
    }

    /** {@code model}'s misbehaviour: its own, or that of every model when it has none. */
    public synchronized ChaosSettings chaos(String model) {
        return models.getOrDefault(model, defaults).chaos;
    }

    /** Gives {@code model} misbehaviour of its own; the other models keep theirs. */
    public synchronized void setChaos(String model, ChaosSettings settings) {
        models.computeIfAbsent(model, name -> new ModelState(settings)).chaos = settings;
    }

    /** Every request for {@code model} fails with 503 until {@code duration} from now; zero ends its outage. */
    public synchronized void startOutage(String model, Duration duration) {
        startOutage(models.computeIfAbsent(model, name -> new ModelState(defaults.chaos)), duration);
    }

    /** Seconds left in {@code model}'s outage window, 0 when there is none. */
    public synchronized long outageRemainingSeconds(String model) {
        return outageRemainingSeconds(models.getOrDefault(model, defaults));
    }

    /** The models with misbehaviour of their own. */
    public synchronized List<String> modelsWithOwnChaos() {
        return List.copyOf(models.keySet());
    }

    /** Every model back to the misbehaviour of all (and their outages ended). */
    public synchronized void forgetModels() {
        models.clear();
    }

    private static void startOutage(ModelState state, Duration duration) {
        state.outage = !duration.isZero();
        state.outageUntilNanos = System.nanoTime() + duration.toNanos();
    }

    private static long outageRemainingSeconds(ModelState state) {
        long left = state.outageUntilNanos - System.nanoTime();
        return state.outage && left > 0 ? TimeUnit.NANOSECONDS.toSeconds(left) + 1 : 0;
    }

    public long totalRequests() {
        return total.get();
    }

    /** The most recent requests, oldest first (at most 10,000 are kept). */
    public synchronized List<RecordedRequest> requests() {
        return new ArrayList<>(recorded);
    }

    public synchronized void clearRecords() {
        recorded.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long arrival = System.nanoTime();
            total.incrementAndGet();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (expectedKey != null && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, error("invalid_api_key", "Incorrect API key provided"), arrival, "unknown", null);
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                respond(exchange, 405, error("method_not_allowed", "Use POST"), arrival, "unknown", null);
                return;
            }
            JsonNode request;
            String system;
            String user;
            try {
                request = json.readTree(body);
                system = message(request, "system");
                user = message(request, "user");
            } catch (RuntimeException e) {
                respond(exchange, 400, error("invalid_request_error", "Body is not a chat completion request"), arrival, "unknown",
                        null);
                return;
            }
            String task = find(TASK, system).orElse("unknown");
            String model = request.path("model").asString("simulated");
            Decision decision = decide(arrival, model);
            if (decision.latencyMs > 0) {
                sleep(decision.latencyMs);
            }
            if (decision.status != 200) {
                if (decision.retryAfterRaw != null) {
                    sendRawRetryAfter(exchange, decision.retryAfterRaw);
                } else if (decision.retryAfterSeconds >= 0) {
                    exchange.getResponseHeaders().set("Retry-After", Integer.toString(decision.retryAfterSeconds));
                }
                respond(exchange, decision.status, error(errorType(decision.status), decision.errorMessage), arrival, task,
                        model);
                return;
            }
            String text = user.contains("Text:") ? user.substring(user.indexOf("Text:") + 5).strip() : user;
            String question = find(QUESTION, user).orElse(null);
            String content = SimulatedAnswers.answer(task, text, question);
            Map<String, Object> response = new LinkedHashMap<>();
            response.put("id", "chatcmpl-sim-" + ids.incrementAndGet());
            response.put("object", "chat.completion");
            response.put("created", Instant.now().getEpochSecond());
            response.put("model", model);
            response.put("choices", List.of(Map.of("index", 0, "finish_reason", "stop",
                    "message", Map.of("role", "assistant", "content", content))));
            response.put("usage", Map.of("prompt_tokens", (system.length() + user.length()) / 4,
                    "completion_tokens", content.length() / 4,
                    "total_tokens", (system.length() + user.length() + content.length()) / 4));
            respond(exchange, 200, json.writeValueAsBytes(response), arrival, task, model);
        }
    }

    private record Decision(int status, int retryAfterSeconds, String retryAfterRaw, int latencyMs, String errorMessage) {}

    /** Outage first, then the rate limit, then forced and random failures; by the model's own settings if it has any. */
    private synchronized Decision decide(long arrival, String model) {
        ModelState state = models.getOrDefault(model, defaults);
        ChaosSettings current = state.chaos;
        int latency = current.latencyMs();
        if (state.outage && arrival - state.outageUntilNanos < 0) {
            return new Decision(503, -1, null, latency, message(current, 503));
        }
        if (current.requestsPerSecond() > 0) {
            Deque<Long> recentArrivals = state.recentArrivals;
            while (!recentArrivals.isEmpty() && arrival - recentArrivals.peekFirst() > 1_000_000_000L) {
                recentArrivals.pollFirst();
            }
            if (recentArrivals.size() >= current.requestsPerSecond()) {
                return new Decision(429, 1, null, latency, message(current, 429));
            }
            recentArrivals.addLast(arrival);
        }
        boolean fail = current.failNext() > 0 || random.nextDouble() < current.errorRate();
        if (current.failNext() > 0) {
            state.chaos = current.withFailNext(current.failNext() - 1);
        }
        if (!fail) {
            return new Decision(200, -1, null, latency, null);
        }
        int status = current.pickStatus(random.nextDouble());
        return new Decision(status, status == 429 ? current.retryAfterSeconds() : -1,
                status == 429 ? current.retryAfterRaw() : null, latency, message(current, status));
    }

    private static String message(ChaosSettings chaos, int status) {
        return chaos.errorMessage() != null ? chaos.errorMessage() : "Simulated failure " + status;
    }

    /**
     * Sends {@code value} verbatim as Retry-After. The JDK's HttpServer refuses CR and LF in header values; such
     * a value is counted in {@link #refusedRetryAfterHeaders()} and the 429 goes out without Retry-After. The
     * value itself is never logged.
     */
    private void sendRawRetryAfter(HttpExchange exchange, String value) {
        try {
            exchange.getResponseHeaders().set("Retry-After", value);
        } catch (IllegalArgumentException e) {
            exchange.getResponseHeaders().remove("Retry-After");
            refusedRetryAfter.incrementAndGet();
            LOG.debug("The HTTP server refused a raw Retry-After value ({} characters)", value.length());
        }
    }

    /** How many raw Retry-After values the HTTP server refused to send (CR/LF). */
    public long refusedRetryAfterHeaders() {
        return refusedRetryAfter.get();
    }

    private void respond(HttpExchange exchange, int status, byte[] body, long arrival, String task, String model)
            throws IOException {
        record(new RecordedRequest(Instant.now(), arrival, task,
                exchange.getRequestHeaders().getFirst("Idempotency-Key"), status, model));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private synchronized void record(RecordedRequest request) {
        if (recorded.size() == MAX_RECORDED) {
            recorded.pollFirst();
        }
        recorded.addLast(request);
    }

    private byte[] error(String type, String message) {
        return json.writeValueAsBytes(Map.of("error", Map.of("type", type, "message", message)));
    }

    private static String errorType(int status) {
        return switch (status) {
            case 429 -> "rate_limit_exceeded";
            case 529 -> "overloaded_error";
            case 400 -> "invalid_request_error";
            default -> "server_error";
        };
    }

    private static String message(JsonNode request, String role) {
        for (JsonNode message : request.required("messages")) {
            if (role.equals(message.path("role").asString(""))) {
                return message.path("content").asString("");
            }
        }
        return "";
    }

    private boolean authorized(String authorization) {
        return authorization != null
                && java.security.MessageDigest.isEqual(expectedKey, authorization.getBytes(StandardCharsets.UTF_8));
    }

    private static java.util.Optional<String> find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        return matcher.find() ? java.util.Optional.of(matcher.group(1).strip()) : java.util.Optional.empty();
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
