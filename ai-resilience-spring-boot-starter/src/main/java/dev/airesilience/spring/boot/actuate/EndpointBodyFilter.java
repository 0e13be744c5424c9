package dev.airesilience.spring.boot.actuate;

import dev.airesilience.config.schema.ConfigSchema;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets {@code POST /actuator/airesilience} take the bare configuration document, as every other endpoint does.
 * Actuator reads a write operation's body as a map of strings, so an object anywhere in it is a 400 before our
 * code runs; this filter hands the endpoint {@code {"configuration": "<the document as JSON text>"}} instead. The
 * older text form passes unchanged; {@code {"configuration": {...}}} is unwrapped like a bare document.
 */
public final class EndpointBodyFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!"POST".equals(request.getMethod())) {
            chain.doFilter(request, response);
            return;
        }
        // Reading more than the core accepts would only buffer what it rejects; the core names the size then.
        byte[] body = request.getInputStream().readNBytes(ConfigSchema.MAX_PAYLOAD_BYTES + 1);
        String text = new String(body, StandardCharsets.UTF_8);
        String document = document(text);
        byte[] forwarded = JSON.writeValueAsBytes(Map.of("configuration", document));
        chain.doFilter(new Body(request, forwarded), response);
    }

    /** The configuration document the body carries, as JSON text (the body itself when it is not JSON). */
    static String document(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            return body; // the core reports where the JSON breaks
        }
        if (root != null && root.isObject() && root.size() == 1 && root.has("configuration")) {
            JsonNode wrapped = root.get("configuration");
            return wrapped.isString() ? wrapped.asString() : JSON.writeValueAsString(wrapped);
        }
        return body;
    }

    /** The request with another body. */
    private static final class Body extends HttpServletRequestWrapper {
        private final byte[] body;

        Body(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already in memory");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getContentType() {
            return "application/json";
        }

        @Override
        public String getHeader(String name) {
            if ("Content-Type".equalsIgnoreCase(name)) {
                return "application/json";
            }
            if ("Content-Length".equalsIgnoreCase(name)) {
                return Integer.toString(body.length);
            }
            return super.getHeader(name);
        }
    }
}
