package dev.airesilience.server.text;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.ResilienceDecorator;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RoutingConfig;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.fallback.FallbackContext;
import dev.airesilience.fallback.FallbackReason;
import dev.airesilience.server.config.ServerSettings;
import dev.airesilience.server.llm.ChatClient;
import dev.airesilience.server.llm.ProviderErrors;
import dev.airesilience.server.web.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.stereotype.Service;

/**
 * Runs the text operations through the orchestrator, one resilient operation each, and answers with the domain
 * fallback when the AI cannot (open circuit, retries exhausted, rate-limit cooldown). Nothing is cached, so a
 * degraded answer can never be served later as a real one.
 */
@Service
public class TextProcessingService {

    private static final Logger LOG = LoggerFactory.getLogger(TextProcessingService.class);

    private final AIServiceResilience resilience;
    private final ChatClient client;
    private final ServerSettings settings;
    private final Map<TextOperation, ResilienceDecorator<Outcome>> decorators = new LinkedHashMap<>();
    /**
     * Summarize's route when the client has a fallback model: the primary model, then the fallback model, each a
     * target with its own breaker, cooldown and metrics ({@code target:<model>}); null when there is no fallback model.
     */
    private final RoutingConfig summarizeRoute;
    /** Text requests in progress: they hold no thread, so this, not a thread pool, bounds what the service takes on. */
    private final Semaphore inProgress;

    public TextProcessingService(AIServiceResilience resilience, ChatClient client, ServerSettings settings) {
        this.resilience = resilience;
        this.client = client;
        this.settings = settings;
        this.inProgress = new Semaphore(settings.maxConcurrentCalls());
        applyOriginalStrategies(resilience);
        for (TextOperation operation : TextOperation.values()) {
            decorators.put(operation, resilience.<Outcome>withOperationResilience(operation.resilienceOperation(),
                    context -> fallback(operation, context)));
        }
        this.summarizeRoute = client.fallbackModel() == null ? null
                : RoutingConfig.of(client.model(), client.fallbackModel());
    }

    /** The route of {@code operation}'s calls, or null when they go to the client's one model. */
    private RoutingConfig routeOf(TextOperation operation) {
        return operation == TextOperation.SUMMARIZE ? summarizeRoute : null;
    }

    /**
     * Gives each operation the original's strategy as a runtime override, except where the configuration (preset,
     * legacy variables, custom JSON) already names one. Later runtime updates replace these per operation, which
     * {@code registerOperation} would not allow.
     */
    static void applyOriginalStrategies(AIServiceResilience resilience) {
        Map<String, ResilienceStrategy> configured = resilience.getConfiguration().operationOverrides();
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (TextOperation operation : TextOperation.values()) {
            if (!configured.containsKey(operation.resilienceOperation()) && !configured.containsKey(operation.wireName())) {
                defaults.put(operation.resilienceOperation(), operation.defaultStrategy().wireName());
            }
        }
        if (!defaults.isEmpty()) {
            resilience.updateConfiguration(Map.of("operation_overrides", defaults));
            LOG.info("Text operations use the original strategies where the configuration names none: {}", defaults);
        }
    }

    public TextResponse process(TextRequest request) {
        Call call = new Call(validate(request), request);
        RoutingConfig route = routeOf(call.operation);
        if (route != null) {
            return call.respond(resilience.operation(call.operation.resilienceOperation()).route(route).call(target -> {
                call.attempts.incrementAndGet();
                Outcome answer = call.answer(client.complete(call.operation.systemPrompt(), call.userPrompt,
                        call.idempotencyKey, target.name()));
                call.model = target.name();
                return answer;
            }, context -> fallback(call.operation, context)));
        }
        return call.respond(decorators.get(call.operation).call(() -> {
            call.attempts.incrementAndGet();
            return call.answer(client.complete(call.operation.systemPrompt(), call.userPrompt, call.idempotencyKey));
        }));
    }

