package dev.airesilience.server.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Boot's error controller. An error the container forwards here keeps its status and gets the JSON error
 * body; a request for {@code /error} itself is a 404 like any unknown path (Boot answered it 500, "status 999").
 */
@RestController
public class ErrorEndpoint implements ErrorController {

    @RequestMapping("${server.error.path:/error}")
    public ResponseEntity<ErrorBody> error(HttpServletRequest request) {
        if (request.getDispatcherType() == DispatcherType.ERROR
                && request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE) instanceof Integer status && status >= 400) {
            return ResponseEntity.status(status).body(ErrorBody.forStatus(status));
        }
        return ResponseEntity.status(404).body(ErrorBody.of("No such endpoint", "NOT_FOUND", Map.of()));
    }
}
