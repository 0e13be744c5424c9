package dev.airesilience.spring.boot;

import dev.airesilience.spring.boot.autoconfigure.AIResilienceAutoConfiguration;
import dev.airesilience.spring.boot.autoconfigure.AIResilienceObservationAutoConfiguration;
import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.ResilienceConfig;
import io.micrometer.context.ContextRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Observations when the application has an ObservationRegistry; context propagation on by default; both switchable. */
class AIResilienceObservationAutoConfigurationTest {

    private static final ThreadLocal<String> TENANT = new ThreadLocal<>();
    private static final String KEY = "ai-resilience-test-tenant";

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(AIResilienceAutoConfiguration.class,
                    AIResilienceObservationAutoConfiguration.class));
    private final ResilienceConfig timed = ResilienceConfig.builder().attemptTimeout(Duration.ofSeconds(30)).build();

    @AfterEach
    void tearDown() {
        ContextRegistry.getInstance().removeThreadLocalAccessor(KEY);
        TENANT.remove();
    }

    @Configuration(proxyBeanMethods = false)
    static class WithObservationRegistry {
        final List<String> observed = new CopyOnWriteArrayList<>();

        @Bean
        ObservationRegistry observationRegistry() {
            ObservationRegistry registry = ObservationRegistry.create();
            registry.observationConfig().observationHandler(new ObservationHandler<>() {
                @Override
                public void onStop(Observation.Context context) {
                    observed.add(context.getName() + " " + context.getLowCardinalityKeyValue("outcome").getValue());
                }

                @Override
                public boolean supportsContext(Observation.Context context) {
                    return true;
                }
            });
            return registry;
        }
    }

    @Test
    void callsAndAttemptsAreObservedWithTheApplicationsRegistry() {
        runner.withUserConfiguration(WithObservationRegistry.class).run(context -> {
            AIServiceResilience resilience = context.getBean(AIServiceResilience.class);
            resilience.<String>withResilience("chat", null, null, null).call(() -> "hello");

            assertThat(context.getBean(WithObservationRegistry.class).observed)
                    .containsExactly("ai.resilience.attempt success", "ai.resilience.call success");
        });
    }

    @Test
    void observationsCanBeSwitchedOff() {
        runner.withUserConfiguration(WithObservationRegistry.class)
                .withPropertyValues("ai.resilience.observations.enabled=false").run(context -> {
                    context.getBean(AIServiceResilience.class).<String>withResilience("chat", null, null, null)
                            .call(() -> "hello");
                    assertThat(context.getBean(WithObservationRegistry.class).observed).isEmpty();
                });
    }

    @Test
    void contextPropagationCarriesThreadLocalAccessorsIntoTimedAttemptsByDefault() {
        ContextRegistry.getInstance().registerThreadLocalAccessor(KEY, TENANT::get, TENANT::set, TENANT::remove);
        runner.run(context -> assertThat(tenantSeenByATimedAttempt(context.getBean(AIServiceResilience.class)))
                .isEqualTo("acme"));
        runner.withPropertyValues("ai.resilience.context-propagation.enabled=false").run(context ->
                assertThat(tenantSeenByATimedAttempt(context.getBean(AIServiceResilience.class))).isNull());
    }

    private String tenantSeenByATimedAttempt(AIServiceResilience resilience) {
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<Thread> thread = new AtomicReference<>();
        TENANT.set("acme");
        try {
            resilience.<String>withResilience("chat", null, timed, null).call(() -> {
                seen.set(TENANT.get());
                thread.set(Thread.currentThread());
                return "hello";
            });
        } finally {
            TENANT.remove();
        }
        assertThat(thread.get()).isNotSameAs(Thread.currentThread()); // the timed attempt ran on a worker
        return seen.get();
    }
}
