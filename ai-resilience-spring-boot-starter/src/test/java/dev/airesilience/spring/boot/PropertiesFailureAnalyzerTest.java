package dev.airesilience.spring.boot;

import dev.airesilience.spring.boot.autoconfigure.AIResilienceAutoConfiguration;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.spring.boot.internal.PropertiesFailureAnalyzer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

@ExtendWith(OutputCaptureExtension.class)
class PropertiesFailureAnalyzerTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(AIResilienceAutoConfiguration.class)
    static class App {}

    /**
     * Through spring.factories, as an application starts: Boot's own BindFailureAnalyzer would report the wrapping
     * BindException without our lines, so seeing them also proves the analyzer is registered and ordered first.
     */
    @Test
    void aStartupFailureIsReportedAsADescriptionAndAnActionNotAStackTrace(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE)
                .run("--ai.resilience.operations.chat.retry-atempts=4", "--ai.resilience.health.open-circuit-status=BROKEN"))
                .hasRootCauseInstanceOf(InvalidResiliencePropertiesException.class);

        assertThat(output.getOut() + output.getErr())
                .contains("APPLICATION FAILED TO START")
                .contains("Invalid ai.resilience configuration (2 problems)")
                .contains("ai.resilience.operations.chat.retry-atempts = '4': unknown property; did you mean "
                        + "ai.resilience.operations.chat.retry-attempts?")
                .contains("ai.resilience.health.open-circuit-status = 'BROKEN'")
                .contains("Replace ai.resilience.operations.chat.retry-atempts with ai.resilience.operations.chat.retry-attempts.")
                .doesNotContain("BeanCreationException");
    }

    @Test
    void theAnalyzerFindsTheProblemsBehindSpringsWrappingExceptions() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(AIResilienceAutoConfiguration.class))
                .withPropertyValues("ai.resilience.operations[Chat.reply].retry-attempts=0").run(context -> {
                    FailureAnalysis analysis = new PropertiesFailureAnalyzer().analyze(context.getStartupFailure());
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription())
                            .contains("ai.resilience.operations[Chat.reply].retry-attempts = '0'")
                            .contains("between 1 and 20");
                    assertThat(analysis.getAction()).contains("operations[Type.method]");
                });
    }

    @Test
    void anotherFailureIsLeftToSpringBootsAnalyzers() {
        assertThat(new PropertiesFailureAnalyzer().analyze(new IllegalStateException("unrelated"))).isNull();
    }
}
