package dev.airesilience.spring.boot.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.annotation.Resilient;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.time.ManualClock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanInitializationException;

class ResilientBeanPostProcessorTest {

    private final AIServiceResilience resilience = AIServiceResilience.builder().clock(ManualClock.autoAdvancing()).build();
    private final ResilientBeanPostProcessor processor = new ResilientBeanPostProcessor(() -> resilience);

    @Test
    void beansWithoutResilientMethodsAreReturnedUnchanged() {
        Object plain = new StringBuilder("x");
        assertThat(processor.postProcessAfterInitialization(plain, "plain")).isSameAs(plain);
        Plain mine = new Plain();
        assertThat(processor.postProcessAfterInitialization(mine, "mine")).isSameAs(mine);
    }

    @Test
    void aFinalClassIsProxiedThroughItsInterfaceAndRetried() {
        Object proxy = processor.postProcessAfterInitialization(new FinalAssistant(), "assistant");
        assertThat(AopUtils.isJdkDynamicProxy(proxy)).isTrue();
        assertThat(((Assistant) proxy).chat("hi")).isEqualTo("hi after 2 attempts");
        assertThat(resilience.getMetrics("FinalAssistant.chat").successfulCalls()).isEqualTo(1);
    }

    @Test
    void anExistingProxyGetsTheAdviceOutermostSoEveryRetryRunsTheInnerAdviceAgain() {
        List<String> inner = new ArrayList<>();
        ProxyFactory factory = new ProxyFactory(new FlakyAssistant());
        factory.setProxyTargetClass(true);
        factory.addAdvice((MethodInterceptor) invocation -> {
            inner.add("tx");
            return invocation.proceed();
        });
        Object existing = factory.getProxy();
        Object result = processor.postProcessAfterInitialization(existing, "assistant");
        assertThat(result).isSameAs(existing);
        assertThat(((FlakyAssistant) result).chat("hi")).isEqualTo("hi after 2 attempts");
        assertThat(inner).containsExactly("tx", "tx");
    }

    @Test
    void aBadFallbackIsReportedWithTheBeanAndMethodName() {
        assertThatThrownBy(() -> processor.postProcessAfterInitialization(new BadFallback(), "bad"))
                .isInstanceOf(BeanInitializationException.class)
                .hasMessageContaining("Bean 'bad'")
                .hasMessageContaining("BadFallback.chat(String)")
                .hasMessageContaining("returns Integer, which is not assignable to String");
    }

    public interface Assistant {
        String chat(String message);
    }

    public static final class FinalAssistant implements Assistant {
        private final AtomicInteger attempts = new AtomicInteger();

        @Override
        @Resilient
        public String chat(String message) {
            if (attempts.incrementAndGet() < 2) {
                throw new TransientAIException("timeout");
            }
            return message + " after " + attempts.get() + " attempts";
        }
    }

    public static class FlakyAssistant {
        private final AtomicInteger attempts = new AtomicInteger();

        @Resilient
        public String chat(String message) {
            if (attempts.incrementAndGet() < 2) {
                throw new TransientAIException("timeout");
            }
            return message + " after " + attempts.get() + " attempts";
        }
    }

    public static class Plain {
        public String chat(String message) {
            return message;
        }
    }

    public static class BadFallback {
        @Resilient(fallbackMethod = "fallback")
        public String chat(String message) {
            return message;
        }

        Integer fallback(String message) {
            return 0;
        }
    }
}
