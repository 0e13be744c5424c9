package dev.airesilience.server.web;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import tools.jackson.databind.ObjectMapper;

/**
 * Tomcat's last-resort error page, as the JSON error body. Tomcat answers some requests itself before any filter
 * runs (an encoded {@code /} or a {@code \} in the path); without this valve they would get an HTML page.
 */
public final class JsonErrorReportValve extends ErrorReportValve {

    private final ObjectMapper json;

    public JsonErrorReportValve(ObjectMapper json) {
        this.json = json;
    }

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean ioAllowed = new AtomicBoolean();
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
        if (!ioAllowed.get()) {
            return;
        }
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(json.writeValueAsString(ErrorBody.forStatus(status)));
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException clientGone) {
            // Nobody is left to read the answer.
        }
    }
}
