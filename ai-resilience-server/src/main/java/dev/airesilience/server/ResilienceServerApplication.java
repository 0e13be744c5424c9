package dev.airesilience.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The resilient AI text-processing service: text API, internal resilience API, simulated provider, dashboard. */
@SpringBootApplication
public class ResilienceServerApplication {

    public static void main(String[] args) {
        SpringApplication.run(ResilienceServerApplication.class, args);
    }
}
