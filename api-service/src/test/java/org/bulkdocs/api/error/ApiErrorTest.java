package org.bulkdocs.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpStatusCode;

class ApiErrorTest {

  @ParameterizedTest
  @CsvSource({
    "400, BAD_REQUEST, BadRequestError",
    "401, UNAUTHORIZED, UnauthorizedError",
    "403, FORBIDDEN, ForbiddenError",
    "404, NOT_FOUND, NotFoundError",
    "405, METHOD_NOT_ALLOWED, MethodNotAllowedError",
    "406, NOT_ACCEPTABLE, NotAcceptableError",
    "409, CONFLICT, ConflictError",
    "413, PAYLOAD_TOO_LARGE, PayloadTooLargeError",
    "415, UNSUPPORTED_MEDIA_TYPE, UnsupportedMediaTypeError",
    "429, TOO_MANY_REQUESTS, TooManyRequestsError",
    "500, INTERNAL_SERVER_ERROR, InternalServerError",
    "503, SERVICE_UNAVAILABLE, ServiceUnavailableError",
    "499, BAD_REQUEST, BadRequestError",
    "599, INTERNAL_SERVER_ERROR, InternalServerError"
  })
  void namesFollowMetriport(int status, String name, String title) {
    ApiError error = ApiError.of(HttpStatusCode.valueOf(status), "detail");

    assertThat(error).isEqualTo(new ApiError(status, name, title, "detail"));
  }
}
