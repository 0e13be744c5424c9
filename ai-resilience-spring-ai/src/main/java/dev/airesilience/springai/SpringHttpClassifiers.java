package dev.airesilience.springai;

import dev.airesilience.classify.Classification;
import dev.airesilience.classify.FailureClassifier;
import dev.airesilience.classify.HttpClassification;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import org.springframework.web.reactive.function.client.WebClientResponseException;

/** Spring's HTTP client exceptions, by status code and response headers. One nested class per optional library. */
final class SpringHttpClassifiers {

    private SpringHttpClassifiers() {}

    static Map<String, List<String>> headers(HttpHeaders headers) {
        if (headers == null) {
            return Map.of();
        }
        Map<String, List<String>> map = new LinkedHashMap<>();
        headers.forEach((name, values) -> map.put(name, List.copyOf(values)));
        return map;
    }

    /**
     * spring-web: {@link RestClientResponseException} (RestClient, RestTemplate; Spring AI's {@code RetryUtils}
     * keeps it as cause) by status and headers; {@link ResourceAccessException} (I/O) transient.
     */
    static final class RestClient implements FailureClassifier {
        @Override
        public Classification classify(Throwable failure) {
            if (failure instanceof RestClientResponseException) {
                RestClientResponseException e = (RestClientResponseException) failure;
                return HttpClassification.of(e.getStatusCode().value(), headers(e.getResponseHeaders()),
                        e.getResponseBodyAsString(), Instant.now());
            }
            if (failure instanceof ResourceAccessException) {
                return Classification.TRANSIENT;
            }
            return null;
        }
    }

    /** spring-webflux: {@link WebClientResponseException} by status and headers; {@link WebClientRequestException} transient. */
    static final class WebClient implements FailureClassifier {
        @Override
        public Classification classify(Throwable failure) {
            if (failure instanceof WebClientResponseException) {
                WebClientResponseException e = (WebClientResponseException) failure;
                return HttpClassification.of(e.getStatusCode().value(), headers(e.getHeaders()),
                        e.getResponseBodyAsString(), Instant.now());
            }
            if (failure instanceof WebClientRequestException) {
                return Classification.TRANSIENT;
            }
            return null;
        }
    }
}
