package dev.airesilience.annotation;

import dev.airesilience.AIServiceResilience;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adds resilience to an interface without any framework: a JDK dynamic proxy that runs every
 * {@link Resilient @Resilient} method through the orchestrator, for example a LangChain4j-style AI service.
 *
 * <pre>{@code
 * Assistant assistant = ResilientProxy.create(Assistant.class, rawAssistant, resilience);
 * }</pre>
 *
 * <ul>
 *   <li>Annotations are honoured on the interface's methods, the implementation's methods, and either type
 *       (see {@link ResilientMethods#findAnnotation}); the default operation name is
 *       {@code InterfaceSimpleName.method}.</li>
 *   <li>Every annotated method, fallback included, is validated here, so a misconfiguration fails now with a
 *       message naming the method, not at the first failure.</li>
 *   <li>Methods without the annotation go straight to the implementation.</li>
 *   <li>Exceptions the implementation throws reach the classifier as they are (never as
 *       {@link InvocationTargetException}); callers of annotated methods see the orchestrator's unchecked
 *       exceptions, with the implementation's exception as cause when it is not already one.</li>
 *   <li>{@code equals}: two proxies are equal when their implementations are; {@code hashCode} is the
 *       implementation's; {@code toString} names both.</li>
 * </ul>
 *
 * <p>The proxy is thread-safe if the implementation is.
 */
public final class ResilientProxy {

    private ResilientProxy() {}

    /**
     * A proxy of {@code type} that delegates to {@code implementation} through {@code resilience}.
     *
     * @throws IllegalArgumentException if {@code type} is not an interface, or an annotation is misconfigured
     *     (the message names the method)
     */
    public static <T> T create(Class<T> type, T implementation, AIServiceResilience resilience) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(implementation, "implementation");
        Objects.requireNonNull(resilience, "resilience");
        if (!type.isInterface()) {
            throw new IllegalArgumentException("type must be an interface, but was the class " + type.getName());
        }
        Map<Method, ResilientMethod.Invoker> invokers = new ConcurrentHashMap<>();
        ResilientMethods.resolveAll(type, implementation.getClass())
                .forEach((method, plan) -> invokers.put(method, plan.bind(resilience, implementation)));
        Handler handler = new Handler(type, implementation, Map.copyOf(invokers));
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** True if {@code candidate} was made by {@link #create}. */
    public static boolean isResilientProxy(Object candidate) {
        return candidate != null && Proxy.isProxyClass(candidate.getClass())
                && Proxy.getInvocationHandler(candidate) instanceof Handler;
    }

    private static final class Handler implements InvocationHandler {
        private final Class<?> type;
        private final Object target;
        private final Map<Method, ResilientMethod.Invoker> invokers;

        Handler(Class<?> type, Object target, Map<Method, ResilientMethod.Invoker> invokers) {
            this.type = type;
            this.target = target;
            this.invokers = invokers;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return objectMethod(method, args);
            }
            ResilientMethod.Invoker invoker = invokers.get(method);
            if (invoker == null) {
                return direct(method, args);
            }
            return invoker.invoke(args, () -> direct(method, args));
        }

        private Object direct(Method method, Object[] args) throws Throwable {
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause(); // the classifier and the caller see the real exception
            } catch (IllegalAccessException e) {
                method.setAccessible(true); // a non-public interface, for example one nested in a test
                try {
                    return method.invoke(target, args);
                } catch (InvocationTargetException again) {
                    throw again.getCause();
                }
            }
        }

        private Object objectMethod(Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "equals":
                    Object other = args[0];
                    return isResilientProxy(other)
                            && target.equals(((Handler) Proxy.getInvocationHandler(other)).target);
                case "hashCode":
                    return target.hashCode();
                case "toString":
                    return "ResilientProxy[" + type.getSimpleName() + " -> " + target + "]";
                default:
                    return direct(method, args);
            }
        }
    }
}
