package org.bulkdocs.api.settings;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import org.bulkdocs.api.error.ApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads {@code POST /settings}'s body, {@code {"webhookUrl": "https://..." | "" | null}}, strictly: a
 * size cap before anything is buffered, JSON only, no other field, no duplicate keys, a string or
 * null. Read by hand like the bulk body, so every mistake gets its own 400.
 */
@Component
class SettingsRequestParser {

  static final int MAX_BODY_BYTES = 8 * 1024;
  static final String FIELD = "webhookUrl";

  private final JsonMapper json =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  /** The URL to set, or empty to clear the webhook ({@code ""}, {@code null} or no field). */
  Optional<String> parse(@Nullable String contentType, long declaredLength, InputStream body) {
    if (declaredLength > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    if (!isJson(contentType)) {
      throw ApiException.unsupportedMediaType(
          "The request body must be JSON (Content-Type: application/json), got " + contentType);
    }
    byte[] bytes;
    try {
      bytes = body.readNBytes(MAX_BODY_BYTES + 1);
    } catch (IOException e) {
      throw ApiException.badRequest("The request body could not be read");
    }
    if (bytes.length > MAX_BODY_BYTES) {
      throw tooLarge();
    }
    JsonNode root;
    try {
      root = json.readTree(bytes);
    } catch (JacksonException e) {
      throw ApiException.badRequest("The request body is not valid JSON");
    }
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw ApiException.badRequest(
          "The request body must be a JSON object like {\"webhookUrl\": \"https://...\"}");
    }
    for (String field : root.propertyNames()) {
      if (!FIELD.equals(field)) {
        String shown = field.length() > 40 ? field.substring(0, 40) + "..." : field;
        throw ApiException.badRequest(
            "Unknown field \"" + shown + "\" in the request body: only \"webhookUrl\" is allowed");
      }
    }
    JsonNode url = root.get(FIELD);
    if (url == null || url.isNull()) {
      return Optional.empty();
    }
    if (!url.isString()) {
      throw ApiException.badRequest("webhookUrl must be a string or null");
    }
    return url.stringValue().isEmpty() ? Optional.empty() : Optional.of(url.stringValue());
  }

  private static ApiException tooLarge() {
    return ApiException.payloadTooLarge("The request body may be at most " + MAX_BODY_BYTES + " bytes");
  }

  /** No Content-Type is taken as JSON: plain HTTP clients often omit it. */
  private static boolean isJson(@Nullable String contentType) {
    if (contentType == null || contentType.isBlank()) {
      return true;
    }
    try {
      MediaType type = MediaType.parseMediaType(contentType);
      return type.isCompatibleWith(MediaType.APPLICATION_JSON)
          || ("application".equals(type.getType()) && type.getSubtype().endsWith("+json"));
    } catch (InvalidMediaTypeException e) {
      return false;
    }
  }
}
