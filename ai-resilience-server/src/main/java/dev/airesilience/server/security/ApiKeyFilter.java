package dev.airesilience.server.security;

import dev.airesilience.server.web.ErrorBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Guards {@code /internal/**} (except the resilience health endpoint) and, when keys are configured, the text API.
 *
 * <p>With keys: {@code Authorization: Bearer <key>} or {@code X-API-Key: <key>} must match one. Without keys:
 * internal access is allowed from loopback only, and the text API is open. 401 and 403 bodies never echo what
 * was sent.
 */
public final class ApiKeyFilter extends OncePerRequestFilter {

    private final ApiKeys keys;
    private final ObjectMapper json;

    public ApiKeyFilter(ApiKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean internal = path.startsWith("/internal/") || path.equals("/internal");
        boolean text = path.startsWith("/v1/");
        if ((!internal && !text) || path.equals("/internal/resilience/health")) {
            chain.doFilter(request, response);
            return;
        }
        if (keys.isEmpty()) {
            if (internal && !isLoopback(request.getRemoteAddr())) {
                reject(response, HttpServletResponse.SC_FORBIDDEN, "AUTHORIZATION_ERROR",
                        "Internal endpoints are open only to loopback clients while no API key is configured");
                return;
            }
            chain.doFilter(request, response);
            return;
        }
        String presented = presentedKey(request);
        if (presented == null) {
            reject(response, HttpServletResponse.SC_UNAUTHORIZED, "AUTHENTICATION_ERROR",
                    "API key required: send 'Authorization: Bearer <key>' or 'X-API-Key: <key>'");
            return;
        }
        if (!keys.matches(presented)) {
            reject(response, HttpServletResponse.SC_UNAUTHORIZED, "AUTHENTICATION_ERROR", "Invalid API key");
            return;
        }
        chain.doFilter(request, response);
    }

    private static String presentedKey(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return authorization.substring(7).strip();
        }
        String header = request.getHeader("X-API-Key");
        return header == null ? null : header.strip();
    }

    static boolean isLoopback(String address) {
        if (address == null) {
            return false;
        }
        try {
            // A literal address: no DNS lookup happens.
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void reject(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        if (status == HttpServletResponse.SC_UNAUTHORIZED) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ErrorBody.of(message, code, Map.of()));
    }
}
