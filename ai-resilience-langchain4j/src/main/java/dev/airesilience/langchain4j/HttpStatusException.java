package dev.airesilience.langchain4j;

import dev.langchain4j.exception.HttpException;
import java.util.List;
import java.util.Map;

/**
 * LangChain4j's {@link HttpException} with the response headers it otherwise drops, thrown by
 * {@link HeaderKeepingHttpClient}. LangChain4j maps it as it maps any {@code HttpException} (to its
 * {@code RateLimitException}, {@code AuthenticationException} ...), keeping it as the cause, where the
 * classifier finds {@code Retry-After}, {@code retry-after-ms} and {@code x-should-retry}.
 */
public class HttpStatusException extends HttpException {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, List<String>> headers;

    public HttpStatusException(int statusCode, Map<String, List<String>> headers, String body) {
        super(statusCode, body);
        this.headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** The error response's headers. */
    public Map<String, List<String>> headers() {
        return headers == null ? Map.of() : headers;
    }
}
