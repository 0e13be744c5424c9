package dev.airesilience.spring.boot.startup;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.annotation.Resilient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class BadFallbackStartupTest {

    @Test
    void aMissingFallbackMethodFailsStartupNamingTheMethod() {
        assertThatThrownBy(() -> start(MissingFallbackApp.class))
                .rootCause()
                .hasMessageContaining("MissingFallback.ask(String)")
                .hasMessageContaining("fallbackMethod 'noSuchMethod'")
                .hasMessageContaining("there is no method named 'noSuchMethod'");
    }

    @Test
    void aFallbackWithTheWrongSignatureFailsStartupNamingTheMethodAndTheExpectedSignature() {
        assertThatThrownBy(() -> start(WrongSignatureApp.class))
                .hasMessageContaining("Bean 'wrongSignature' has an invalid @Resilient method")
                .rootCause()
                .hasMessageContaining("WrongSignature.ask(String)")
                .hasMessageContaining("String fallback(int) has the wrong parameters")
                .hasMessageContaining("String fallback(String) or String fallback(String, Throwable)");
    }

    private static void start(Class<?> app) {
        new SpringApplicationBuilder(app).web(WebApplicationType.NONE).run().close();
    }

    public static class MissingFallback {
        @Resilient(fallbackMethod = "noSuchMethod")
        public String ask(String question) {
            return question;
        }
    }

    public static class WrongSignature {
        @Resilient(fallbackMethod = "fallback")
        public String ask(String question) {
            return question;
        }

        public String fallback(int wrong) {
            return "no";
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class MissingFallbackApp {
        @Bean
        MissingFallback missingFallback() {
            return new MissingFallback();
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class WrongSignatureApp {
        @Bean
        WrongSignature wrongSignature() {
            return new WrongSignature();
        }
    }
}
