package dev.airesilience.tests.classify;

import dev.airesilience.classify.*;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A client adapter as a test sees it: registered in this module's test {@code META-INF/services}, it knows only
 * {@link VendorException}, so it changes nothing for the other tests.
 */
public final class VendorClassifierProvider implements FailureClassifierProvider {

    /** What a client library throws: a status, headers and a body, no cause. */
    public static final class VendorException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        final int status;
        final transient Map<String, List<String>> headers;

        public VendorException(int status, Map<String, List<String>> headers, String body) {
            super(status + ": " + body);
            this.status = status;
            this.headers = headers;
        }
    }

    @Override
    public FailureClassifier classifier() {
        return failure -> failure instanceof VendorException
                ? HttpClassification.of(((VendorException) failure).status, ((VendorException) failure).headers,
                        failure.getMessage(), Instant.now())
                : null;
    }
}
