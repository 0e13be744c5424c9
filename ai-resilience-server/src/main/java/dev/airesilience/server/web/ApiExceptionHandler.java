package dev.airesilience.server.web;

import dev.airesilience.config.validation.InvalidConfigurationException;
import dev.airesilience.exception.AIServiceException;
import dev.airesilience.exception.CircuitOpenException;
import dev.airesilience.exception.PermanentAIException;
import dev.airesilience.exception.RateLimitException;
import dev.airesilience.exception.TransientAIException;
import dev.airesilience.server.config.ServerSettings;
import dev.airesilience.server.llm.ProviderErrors;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.async.AsyncRequestTimeoutException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Maps failures to {@code {error, error_code, details, timestamp}} with the seed's status table (§4.4), plus a
 * {@code Retry-After} header whenever the client is told to come back later. Unexpected failures are logged
 * here and answered with a generic message.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(ApiExceptionHandler.class);

    private final boolean echoProviderErrors;

    public ApiExceptionHandler(ServerSettings settings) {
        this.echoProviderErrors = settings.echoProviderErrors();
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ErrorBody> api(ApiException e) {
        return respond(e.status(), e.getMessage(), e.errorCode(), e.details(), e.retryAfter());
    }

    @ExceptionHandler(InvalidConfigurationException.class)
    ResponseEntity<ErrorBody> invalidConfiguration(InvalidConfigurationException e) {
        return respond(HttpStatus.BAD_REQUEST, "Invalid configuration: nothing was changed", "VALIDATION_ERROR",
                Map.of("problems", e.problems()), null); // each {path, allowed, received, message}, as /config/validate lists them
    }

    @ExceptionHandler(CircuitOpenException.class)
    ResponseEntity<ErrorBody> circuitOpen(CircuitOpenException e) {
        Duration wait = e.retryAt() == null ? Duration.ofSeconds(1) : Duration.between(Instant.now(), e.retryAt());
        return respond(HttpStatus.SERVICE_UNAVAILABLE, "AI service temporarily unavailable: circuit open for "
                + e.operation(), "SERVICE_UNAVAILABLE", Map.of("operation", e.operation()), wait);
    }

    @ExceptionHandler(RateLimitException.class)
    ResponseEntity<ErrorBody> rateLimited(RateLimitException e) {
        return respond(HttpStatus.TOO_MANY_REQUESTS, "AI service rate limit reached", "RATE_LIMIT_EXCEEDED", Map.of(),
                e.retryAfter().orElse(Duration.ofSeconds(1)));
    }

    @ExceptionHandler(TransientAIException.class)
    ResponseEntity<ErrorBody> transientFailure(TransientAIException e) {
        return respond(HttpStatus.SERVICE_UNAVAILABLE, "AI service temporarily unavailable", "SERVICE_UNAVAILABLE",
                Map.of("reason", ProviderErrors.clientReason(e, echoProviderErrors)), Duration.ofSeconds(5));
    }

    @ExceptionHandler({PermanentAIException.class, AIServiceException.class})
    ResponseEntity<ErrorBody> permanentFailure(AIServiceException e) {
        return respond(HttpStatus.BAD_GATEWAY, "AI service failed and retrying cannot help", "AI_SERVICE_ERROR",
                Map.of("reason", ProviderErrors.clientReason(e, echoProviderErrors)), null);
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ErrorBody> unreadable(HttpMessageNotReadableException e) {
        return respond(HttpStatus.BAD_REQUEST, "Malformed JSON request body", "VALIDATION_ERROR", Map.of(), null);
    }

    @ExceptionHandler(MissingServletRequestParameterException.class)
    ResponseEntity<ErrorBody> missingParameter(MissingServletRequestParameterException e) {
        return api(ApiException.invalidField(e.getParameterName(), "given (" + kind(e.getParameterType()) + ")", null));
    }

    /** A parameter Spring could not convert: named with what it must be and what was sent, no Java type names. */
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ErrorBody> badParameter(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        return api(ApiException.invalidField(e.getName(), kind(type == null ? "" : type.getSimpleName()), e.getValue()));
    }

    private static String kind(String javaType) {
        return switch (javaType.toLowerCase(java.util.Locale.ROOT)) {
            case "int", "integer", "long", "short" -> "a whole number";
            case "double", "float" -> "a number";
            case "boolean" -> "true or false";
            default -> "text";
        };
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ErrorBody> mediaType(HttpMediaTypeNotSupportedException e) {
        return respond(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Send the body as application/json", "VALIDATION_ERROR",
                Map.of(), null);
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ErrorBody> method(HttpRequestMethodNotSupportedException e) {
        return respond(HttpStatus.METHOD_NOT_ALLOWED, "Method " + e.getMethod() + " is not allowed here",
                "METHOD_NOT_ALLOWED", Map.of(), null);
    }

    @ExceptionHandler(NoResourceFoundException.class)
    ResponseEntity<ErrorBody> noResource(NoResourceFoundException e) {
        return respond(HttpStatus.NOT_FOUND, "No such endpoint", "NOT_FOUND", Map.of(), null);
    }

    /** More text requests are in progress than the service takes on, or a batch found the executor's queue full. */
    @ExceptionHandler({TaskRejectedException.class, AsyncRequestTimeoutException.class})
    ResponseEntity<ErrorBody> overloaded(Exception e) {
        return respond(HttpStatus.SERVICE_UNAVAILABLE, "The service is overloaded; try again shortly",
                "SERVICE_UNAVAILABLE", Map.of(), Duration.ofSeconds(1));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ErrorBody> unexpected(Exception e) {
        LOG.error("Unexpected failure while handling a request", e);
        return respond(HttpStatus.INTERNAL_SERVER_ERROR, "Internal error", "INTERNAL_ERROR", Map.of(), null);
    }

    static ResponseEntity<ErrorBody> respond(HttpStatus status, String message, String code,
            Map<String, Object> details, Duration retryAfter) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
        if (retryAfter != null) {
            long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
            builder.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        return builder.body(ErrorBody.of(message, code, details));
    }
}
