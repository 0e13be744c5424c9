package dev.airesilience.server.security;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.security.web.authentication.AuthenticationConverter;

/** Reads the key from {@code Authorization: Bearer <key>}, else from {@code X-API-Key: <key>}; null when neither is sent. */
final class ApiKeyAuthenticationConverter implements AuthenticationConverter {

    private static final String BEARER = "Bearer ";

    @Override
    public ApiKeyAuthentication convert(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return ApiKeyAuthentication.presented(authorization.substring(BEARER.length()).strip());
        }
        String header = request.getHeader("X-API-Key");
        return header == null ? null : ApiKeyAuthentication.presented(header.strip());
    }
}
