package org.bulkdocs.api.error;

import java.util.Set;
import java.util.stream.Collectors;
import org.apache.tomcat.util.http.InvalidParameterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.bulkdocs.common.state.settings.UndecryptableSettingsException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every exception that reaches Spring MVC into an {@link ApiError}. Spring's own exceptions
 * (wrong method, missing parameter, media type, unknown path) implement {@link ErrorResponse} and
 * keep their 4xx status; anything else is a bug and becomes a logged 500 with a generic detail.
 */
@RestControllerAdvice
public class ApiExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

  static final String UNEXPECTED = "An unexpected error occurred; please try again later";

  @ExceptionHandler(ApiException.class)
  ResponseEntity<ApiError> handleApi(ApiException e) {
    if (e.status().is5xxServerError()) {
      log.warn("Answering {}: {}", e.status().value(), e.detail(), e.getCause());
    }
    return respond(e.status(), e.detail(), e.headers());
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ResponseEntity<ApiError> handleUnreadable(HttpMessageNotReadableException e) {
    return respond(HttpStatus.BAD_REQUEST, "The request body could not be read", HttpHeaders.EMPTY);
  }

  /**
   * Tomcat parses the query lazily and throws when it cannot decode it (e.g. {@code %zz}); its error
   * code says whether that was malformed input (400) or too many parameters (413).
   */
  @ExceptionHandler(InvalidParameterException.class)
  ResponseEntity<ApiError> handleUndecodableParameters(InvalidParameterException e) {
    int code = e.getErrorCode();
    HttpStatusCode status = code >= 400 && code < 500 ? HttpStatusCode.valueOf(code) : HttpStatus.BAD_REQUEST;
    return respond(status, "The query string could not be decoded", HttpHeaders.EMPTY);
  }

  @ExceptionHandler({NoResourceFoundException.class, NoHandlerFoundException.class})
  ResponseEntity<ApiError> handleNoEndpoint(Exception e) {
    return respond(HttpStatus.NOT_FOUND, "There is no such endpoint", HttpHeaders.EMPTY);
  }

  @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
  ResponseEntity<ApiError> handleMethod(HttpRequestMethodNotSupportedException e) {
    Set<HttpMethod> supported = e.getSupportedHttpMethods();
    String detail = "Method " + e.getMethod() + " is not allowed on this endpoint";
    if (supported != null && !supported.isEmpty()) {
      detail += "; use " + supported.stream().map(HttpMethod::name).sorted().collect(Collectors.joining(", "));
    }
    // Its headers carry "Allow", which a 405 must send.
    return respond(e.getStatusCode(), detail, e.getHeaders());
  }

  /** A retired key-encryption key is the operator's to put back; the customer can only wait. */
  @ExceptionHandler(UndecryptableSettingsException.class)
  ResponseEntity<ApiError> handleUndecryptable(UndecryptableSettingsException e) {
    log.error(
        "Stored settings do not decrypt with key-encryption key '{}': configure it again in"
            + " WEBHOOK_KEY_ENCRYPTION_KEYS (it was retired before every setting was re-wrapped)",
        e.kekId());
    return respond(
        HttpStatus.SERVICE_UNAVAILABLE,
        "The settings cannot be read right now; the operators have been alerted",
        HttpHeaders.EMPTY);
  }

  @ExceptionHandler(Exception.class)
  ResponseEntity<ApiError> handleAny(Exception e) {
    if (e instanceof ErrorResponse spring) {
      HttpStatusCode status = spring.getStatusCode();
      String detail = spring.getBody().getDetail();
      if (status.is5xxServerError()) {
        log.error("Request failed with {}", status.value(), e);
      }
      return respond(status, detail == null ? defaultDetail(status) : detail, spring.getHeaders());
    }
    log.error("Unexpected error while handling a request", e);
    return respond(HttpStatus.INTERNAL_SERVER_ERROR, UNEXPECTED, HttpHeaders.EMPTY);
  }

  static String defaultDetail(HttpStatusCode status) {
    if (status.is5xxServerError()) {
      return UNEXPECTED;
    }
    HttpStatus known = HttpStatus.resolve(status.value());
    return known == null ? "The request could not be processed" : known.getReasonPhrase();
  }

  private static ResponseEntity<ApiError> respond(HttpStatusCode status, String detail, HttpHeaders headers) {
    // A preset content type wins over the Accept header, so even "Accept: text/html" gets the JSON error.
    return ResponseEntity.status(status)
        .headers(headers)
        .contentType(ApiError.CONTENT_TYPE)
        .body(ApiError.of(status, detail));
  }
}
