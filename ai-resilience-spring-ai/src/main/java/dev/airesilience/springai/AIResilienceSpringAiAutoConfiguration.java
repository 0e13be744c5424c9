package dev.airesilience.springai;

import dev.airesilience.AIServiceResilience;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.ChatClientBuilderCustomizer;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * When Spring AI's {@link ChatClient} is on the class path and an {@link AIServiceResilience} bean exists (the
 * starter makes one): a {@link ResilienceAdvisor} bean for operation {@code ai.resilience.spring-ai.operation}
 * (default {@code chat}), added to every auto-configured {@code ChatClient.Builder} through a
 * {@link ChatClientBuilderCustomizer} ({@code ai.resilience.spring-ai.chat-client=false} leaves the builders alone); and a one-time WARN when an {@link OpenAiChatModel} bean still retries by itself.
 * {@code ai.resilience.spring-ai.enabled=false} switches it off. Registered in this module's own
 * {@code AutoConfiguration.imports}: the starter does not depend on Spring AI.
 */
@AutoConfiguration(afterName = "dev.airesilience.spring.boot.autoconfigure.AIResilienceAutoConfiguration",
        beforeName = "org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration")
@ConditionalOnClass({ChatClient.class, AIServiceResilience.class})
@ConditionalOnBooleanProperty(name = "ai.resilience.spring-ai.enabled", matchIfMissing = true)
public class AIResilienceSpringAiAutoConfiguration {

    static final Logger LOG = LoggerFactory.getLogger(AIResilienceSpringAiAutoConfiguration.class);

    /** The property that names the operation the advised calls run in. */
    public static final String OPERATION_PROPERTY = "ai.resilience.spring-ai.operation";

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(AIServiceResilience.class)
    public ResilienceAdvisor aiResilienceAdvisor(AIServiceResilience resilience, Environment environment) {
        return new ResilienceAdvisor(resilience, environment.getProperty(OPERATION_PROPERTY, "chat"));
    }

    /** Adds the advisor to the {@code ChatClient.Builder} that Spring AI's auto-configuration provides. */
    @Bean
    @ConditionalOnBooleanProperty(name = "ai.resilience.spring-ai.chat-client", matchIfMissing = true)
    public ChatClientBuilderCustomizer aiResilienceChatClientCustomizer(ObjectProvider<ResilienceAdvisor> advisor) {
        return builder -> advisor.ifAvailable(builder::defaultAdvisors);
    }

    /** Warns once per bean when Spring AI's OpenAI chat model retries inside the advisor's attempts. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(OpenAiChatModel.class)
    static class OpenAiRetries {

        @Bean
        static SmartInitializingSingleton aiResilienceOpenAiRetriesCheck(ObjectProvider<ChatModel> models) {
            return () -> models.orderedStream().forEach(OpenAiRetries::warnIfRetrying);
        }

        static boolean warnIfRetrying(ChatModel model) {
            if (!(model instanceof OpenAiChatModel)) {
                return false;
            }
            OpenAiChatOptions options = ((OpenAiChatModel) model).getOptions();
            int retries = options == null ? 0 : options.getMaxRetries();
            if (retries <= 0) {
                return false;
            }
            LOG.warn("Spring AI's OpenAiChatModel has maxRetries={}: the OpenAI SDK retries inside each attempt of "
                    + "ai-resilience's advisor (up to {} requests per attempt, with waits of its own). Set "
                    + "spring.ai.openai.chat.options.max-retries=0 (or OpenAiChatOptions.builder().maxRetries(0)).",
                    retries, retries + 1);
            return true;
        }
    }
}
