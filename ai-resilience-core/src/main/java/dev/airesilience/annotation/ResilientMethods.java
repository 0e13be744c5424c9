package dev.airesilience.annotation;

import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.internal.OperationNames;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * Finds {@link Resilient @Resilient} methods and validates them, fallbacks included, up front: a missing
 * fallback or one with the wrong signature is reported when the proxy (or the Spring context) is created, with
 * a message that names the method, never at the first failure. Framework-neutral, so that
 * {@link ResilientProxy} and the Spring Boot starter share one set of rules. Stateless and thread-safe.
 */
public final class ResilientMethods {

    private ResilientMethods() {}

    /**
     * The annotation that governs {@code method} when it is invoked on an instance of {@code targetClass}. First
     * match wins: the method as {@code targetClass} implements it, {@code method} itself, the same method on an
     * interface of {@code targetClass} or of the declaring type, {@code targetClass}, then the type declaring
     * {@code method}. So an annotated interface method counts whether a front end sees the interface's method
     * (a JDK proxy) or the bean's own (Spring AOP). Methods declared by {@link Object} are never resilient.
     */
    public static Optional<Resilient> findAnnotation(Method method, Class<?> targetClass) {
        if (method.getDeclaringClass() == Object.class) {
            return Optional.empty();
        }
        Method specific = mostSpecific(method, targetClass);
        Resilient found = specific.getAnnotation(Resilient.class);
        if (found == null) {
            found = method.getAnnotation(Resilient.class);
        }
        if (found == null) {
            found = onInterfaceMethod(method, targetClass != null ? targetClass : method.getDeclaringClass());
        }
        if (found == null && targetClass != null) {
            found = targetClass.getAnnotation(Resilient.class);
        }
        if (found == null) {
            found = method.getDeclaringClass().getAnnotation(Resilient.class);
        }
        return Optional.ofNullable(found);
    }

