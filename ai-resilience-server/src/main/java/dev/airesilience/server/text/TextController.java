package dev.airesilience.server.text;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public text API. */
@RestController
@RequestMapping("/v1/text")
public class TextController {

    private final TextProcessingService service;

    public TextController(TextProcessingService service) {
        this.service = service;
    }

    @PostMapping("/process")
    public TextResponse process(@RequestBody TextRequest request) {
        return service.process(request);
    }

    @PostMapping("/batch")
    public BatchResponse batch(@RequestBody BatchRequest request) {
        return service.processBatch(request);
    }
}
