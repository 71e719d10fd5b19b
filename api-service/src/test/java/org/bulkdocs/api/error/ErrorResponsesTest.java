package org.bulkdocs.api.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bulkdocs.api.support.ApiAssertions.assertApiError;
import static org.bulkdocs.api.support.TestCustomers.KEY_A;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Spring's own failures (routing, methods, the error page) come out in the same shape as ours. */
@ApiIntegrationTest
class ErrorResponsesTest {

  @LocalServerPort int port;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void unknownEndpointIsNotFound() {
    for (String path : new String[] {"/medical/v1/nothing", "/medical/v1/document/download-url/bulk/", "/", "/nothing"}) {
      HttpResponse<String> response = api.send("GET", path, KEY_A, BodyPublishers.noBody(), null);

      assertApiError(response, 404, "NOT_FOUND", "NotFoundError");
    }
  }

  @Test
  void errorPageItselfAnswersInTheSameShape() {
    HttpResponse<String> response = api.send("GET", "/error", null, BodyPublishers.noBody(), null);

    assertApiError(response, 404, "NOT_FOUND", "NotFoundError");
  }

  @Test
  void errorsIgnoreAnAcceptHeaderThatExcludesJson() {
    HttpResponse<String> response =
        api.send(
            "POST",
            ApiClient.BULK_PATH + "?patientId=a%2Fb",
            KEY_A,
            BodyPublishers.noBody(),
            null,
            "Accept",
            "text/html");

    assertApiError(response, 400, "BAD_REQUEST", "BadRequestError");
    assertThat(response.body()).doesNotContain("<html");
  }

  @Test
  void settingsPathsAreProtectedToo() {
    for (String path : new String[] {"/settings", "/settings/webhook"}) {
      assertApiError(api.send("GET", path, null, BodyPublishers.noBody(), null), 401, "UNAUTHORIZED", "UnauthorizedError");
    }
  }

  @Test
  void undecodableQueryIsABadRequestInTheSameShape() throws IOException {
    // java.net.http refuses to send "%zz", so this request goes over a raw socket.
    String response =
        rawHttp(
            "POST " + ApiClient.BULK_PATH + "?patientId=%zz HTTP/1.1\r\n"
                + "Host: 127.0.0.1\r\n"
                + "x-api-key: " + KEY_A + "\r\n"
                + "Content-Length: 0\r\n"
                + "Connection: close\r\n\r\n");

    assertThat(response).startsWith("HTTP/1.1 400");
    assertThat(response).contains("\"name\":\"BAD_REQUEST\"").doesNotContain("Exception").doesNotContain("\tat ");
  }

  /** Found by Schemathesis: a multipart Content-Type without a boundary used to be a 500, even on a GET. */
  @Test
  void malformedMultipartContentTypeIsNotAServerError() {
    HttpResponse<String> status =
        api.send(
            "GET", ApiClient.BULK_PATH + "?patientId=patient-nobody-has", KEY_A, BodyPublishers.noBody(),
            "multipart/form-data");
    assertApiError(status, 404, "NOT_FOUND", "NotFoundError");

    HttpResponse<String> trigger =
        api.send(
            "POST", ApiClient.BULK_PATH + "?patientId=patient-nobody-has", KEY_A,
            BodyPublishers.ofString("{\"metadata\":{}}"), "multipart/form-data");
    assertApiError(trigger, 415, "UNSUPPORTED_MEDIA_TYPE", "UnsupportedMediaTypeError");
  }

  private String rawHttp(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
