package org.bulkdocs.api.settings;

import java.io.InputStream;
import java.math.BigInteger;
import java.util.Optional;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.api.http.StrictJsonBody;
import org.bulkdocs.common.state.settings.CustomerSettings;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads {@code POST /settings}'s body, {@code {"webhookUrl": "https://..." | "" | null, "webhookPageSize":
 * n | null, "webhookUrlValidityMinutes": n | null}}, strictly: a size cap before anything is buffered, JSON only, no other field, no duplicate
 * keys, a string or null, an integer in range or null. Read by hand like the bulk body, so every
 * mistake gets its own 400. An empty object clears the URL (Metriport's meaning); a body with only
 * preferences ({@code webhookPageSize}, {@code webhookUrlValidityMinutes}) leaves the URL as it is.
 */
@Component
class SettingsRequestParser {

  static final int MAX_BODY_BYTES = 8 * 1024;
  static final String FIELD = "webhookUrl";
  static final String PAGE_SIZE_FIELD = "webhookPageSize";
  static final String URL_VALIDITY_FIELD = "webhookUrlValidityMinutes";

  SettingsChange parse(@Nullable String contentType, long declaredLength, InputStream body) {
    JsonNode root = StrictJsonBody.read(contentType, declaredLength, body, MAX_BODY_BYTES);
    if (root == null || root.isMissingNode() || !root.isObject()) {
      throw ApiException.badRequest(
          "The request body must be a JSON object like {\"webhookUrl\": \"https://...\"}");
    }
    for (String field : root.propertyNames()) {
      if (!FIELD.equals(field) && !PAGE_SIZE_FIELD.equals(field) && !URL_VALIDITY_FIELD.equals(field)) {
        String shown = field.length() > 40 ? field.substring(0, 40) + "..." : field;
        throw ApiException.badRequest(
            "Unknown field \"" + shown + "\" in the request body: only \"webhookUrl\", \"webhookPageSize\" and"
                + " \"webhookUrlValidityMinutes\" are allowed");
      }
    }
    boolean setsPageSize = root.has(PAGE_SIZE_FIELD);
    Integer pageSize = setsPageSize ? pageSize(root.get(PAGE_SIZE_FIELD)) : null;
    boolean setsUrlValidity = root.has(URL_VALIDITY_FIELD);
    Integer urlValidity = setsUrlValidity ? urlValidityMinutes(root.get(URL_VALIDITY_FIELD)) : null;
    // a body of preferences only leaves the URL as it is
    boolean setsUrl = root.has(FIELD) || (!setsPageSize && !setsUrlValidity);
    return new SettingsChange(setsUrl, url(root.get(FIELD)), setsPageSize, pageSize, setsUrlValidity, urlValidity);
  }

  private static @Nullable Integer urlValidityMinutes(JsonNode value) {
    if (value.isNull()) {
      return null;
    }
    if (!value.isNumber()
        || !value.canConvertToExactIntegral()
        || value.bigIntegerValue().compareTo(BigInteger.valueOf(CustomerSettings.MIN_URL_VALIDITY_MINUTES)) < 0
        || value.bigIntegerValue().compareTo(BigInteger.valueOf(CustomerSettings.MAX_URL_VALIDITY_MINUTES)) > 0) {
      throw ApiException.badRequest(
          "webhookUrlValidityMinutes must be null (the service's default) or an integer from "
              + CustomerSettings.MIN_URL_VALIDITY_MINUTES + " (5 minutes) to " + CustomerSettings.MAX_URL_VALIDITY_MINUTES
              + " (7 days, the most a presigned URL allows)");
    }
    return value.intValue();
  }

  private static Optional<String> url(@Nullable JsonNode url) {
    if (url == null || url.isNull()) {
      return Optional.empty();
    }
    if (!url.isString()) {
      throw ApiException.badRequest("webhookUrl must be a string or null");
    }
    return url.stringValue().isEmpty() ? Optional.empty() : Optional.of(url.stringValue());
  }

  private static @Nullable Integer pageSize(JsonNode value) {
    if (value.isNull()) {
      return null;
    }
    if (!value.isNumber()
        || !value.canConvertToExactIntegral()
        || value.bigIntegerValue().signum() < 0
        || value.bigIntegerValue().compareTo(BigInteger.valueOf(CustomerSettings.MAX_WEBHOOK_PAGE_SIZE)) > 0) {
      throw ApiException.badRequest(
          "webhookPageSize must be null (the service's default) or an integer from 0 (one message) to "
              + CustomerSettings.MAX_WEBHOOK_PAGE_SIZE);
    }
    return value.intValue();
  }
}
