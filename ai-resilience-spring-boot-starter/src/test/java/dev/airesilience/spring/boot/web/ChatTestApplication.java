package dev.airesilience.spring.boot.web;

import dev.airesilience.spring.boot.AIServiceResilienceCustomizer;
import dev.airesilience.time.ManualClock;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A small application: an annotated AI-calling bean behind a controller, in virtual time. */
@SpringBootApplication
public class ChatTestApplication {

    /** Sleeps and scheduled retries advance this clock at once, so nothing really waits. */
    @Bean
    ManualClock clock() {
        return ManualClock.autoAdvancing();
    }

    @Bean
    AIServiceResilienceCustomizer virtualTime(ManualClock clock) {
        return builder -> builder.clock(clock);
    }

    @RestController
    static class ChatController {
        private final ChatService chat;

        ChatController(ChatService chat) {
            this.chat = chat;
        }

        @GetMapping("/ask")
        String ask(@RequestParam String q) {
            return chat.ask(q);
        }

        @GetMapping("/summarize")
        String summarize(@RequestParam String text) {
            return chat.summarize(text).toCompletableFuture().join();
        }
    }
}
