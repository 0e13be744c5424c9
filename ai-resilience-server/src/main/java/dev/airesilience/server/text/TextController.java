package dev.airesilience.server.text;

import java.util.concurrent.Callable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The public text API. Handlers return a {@link Callable}: the call runs on the MVC task executor (virtual threads
 * where the JDK has them), so requests waiting on a slow provider never hold the web server's threads, which stay
 * free for health probes and the internal API.
 */
@RestController
@RequestMapping("/v1/text")
public class TextController {

    private final TextProcessingService service;

    public TextController(TextProcessingService service) {
        this.service = service;
    }

    @PostMapping("/process")
    public Callable<TextResponse> process(@RequestBody TextRequest request) {
        return () -> service.process(request);
    }

    @PostMapping("/batch")
    public Callable<BatchResponse> batch(@RequestBody BatchRequest request) {
        return () -> service.processBatch(request);
    }
}
