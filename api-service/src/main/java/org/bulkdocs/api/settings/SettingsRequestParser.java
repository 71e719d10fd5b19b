package org.bulkdocs.api.settings;

import java.io.InputStream;
import java.util.Optional;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.api.http.StrictJsonBody;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code POST /settings}'s body, {@code {"webhookUrl": "https://..." | "" | null}}, strictly: a
 * size cap before anything is buffered, JSON only, no other field, no duplicate keys, a string or
 * null. Read by hand like the bulk body, so every mistake gets its own 400.
 */
@Component
class SettingsRequestParser {

  static final int MAX_BODY_BYTES = 8 * 1024;
  static final String FIELD = "webhookUrl";

  /** The URL to set, or empty to clear the webhook ({@code ""}, {@code null} or no field). */
  Optional<String> parse(@Nullable String contentType, long declaredLength, InputStream body) {
    JsonNode root = StrictJsonBody.read(contentType, declaredLength, body, MAX_BODY_BYTES);
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
}
