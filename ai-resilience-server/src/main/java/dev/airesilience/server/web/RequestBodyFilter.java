package dev.airesilience.server.web;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.ObjectMapper;

/**
 * Reads a request body before any handler does, without waiting on a worker thread and within a deadline, so a
 * client that dribbles its body (slowloris) holds only its connection, and only until {@code body-read-timeout}
 * (then 408).
 * A body over {@code max-body-bytes}, or chunked (length unknown), is refused with 413 before a byte is read. The
 * handler then reads the buffered body. Runs after the security chain: bodies of refused requests are never read.
 */
public final class RequestBodyFilter extends OncePerRequestFilter {

    private static final String BODY = RequestBodyFilter.class.getName() + ".body";
    private static final int CHUNK = 8_192;

    private final long maxBytes;
    private final Duration timeout;
    private final ObjectMapper json;

    public RequestBodyFilter(long maxBytes, Duration timeout, ObjectMapper json) {
        this.maxBytes = maxBytes;
        this.timeout = timeout;
        this.json = json;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getAttribute(BODY) instanceof byte[] body) {
            chain.doFilter(new BufferedBodyRequest(request, body), response);
            return;
        }
        long length = request.getContentLengthLong();
        boolean chunked = length < 0 && "chunked".equalsIgnoreCase(request.getHeader("Transfer-Encoding"));
        if (length > maxBytes || chunked) {
            String message = chunked ? "Request body must declare its Content-Length (at most " + maxBytes + " bytes)"
                    : "Request body must be at most " + maxBytes + " bytes, got " + length;
            write(response, 413, ErrorBody.of(message, "REQUEST_TOO_LARGE", Map.of("max_bytes", maxBytes)));
            return;
        }
        if (length <= 0 || request.getDispatcherType() != DispatcherType.REQUEST) {
            chain.doFilter(request, response);
            return;
        }
        // What has arrived already (usually the whole body, sent with the headers) is read at once; only a body
        // still on its way is waited for, and without a thread. Grows with what is sent, not with what is declared.
        ServletInputStream in = request.getInputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream((int) Math.min(length, CHUNK));
        byte[] chunk = new byte[CHUNK];
        int read = 0;
        while (body.size() < length && read >= 0 && in.available() > 0) {
            read = in.read(chunk);
            if (read > 0) {
                body.write(chunk, 0, read);
            }
        }
        if (body.size() == length) {
            chain.doFilter(new BufferedBodyRequest(request, body.toByteArray()), response);
            return;
        }
        AsyncContext async = request.startAsync();
        async.setTimeout(timeout.toMillis());
        async.addListener(new Deadline());
        in.setReadListener(new Reader(async, in, body, chunk));
    }

    /** Buffers the rest as it arrives; once it is all in, dispatches the request again, now with its body. */
    private static final class Reader implements ReadListener {
        private final AsyncContext async;
        private final ServletInputStream in;
        private final ByteArrayOutputStream body;
        private final byte[] chunk;

        Reader(AsyncContext async, ServletInputStream in, ByteArrayOutputStream body, byte[] chunk) {
            this.async = async;
            this.in = in;
            this.body = body;
            this.chunk = chunk;
        }

        @Override
        public void onDataAvailable() throws IOException {
            while (in.isReady() && !in.isFinished()) {
                int read = in.read(chunk);
                if (read > 0) {
                    body.write(chunk, 0, read);
                }
            }
        }

        @Override
        public void onAllDataRead() {
            async.getRequest().setAttribute(BODY, body.toByteArray());
            async.dispatch();
        }

        @Override
        public void onError(Throwable clientGone) {
            async.complete();
        }
    }

    /** The body did not arrive within the deadline: 408, and Tomcat closes the connection. */
    private final class Deadline implements AsyncListener {
        @Override
        public void onTimeout(AsyncEvent event) throws IOException {
            HttpServletResponse response = (HttpServletResponse) event.getAsyncContext().getResponse();
            if (!response.isCommitted()) {
                write(response, 408, ErrorBody.of("Request body not received within " + timeout.toMillis() + " ms",
                        "REQUEST_TIMEOUT", Map.of("timeout_ms", timeout.toMillis())));
            }
            event.getAsyncContext().complete();
        }

        @Override
        public void onComplete(AsyncEvent event) {}

        @Override
        public void onError(AsyncEvent event) {}

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }

    private void write(HttpServletResponse response, int status, ErrorBody body) throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), body);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    /** The request as the handler sees it: the same, with the buffered body to read. */
    private static final class BufferedBodyRequest extends HttpServletRequestWrapper {
        private final byte[] body;

        BufferedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream bytes = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return bytes.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return bytes.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return bytes.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already buffered");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
            return new BufferedReader(new InputStreamReader(getInputStream(), charset));
        }
    }
}
