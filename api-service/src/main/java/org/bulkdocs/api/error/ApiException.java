package org.bulkdocs.api.error;

import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * An answer we decided on: thrown by validation and domain code, rendered as {@link ApiError} by
 * {@link ApiExceptionHandler}. Its message is the customer-facing detail, so it must never carry
 * internals (keys, stack traces, hostnames).
 */
public class ApiException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient HttpStatusCode status;

  public ApiException(HttpStatusCode status, String detail) {
    super(detail);
    this.status = status;
  }

  public ApiException(HttpStatusCode status, String detail, Throwable cause) {
    super(detail, cause);
    this.status = status;
  }

  public static ApiException badRequest(String detail) {
    return new ApiException(HttpStatus.BAD_REQUEST, detail);
  }

  public static ApiException notFound(String detail) {
    return new ApiException(HttpStatus.NOT_FOUND, detail);
  }

  public static ApiException conflict(String detail) {
    return new ApiException(HttpStatus.CONFLICT, detail);
  }

  public static ApiException payloadTooLarge(String detail) {
    return new ApiException(HttpStatus.CONTENT_TOO_LARGE, detail);
  }

  public static ApiException unsupportedMediaType(String detail) {
    return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, detail);
  }

  /** A dependency (Temporal, S3) could not be reached; the customer may retry later. */
  public static ApiException unavailable(String detail, Throwable cause) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail, cause);
  }

  public HttpStatusCode status() {
    return status;
  }

  public String detail() {
    return getMessage();
  }
}
