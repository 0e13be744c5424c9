package dev.airesilience.spring.boot.internal;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.annotation.ResilientMethod;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.support.AopUtils;

/** One bean's advice: runs its {@code @Resilient} methods through invokers bound once to the bean. */
final class ResilientMethodInterceptor implements MethodInterceptor {

    private final Map<Method, ResilientMethod> plans;
    private final Class<?> targetClass;
    private final Supplier<AIServiceResilience> resilience;
    private final Map<Method, ResilientMethod.Invoker> invokers = new ConcurrentHashMap<>();

    ResilientMethodInterceptor(Map<Method, ResilientMethod> plans, Class<?> targetClass, Supplier<AIServiceResilience> resilience) {
        this.plans = plans;
        this.targetClass = targetClass;
        this.resilience = resilience;
    }

    @Override
    public Object invoke(MethodInvocation invocation) throws Throwable {
        ResilientMethod.Invoker invoker = invokers.computeIfAbsent(invocation.getMethod(), method -> {
            ResilientMethod plan = plans.get(method);
            if (plan == null) {
                plan = plans.get(AopUtils.getMostSpecificMethod(method, targetClass));
            }
            return plan == null ? null : plan.bind(resilience.get(), invocation.getThis());
        });
        if (invoker == null) {
            return invocation.proceed();
        }
        // Each attempt needs a fresh invocation so that advice inside ours runs again.
        return invoker.invoke(invocation.getArguments(), () -> (invocation instanceof ProxyMethodInvocation proxied
                ? proxied.invocableClone() : invocation).proceed());
    }
}
