package dev.airesilience.server.text;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public text API. A text request is an asynchronous call: it holds no thread while it waits for the provider,
 * a backoff or a rate-limit cooldown, so a provider in trouble cannot exhaust the service's threads, and the web
 * server's threads stay free for health probes and the internal API. A batch runs on the MVC task executor
 * (virtual threads where the JDK has them), its items on threads of their own.
 */
@RestController
@RequestMapping("/v1/text")
public class TextController {

    private final TextProcessingService service;

    public TextController(TextProcessingService service) {
        this.service = service;
    }

    @PostMapping("/process")
    public CompletableFuture<TextResponse> process(@RequestBody TextRequest request) {
        return service.processAsync(request);
    }

    @PostMapping("/batch")
    public Callable<BatchResponse> batch(@RequestBody BatchRequest request) {
        return () -> service.processBatch(request);
    }
}
