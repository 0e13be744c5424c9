package dev.airesilience.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/** Answers 413 before reading a body whose declared length is over the limit; chunked bodies must declare none larger. */
public final class BodySizeFilter extends OncePerRequestFilter {

    private final long maxBytes;
    private final ObjectMapper json;

    public BodySizeFilter(long maxBytes, ObjectMapper json) {
        this.maxBytes = maxBytes;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (length > maxBytes || chunked) {
            response.setStatus(413);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            String message = chunked ? "Request body must declare its Content-Length (at most " + maxBytes + " bytes)"
                    : "Request body must be at most " + maxBytes + " bytes, got " + length;
            json.writeValue(response.getOutputStream(), ErrorBody.of(message, "REQUEST_TOO_LARGE",
                    Map.of("max_bytes", maxBytes)));
            return;
        }
        chain.doFilter(request, response);
    }
}
