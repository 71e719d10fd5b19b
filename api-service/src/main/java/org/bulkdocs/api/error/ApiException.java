package org.bulkdocs.api.error;

import org.springframework.http.HttpHeaders;
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

  /** Headers the answer must carry besides the body, e.g. Retry-After on a 429. */
  private final transient HttpHeaders headers;

  public ApiException(HttpStatusCode status, String detail) {
    super(detail);
    this.status = status;
    this.headers = HttpHeaders.EMPTY;
  }

  public ApiException(HttpStatusCode status, String detail, Throwable cause) {
    super(detail, cause);
    this.status = status;
    this.headers = HttpHeaders.EMPTY;
  }

  private ApiException(HttpStatusCode status, String detail, HttpHeaders headers) {
    super(detail);
    this.status = status;
    this.headers = HttpHeaders.readOnlyHttpHeaders(headers);
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

  /** The customer used up its request budget; {@code Retry-After} says when the next call is allowed. */
  public static ApiException tooManyRequests(String detail, long retryAfterSeconds) {
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
    return new ApiException(HttpStatus.TOO_MANY_REQUESTS, detail, headers);
  }

  /** A dependency (Temporal, S3) could not be reached; the customer may retry later. */
  public static ApiException unavailable(String detail, Throwable cause) {
    return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, detail, cause);
  }

  public HttpStatusCode status() {
    return status;
  }

  public HttpHeaders headers() {
    return headers;
  }

  public String detail() {
    return getMessage();
  }
}