    /**
     * {@link #process} without holding a thread while the call waits (for the provider, a backoff or a cooldown):
     * what the text API runs. A request that is not valid throws at once; everything else completes the future,
     * with the same exceptions {@link #process} throws.
     */
    public CompletableFuture<TextResponse> processAsync(TextRequest request) {
        Call call = new Call(validate(request), request);
        if (!inProgress.tryAcquire()) {
            throw new TaskRejectedException("more than " + settings.maxConcurrentCalls() + " text requests in progress");
        }
        CompletableFuture<TextResponse> response = new CompletableFuture<>();
        response.whenComplete((ignored, failure) -> inProgress.release());
        CompletableFuture<Outcome> outcome;
        RoutingConfig route = routeOf(call.operation);
        try {
            if (route != null) {
                outcome = resilience.operation(call.operation.resilienceOperation()).route(route).callAsync(target -> {
                    call.attempts.incrementAndGet();
                    return client.completeAsync(call.operation.systemPrompt(), call.userPrompt, call.idempotencyKey,
                            target.name()).thenApply(content -> {
                                Outcome answer = call.answer(content);
                                call.model = target.name();
                                return answer;
                            });
                }, context -> fallback(call.operation, context));
            } else {
                outcome = decorators.get(call.operation).callAsync(() -> {
                    call.attempts.incrementAndGet();
                    return client.completeAsync(call.operation.systemPrompt(), call.userPrompt, call.idempotencyKey)
                            .thenApply(call::answer);
                });
            }
        } catch (RuntimeException e) {
            response.completeExceptionally(e); // gives the permit back
            throw e;
        }
        outcome.whenComplete((answered, failure) -> {
            try {
                if (failure != null) {
                    throw failure instanceof CompletionException && failure.getCause() != null
                            ? failure.getCause() : failure;
                }
                response.complete(call.respond(answered));
            } catch (Throwable e) {
                response.completeExceptionally(e);
            }
        });
        return response;
    }

    /** One logical call of the text API: its request, its idempotency key and how many attempts it made. */
    private final class Call {
        final TextOperation operation;
        final TextRequest request;
        final String userPrompt;
        // One key per logical call, created outside the retried lambda: every retry sends the same key.
        final String idempotencyKey = UUID.randomUUID().toString();
        final AtomicInteger attempts = new AtomicInteger();
        final long start = System.nanoTime();
        /** The model that answered: the client's, or the target of the route that did (set before the answer is). */
        volatile String model = client.model();

        Call(TextOperation operation, TextRequest request) {
            this.operation = operation;
            this.request = request;
            this.userPrompt = userPrompt(operation, request);
        }

        Outcome answer(String content) {
            return Outcome.real(AnswerParser.parse(operation, content));
        }

        TextResponse respond(Outcome outcome) {
            if (outcome.failure != null) {
                throw outcome.failure;
            }
            if (outcome.degradedReason != null && !request.allowDegraded()) {
                throw outcome.cause;
            }
            Map<String, Object> metadata = new LinkedHashMap<>();
            metadata.put("service_status", outcome.degradedReason == null ? "ok" : "degraded");
            metadata.put("fallback_used", outcome.degradedReason != null);
            if (outcome.degradedReason != null) {
                metadata.put("fallback_reason", outcome.degradedReason.name().toLowerCase(java.util.Locale.ROOT));
            }
            metadata.put("attempts", attempts.get());
            metadata.put("resilience_operation", operation.resilienceOperation());
            metadata.put("model", model);
            metadata.put("idempotency_key", idempotencyKey);
            metadata.put("processing_time_ms", (System.nanoTime() - start) / 1_000_000);
            return new TextResponse(operation.wireName(), true, outcome.result, metadata);
        }
    }

