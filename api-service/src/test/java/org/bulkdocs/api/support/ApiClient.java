package org.bulkdocs.api.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Real HTTP against the running API, the way a customer's client calls it. */
public final class ApiClient {

  public static final String BULK_PATH = "/medical/v1/document/download-url/bulk";

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final HttpClient http =
      HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
  private final URI base;

  public ApiClient(int port) {
    this.base = URI.create("http://127.0.0.1:" + port);
  }

  /** POST to the bulk endpoint for a patient ID given as plain text (it gets URL-encoded). */
  public HttpResponse<String> startBulk(String patientId, @Nullable String apiKey, @Nullable String jsonBody) {
    return post("patientId=" + URLEncoder.encode(patientId, StandardCharsets.UTF_8), apiKey, jsonBody);
  }

  /** GET on the bulk endpoint: the status of the patient's latest run. */
  public HttpResponse<String> bulkStatus(String patientId, @Nullable String apiKey) {
    return send(
        "GET",
        BULK_PATH + "?patientId=" + URLEncoder.encode(patientId, StandardCharsets.UTF_8),
        apiKey,
        BodyPublishers.noBody(),
        null);
  }

  /** POST to the bulk endpoint with a raw (already encoded) query string, or none when null. */
  public HttpResponse<String> post(@Nullable String rawQuery, @Nullable String apiKey, @Nullable String jsonBody) {
    return send(
        "POST",
        BULK_PATH + (rawQuery == null ? "" : "?" + rawQuery),
        apiKey,
        jsonBody == null ? BodyPublishers.noBody() : BodyPublishers.ofString(jsonBody),
        jsonBody == null ? null : "application/json");
  }

  public HttpResponse<String> send(
      String method,
      String pathAndQuery,
      @Nullable String apiKey,
      BodyPublisher body,
      @Nullable String contentType,
      String... headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(base + pathAndQuery)).timeout(Duration.ofSeconds(30)).method(method, body);
    if (apiKey != null) {
      request.header("x-api-key", apiKey);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (headers.length > 0) {
      request.headers(headers);
    }
    try {
      return http.send(request.build(), BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(HttpResponse<String> response) {
    return JSON.readTree(response.body());
  }
}
