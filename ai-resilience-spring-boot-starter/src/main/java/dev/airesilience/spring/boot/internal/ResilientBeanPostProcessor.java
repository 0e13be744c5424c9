package dev.airesilience.spring.boot.internal;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.annotation.Resilient;
import dev.airesilience.annotation.ResilientMethod;
import dev.airesilience.annotation.ResilientMethods;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopInfrastructureBean;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.framework.ProxyProcessorSupport;
import org.springframework.aop.support.AopUtils;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.StaticMethodMatcherPointcut;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.annotation.AnnotationUtils;
import org.springframework.util.ClassUtils;

/**
 * Validates every bean's {@link Resilient @Resilient} methods when the bean is created (so a bad fallback fails
 * startup, naming the method) and wraps the bean in a proxy whose advice runs those methods through the
 * orchestrator. The rules are core's {@link ResilientMethods}; the orchestrator is looked up on first call.
 */
public final class ResilientBeanPostProcessor extends ProxyProcessorSupport implements BeanPostProcessor {

    private static final long serialVersionUID = 1L;

    private final transient Supplier<AIServiceResilience> resilience;

    public ResilientBeanPostProcessor(Supplier<AIServiceResilience> resilience) {
        this.resilience = resilience;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof AopInfrastructureBean) {
            return bean;
        }
        Class<?> targetClass = ClassUtils.getUserClass(AopUtils.getTargetClass(bean));
        if (!AnnotationUtils.isCandidateClass(targetClass, Resilient.class)) {
            return bean;
        }
        Map<Method, ResilientMethod> plans;
        try {
            plans = ResilientMethods.resolveAll(targetClass, targetClass);
        } catch (IllegalArgumentException e) {
            throw new BeanInitializationException("Bean '" + beanName + "' has an invalid @Resilient method: "
                    + e.getMessage(), e);
        }
        if (plans.isEmpty()) {
            return bean;
        }
        DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new PlannedMethods(plans, targetClass),
                new ResilientMethodInterceptor(plans, targetClass, resilience));
        if (bean instanceof Advised advised && !advised.isFrozen() && AopUtils.isAopProxy(bean)) {
            advised.addAdvisor(0, advisor); // outermost: each retry runs the other advice (transactions, ...) again
            return bean;
        }
        ProxyFactory factory = new ProxyFactory(bean);
        if (Modifier.isFinal(targetClass.getModifiers())) {
            evaluateProxyInterfaces(targetClass, factory);
        } else {
            factory.setProxyTargetClass(true);
        }
        factory.addAdvisor(advisor);
        return factory.getProxy(getProxyClassLoader());
    }

    /** Matches exactly the methods that have a plan. */
    private static final class PlannedMethods extends StaticMethodMatcherPointcut {
        private final Map<Method, ResilientMethod> plans;
        private final Class<?> targetClass;

        PlannedMethods(Map<Method, ResilientMethod> plans, Class<?> targetClass) {
            this.plans = plans;
            this.targetClass = targetClass;
        }

        @Override
        public boolean matches(Method method, Class<?> ignored) {
            return plans.containsKey(method) || plans.containsKey(AopUtils.getMostSpecificMethod(method, targetClass));
        }
    }
}
