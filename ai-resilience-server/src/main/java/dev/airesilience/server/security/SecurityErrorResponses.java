package dev.airesilience.server.security;

import dev.airesilience.server.web.ErrorBody;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import tools.jackson.databind.ObjectMapper;

/**
 * The security chain's answers as {@link ErrorBody} JSON: 401 (with {@code WWW-Authenticate: Bearer}) while keys
 * are configured, 403 for non-loopback clients while none is, and 400 for requests the firewall rejects. None
 * echoes what was sent: not the key, not the path.
 */
final class SecurityErrorResponses implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {

    private final ApiKeys keys;
    private final ObjectMapper json;

    SecurityErrorResponses(ApiKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    /** An anonymous request was denied. */
    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        if (keys.isEmpty()) {
            forbidden(response, "Only loopback clients may call this endpoint while no API key is configured");
        } else if (request.getAttribute(ApiKeyAuthenticationFilter.REFUSED_KEY) != null) {
            unauthorized(response, "Invalid API key");
        } else {
            unauthorized(response, "API key required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
        }
    }

    /** An authenticated request was denied. */
    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        forbidden(response, "Access denied");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, RequestRejectedException e)
            throws IOException {
        write(response, HttpServletResponse.SC_BAD_REQUEST, "REQUEST_REJECTED", "Request rejected: the path must be "
                + "normalised (no '//', '.' or '..' segments) and free of ';', '\\', encoded '/', '.' or '%'");
    }

    private void unauthorized(HttpServletResponse response, String message) throws IOException {
        response.setHeader("WWW-Authenticate", "Bearer");
        write(response, HttpServletResponse.SC_UNAUTHORIZED, "AUTHENTICATION_ERROR", message);
    }

    private void forbidden(HttpServletResponse response, String message) throws IOException {
        write(response, HttpServletResponse.SC_FORBIDDEN, "AUTHORIZATION_ERROR", message);
    }

    private void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ErrorBody.of(message, code, Map.of()));
    }
}