    /** Processes the items with at most {@code batchConcurrency} in flight; a failed item does not fail the batch. */
    public BatchResponse processBatch(BatchRequest batch) {
        if (batch == null || batch.requests() == null || batch.requests().isEmpty()) {
            throw ApiException.badRequest("requests must be a non-empty array of at most " + settings.maxBatchSize()
                    + " items");
        }
        List<TextRequest> requests = batch.requests();
        if (requests.size() > settings.maxBatchSize()) {
            throw ApiException.badRequest("requests must have at most " + settings.maxBatchSize() + " items, got "
                    + requests.size());
        }
        long start = System.nanoTime();
        int threads = Math.min(settings.batchConcurrency(), requests.size());
        ExecutorService executor = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "text-batch");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<TextResponse>> futures = new ArrayList<>();
            for (TextRequest request : requests) {
                futures.add(executor.submit(() -> process(request)));
            }
            List<BatchResponse.Item> items = new ArrayList<>();
            for (int i = 0; i < futures.size(); i++) {
                items.add(item(i, futures.get(i)));
            }
            int completed = (int) items.stream().filter(item -> item.response() != null).count();
            return new BatchResponse(items.size(), completed, items.size() - completed, items,
                    (System.nanoTime() - start) / 1_000_000);
        } finally {
            executor.shutdownNow();
        }
    }

    private BatchResponse.Item item(int index, Future<TextResponse> future) {
        try {
            return new BatchResponse.Item(index, "completed", future.get(), null, null);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ApiException api) {
                return new BatchResponse.Item(index, "failed", null, api.getMessage(), api.errorCode());
            }
            if (cause instanceof AIServiceException ai) {
                return new BatchResponse.Item(index, "failed", null,
                        ProviderErrors.clientReason(ai, settings.echoProviderErrors()), "AI_SERVICE_ERROR");
            }
            LOG.error("Batch item {} failed unexpectedly", index, cause);
            return new BatchResponse.Item(index, "failed", null, "Internal error", "INTERNAL_ERROR");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new BatchResponse.Item(index, "failed", null, "Interrupted", "INTERNAL_ERROR");
        }
    }

    private TextOperation validate(TextRequest request) {
        if (request == null) {
            throw ApiException.badRequest("Request body is required");
        }
        TextOperation operation = TextOperation.fromWireName(request.operation()).orElseThrow(() ->
                ApiException.badRequest("operation must be one of " + TextOperation.wireNames() + ", got "
                        + quote(request.operation())));
        String text = request.text();
        if (text == null || text.isBlank()) {
            throw ApiException.badRequest("text is required and must not be blank");
        }
        if (text.length() > settings.maxTextLength()) {
            throw ApiException.tooLarge("text must be at most " + settings.maxTextLength() + " characters, got "
                    + text.length());
        }
        if (operation == TextOperation.QA) {
            String question = request.question();
            if (question == null || question.isBlank()) {
                throw ApiException.badRequest("question is required for operation qa");
            }
            if (question.length() > 2_000) {
                throw ApiException.badRequest("question must be at most 2000 characters, got " + question.length());
            }
        }
        return operation;
    }

    private static String quote(String value) {
        if (value == null) {
            return "nothing";
        }
        String shown = value.length() > 50 ? value.substring(0, 50) + "..." : value;
        return "'" + shown + "'";
    }

    private static String userPrompt(TextOperation operation, TextRequest request) {
        String question = operation == TextOperation.QA ? "Question: " + request.question().strip() + "\n\n" : "";
        return question + "Text: " + request.text();
    }

    private static Outcome fallback(TextOperation operation, FallbackContext context) {
        AIServiceException cause = context.cause() instanceof AIServiceException ai ? ai
                : new AIServiceException(context.cause().getMessage(), context.cause());
        if (context.reason() == FallbackReason.PERMANENT_FAILURE) {
            // Retrying cannot fix it, and a made-up answer would hide a real bug: report it (502).
            return Outcome.failed(cause);
        }
        return Outcome.degraded(DomainFallbacks.answer(operation), context.reason(), cause);
    }

    /** What one logical call produced: a real answer, a degraded one, or a failure to report. */
    static final class Outcome {
        final Object result;
        final FallbackReason degradedReason;
        final AIServiceException cause;
        final AIServiceException failure;

        private Outcome(Object result, FallbackReason degradedReason, AIServiceException cause, AIServiceException failure) {
            this.result = result;
            this.degradedReason = degradedReason;
            this.cause = cause;
            this.failure = failure;
        }

        static Outcome real(Object result) {
            return new Outcome(result, null, null, null);
        }

        static Outcome degraded(Object result, FallbackReason reason, AIServiceException cause) {
            return new Outcome(result, reason, cause, null);
        }

        static Outcome failed(AIServiceException failure) {
            return new Outcome(null, null, null, failure);
        }
    }

}
