package org.bulkdocs.api.error;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Replaces Spring Boot's whitelabel/JSON error page. Only errors that never reached
 * {@link ApiExceptionHandler} land here (the container's own rejections, failures in filters), and
 * they must still get Metriport's error shape and never a stack trace.
 */
@RestController
@Hidden // the container's error page, not an endpoint: the errors are documented per operation
public class ApiErrorController implements ErrorController {

  private static final Logger log = LoggerFactory.getLogger(ApiErrorController.class);

  @RequestMapping("${server.error.path:/error}")
  ResponseEntity<ApiError> error(HttpServletRequest request) {
    Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
    // Without the attribute this is a direct call to /error, which is not an endpoint.
    HttpStatusCode status = code instanceof Integer i ? HttpStatusCode.valueOf(i) : HttpStatus.NOT_FOUND;
    if (status.is5xxServerError()) {
      Object failure = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
      log.error(
          "Request to {} failed with {}",
          request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI),
          status.value(),
          failure instanceof Throwable t ? t : null);
    }
    return ResponseEntity.status(status)
        .contentType(ApiError.CONTENT_TYPE)
        .body(ApiError.of(status, ApiExceptionHandler.defaultDetail(status)));
  }
}