    private static Resilient onInterfaceMethod(Method method, Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Class<?> iface : c.getInterfaces()) {
                try {
                    Resilient found = iface.getMethod(method.getName(), method.getParameterTypes())
                            .getAnnotation(Resilient.class);
                    if (found != null) {
                        return found;
                    }
                } catch (NoSuchMethodException notHere) {
                    // not declared by this interface
                }
            }
        }
        return null;
    }

    /** {@code SimpleClassName.methodName}: the operation name used when {@link Resilient#operation()} is empty. */
    public static String defaultOperationName(Class<?> owner, Method method) {
        return owner.getSimpleName() + "." + method.getName();
    }

    /**
     * The validated plan for {@code method}, or empty when it carries no {@link Resilient @Resilient}.
     *
     * @param owner the type whose simple name makes the default operation name (the proxied interface, or the
     *     bean class)
     * @param method the invoked method (an interface method or the target's own)
     * @param targetClass the class of the object the method runs on; the fallback method is looked up there
     * @throws IllegalArgumentException naming the method, if the annotation is misconfigured: more than one
     *     strategy, an invalid operation name, an unsupported asynchronous return type, or a fallback method
     *     that is missing, ambiguous or has the wrong parameters or return type
     */
    public static Optional<ResilientMethod> resolve(Class<?> owner, Method method, Class<?> targetClass) {
        return findAnnotation(method, targetClass).map(annotation -> resolve(owner, method, targetClass, annotation));
    }

    /**
     * Resolves every {@code @Resilient} method of {@code owner}'s public methods (interface methods included),
     * failing on the first misconfiguration. This is the startup check of the front ends.
     *
     * @throws IllegalArgumentException as {@link #resolve(Class, Method, Class)}
     */
    public static Map<Method, ResilientMethod> resolveAll(Class<?> owner, Class<?> targetClass) {
        Map<Method, ResilientMethod> plans = new LinkedHashMap<>();
        Method[] methods = owner.getMethods();
        Arrays.sort(methods, Comparator.comparing(Method::getName).thenComparing(Method::toString)); // stable order
        for (Method method : methods) {
            if (method.isBridge() || method.isSynthetic() || Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            resolve(owner, method, targetClass).ifPresent(plan -> plans.put(method, plan));
        }
        return plans;
    }

    static ResilientMethod resolve(Class<?> owner, Method method, Class<?> targetClass, Resilient annotation) {
        String where = describe(owner, method);
        String operation = annotation.operation().isEmpty() ? defaultOperationName(owner, method) : annotation.operation();
        try {
            OperationNames.validate(operation);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("@Resilient on " + where + ": " + e.getMessage(), e);
        }
        ResilienceStrategy[] strategies = annotation.strategy();
        if (strategies.length > 1) {
            throw new IllegalArgumentException("@Resilient on " + where + ": strategy must list at most 1 strategy, but "
                    + "listed " + strategies.length + ": " + Arrays.toString(strategies));
        }
        ResilientMethod.Kind kind = kindOf(method, where);
        Method fallback = null;
        if (!annotation.fallbackMethod().isEmpty()) {
            fallback = resolveFallback(owner, method, targetClass == null ? method.getDeclaringClass() : targetClass,
                    annotation.fallbackMethod());
        }
        return new ResilientMethod(method, operation, strategies.length == 0 ? null : strategies[0], kind, fallback);
    }

    /**
     * Finds and validates the fallback named {@code fallbackName} for {@code method} on {@code targetClass}
     * (any visibility, inherited ones included). It takes the method's parameters, optionally followed by one
     * {@link Throwable} parameter (preferred when both forms exist), and returns a type assignable to the
     * method's return type; for an asynchronous method, either such a stage or a plain element value.
     *
     * @throws IllegalArgumentException naming the method and the expected signatures, if no method fits, or
     *     more than one fits equally well
     */
    public static Method resolveFallback(Class<?> owner, Method method, Class<?> targetClass, String fallbackName) {
        String where = describe(owner, method);
        List<Method> named = methodsNamed(targetClass, fallbackName);
        if (named.isEmpty()) {
            throw fallbackProblem(where, method, targetClass, fallbackName, "there is no method named '" + fallbackName
                    + "' in " + targetClass.getName());
        }
        Class<?>[] params = method.getParameterTypes();
        List<Method> plain = new ArrayList<>();
        List<Method> withFailure = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        for (Method candidate : named) {
            Class<?>[] candidateParams = candidate.getParameterTypes();
            boolean samePrefix = candidateParams.length >= params.length
                    && Arrays.equals(Arrays.copyOf(candidateParams, params.length), params);
            boolean takesFailure = samePrefix && candidateParams.length == params.length + 1
                    && Throwable.class.isAssignableFrom(candidateParams[params.length]);
            if (!samePrefix || (candidateParams.length != params.length && !takesFailure)) {
                rejected.add(signature(candidate) + " has the wrong parameters");
                continue;
            }
            String returnProblem = returnProblem(method, candidate);
            if (returnProblem != null) {
                rejected.add(signature(candidate) + " " + returnProblem);
                continue;
            }
            (takesFailure ? withFailure : plain).add(candidate);
        }
        List<Method> best = !withFailure.isEmpty() ? withFailure : plain;
        if (best.size() == 1) {
            Method found = best.get(0);
            boolean publicApi = Modifier.isPublic(found.getModifiers())
                    && Modifier.isPublic(found.getDeclaringClass().getModifiers());
            // Private fallbacks are the norm; public ones of public types need no access override.
            if (!publicApi && !found.trySetAccessible()) {
                throw fallbackProblem(where, method, targetClass, fallbackName, signature(found)
                        + " is not accessible (open its package to dev.airesilience)");
            }
            return found;
        }
        if (best.size() > 1) {
            throw fallbackProblem(where, method, targetClass, fallbackName, "it is ambiguous: "
                    + best.stream().map(ResilientMethods::signature).collect(Collectors.joining(", ")));
        }
        throw fallbackProblem(where, method, targetClass, fallbackName, String.join("; ", rejected));
    }

    // ---------------------------------------------------------------- helpers

    /** Whether Reactor is on the class path: only then are Mono and Flux methods supported. */
    private static final boolean REACTOR = isPresent("reactor.core.publisher.Flux");

    private static boolean isPresent(String className) {
        try {
            Class.forName(className, false, ResilientMethods.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Results that do their work after the method has returned: reactive publishers, streams, iterators. */
    private static boolean isLazy(Class<?> type) {
        if (java.util.stream.BaseStream.class.isAssignableFrom(type) || java.util.Iterator.class.isAssignableFrom(type)) {
            return true;
        }
        for (Class<?> candidate = type; candidate != null; candidate = candidate.getSuperclass()) {
            if (declaresPublisher(candidate)) {
                return true;
            }
        }
        return false;
    }

    private static boolean declaresPublisher(Class<?> type) {
        String name = type.getName();
        if (name.equals("org.reactivestreams.Publisher") || name.equals("java.util.concurrent.Flow$Publisher")
                || name.startsWith("kotlinx.coroutines.flow.")) {
            return true;
        }
        for (Class<?> implemented : type.getInterfaces()) {
            if (declaresPublisher(implemented)) {
                return true;
            }
        }
        return false;
    }

    private static ResilientMethod.Kind kindOf(Method method, String where) {
        Class<?> type = method.getReturnType();
        if (type == CompletableFuture.class) {
            return ResilientMethod.Kind.COMPLETABLE_FUTURE;
        }
        if (type == CompletionStage.class) {
            return ResilientMethod.Kind.COMPLETION_STAGE;
        }
        if (Future.class.isAssignableFrom(type) || CompletionStage.class.isAssignableFrom(type)) {
            throw new IllegalArgumentException("@Resilient on " + where + ": return type " + type.getName()
                    + " is not supported; asynchronous methods must return CompletionStage or CompletableFuture");
        }
        if (REACTOR) {
            if (Reactive.isMono(type)) {
                return ResilientMethod.Kind.MONO;
            }
            if (Reactive.isFlux(type) || Reactive.isPlainPublisher(type)) {
                return ResilientMethod.Kind.FLUX;
            }
        }
        if (isLazy(type)) {
            // Returned at once and evaluated later: passed through, its failures would look like successes.
            throw new IllegalArgumentException("@Resilient on " + where + ": return type " + type.getName()
                    + " cannot be protected (it is evaluated after the method returns); return a value, a "
                    + "CompletionStage" + (REACTOR ? ", a Mono, a Flux or a Publisher"
                            : ", or a Mono, Flux or Publisher with Reactor on the class path"));
        }
        return ResilientMethod.Kind.VALUE;
    }

    /** Null when {@code fallback}'s return type fits {@code method}, otherwise what is wrong with it. */
    private static String returnProblem(Method method, Method fallback) {
        Class<?> expected = method.getReturnType();
        Class<?> actual = fallback.getReturnType();
        if (expected == void.class || actual == void.class) {
            return expected == actual ? null : "returns " + actual.getSimpleName() + ", not " + expected.getSimpleName();
        }
        if (box(expected).isAssignableFrom(box(actual))) {
            return null;
        }
        if (REACTOR && (Reactive.isMono(expected) || Reactive.isFlux(expected) || Reactive.isPlainPublisher(expected))) {
            if (Reactive.isPublisher(actual)) {
                return null; // adapted to the method's Mono or Flux
            }
            Class<?> element = elementType(method);
            return element.isAssignableFrom(box(actual)) ? null : "returns " + actual.getSimpleName()
                    + ", which is neither a Publisher nor assignable to " + element.getSimpleName();
        }
        if (expected == CompletionStage.class || expected == CompletableFuture.class) {
            if (CompletionStage.class.isAssignableFrom(actual)) {
                return null; // any stage is adapted to the method's future type
            }
            Class<?> element = elementType(method);
            if (element.isAssignableFrom(box(actual))) {
                return null;
            }
            return "returns " + actual.getSimpleName() + ", which is neither a CompletionStage nor assignable to "
                    + element.getSimpleName();
        }
        return "returns " + actual.getSimpleName() + ", which is not assignable to " + expected.getSimpleName();
    }

    /** The raw element type of a {@code CompletionStage<T>} return type, or Object when it cannot be told. */
    private static Class<?> elementType(Method method) {
        Type type = method.getGenericReturnType();
        if (type instanceof ParameterizedType) {
            Type argument = ((ParameterizedType) type).getActualTypeArguments()[0];
            if (argument instanceof WildcardType) {
                argument = ((WildcardType) argument).getUpperBounds()[0];
            }
            if (argument instanceof Class) {
                return (Class<?>) argument;
            }
            if (argument instanceof ParameterizedType) {
                return (Class<?>) ((ParameterizedType) argument).getRawType();
            }
        }
        return Object.class;
    }

    private static List<Method> methodsNamed(Class<?> type, String name) {
        List<Method> found = new ArrayList<>();
        List<Class<?>> interfaces = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            interfaces.addAll(Arrays.asList(c.getInterfaces()));
            if (Proxy.isProxyClass(c)) {
                continue; // a generated implementation (LangChain4j-style): use its interfaces' methods instead
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(name) && !m.isBridge() && !m.isSynthetic() && !overridden(m, found)) {
                    found.add(m);
                }
            }
        }
        for (Class<?> iface : interfaces) { // default methods, dispatched to the implementation when invoked
            for (Method m : iface.getMethods()) {
                if (m.getName().equals(name) && !Modifier.isStatic(m.getModifiers()) && !overridden(m, found)) {
                    found.add(m);
                }
            }
        }
        return found;
    }

    private static boolean overridden(Method m, List<Method> found) {
        return found.stream().anyMatch(f -> Arrays.equals(f.getParameterTypes(), m.getParameterTypes()));
    }

    private static Method mostSpecific(Method method, Class<?> targetClass) {
        if (targetClass == null || targetClass == method.getDeclaringClass()) {
            return method;
        }
        try {
            return targetClass.getMethod(method.getName(), method.getParameterTypes());
        } catch (NoSuchMethodException notPublic) {
            return method;
        }
    }

    private static IllegalArgumentException fallbackProblem(String where, Method method, Class<?> targetClass,
            String fallbackName, String problem) {
        String params = Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "));
        String returns = method.getGenericReturnType().getTypeName().replaceAll("[\\w.]+\\.(\\w+)", "$1");
        return new IllegalArgumentException("@Resilient on " + where + ": fallbackMethod '" + fallbackName
                + "' is not usable: " + problem + ". Expected in " + targetClass.getName() + ": " + returns + " "
                + fallbackName + "(" + params + ") or " + returns + " " + fallbackName + "(" + params
                + (params.isEmpty() ? "" : ", ") + "Throwable)");
    }

    static String describe(Class<?> owner, Method method) {
        return owner.getSimpleName() + "." + method.getName() + "("
                + Arrays.stream(method.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", "))
                + ")";
    }

    private static String signature(Method m) {
        return m.getReturnType().getSimpleName() + " " + m.getName() + "("
                + Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName).collect(Collectors.joining(", ")) + ")";
    }

    private static Class<?> box(Class<?> type) {
        return MethodType.methodType(type).wrap().returnType();
    }
}
