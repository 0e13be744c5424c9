package dev.airesilience.server;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** The service's routes, read from the controllers' request mappings, so a new endpoint is covered without editing a test. */
public final class Routes {

    /** One route: a method and a concrete path (path variables filled in with {@code probe}). */
    public record Route(String method, String path, boolean takesBody) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** The internal routes that need no key: health, and the benchmark thresholds (public in the seed). */
    public static final Set<String> PUBLIC = Set.of("/internal/resilience/health",
            "/internal/resilience/performance/thresholds");

    private Routes() {}

    /** Whether {@code route} is one of the {@link #PUBLIC} routes. */
    public static boolean isPublic(Route route) {
        return PUBLIC.contains(route.path());
    }

    /** Every mapped route whose pattern starts with {@code prefix}. */
    public static List<Route> of(RequestMappingHandlerMapping mappings, String prefix) {
        TreeSet<String> seen = new TreeSet<>();
        List<Route> routes = new ArrayList<>();
        for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mappings.getHandlerMethods().entrySet()) {
            RequestMappingInfo info = entry.getKey();
            boolean takesBody = Arrays.stream(entry.getValue().getMethodParameters())
                    .anyMatch(parameter -> parameter.hasParameterAnnotation(RequestBody.class));
            List<String> methods = info.getMethodsCondition().getMethods().isEmpty() ? List.of("GET")
                    : info.getMethodsCondition().getMethods().stream().map(RequestMethod::name).toList();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith(prefix)) {
                    continue;
                }
                String path = pattern.replaceAll("\\{[^}]+}", "probe");
                for (String method : methods) {
                    if (seen.add(method + " " + path)) {
                        routes.add(new Route(method, path, takesBody));
                    }
                }
            }
        }
        return routes;
    }
}
