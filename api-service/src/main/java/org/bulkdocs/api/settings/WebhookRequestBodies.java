package org.bulkdocs.api.settings;

import java.io.InputStream;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Set;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.api.http.StrictJsonBody;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * The bodies of {@code POST /settings/webhook/recover} and {@code POST /settings/webhook/key}, read
 * strictly like every body here: JSON only, no other field, every mistake its own 400.
 */
@Component
class WebhookRequestBodies {

  static final int MAX_BODY_BYTES = 1024;
  static final int DEFAULT_OVERLAP_HOURS = 24;
  static final int MAX_OVERLAP_HOURS = 7 * 24;

  /** {@code since} and {@code until}: ISO-8601 with an offset, {@code until} after {@code since}. */
  record Range(Instant since, @Nullable Instant until) {}

  Range recoverRange(@Nullable String contentType, long declaredLength, InputStream body) {
    JsonNode root = object(contentType, declaredLength, body, Set.of("since", "until"), "{\"since\": \"2026-01-01T00:00:00Z\"}");
    if (!root.has("since")) {
      throw ApiException.badRequest("since is required: the start of the range, e.g. \"2026-01-01T00:00:00Z\"");
    }
    Instant since = instant("since", root.get("since"));
    Instant until = root.has("until") && !root.get("until").isNull() ? instant("until", root.get("until")) : null;
    if (until != null && !until.isAfter(since)) {
      throw ApiException.badRequest("until must be after since");
    }
    return new Range(since, until);
  }

  /** The overlap of a key rotation: {@code overlapHours}, 0 (at once) to 168, default 24; the body may be empty. */
  Duration overlap(@Nullable String contentType, long declaredLength, InputStream body) {
    JsonNode root = StrictJsonBody.read(contentType, declaredLength, body, MAX_BODY_BYTES);
    if (root == null || root.isMissingNode()) {
      return Duration.ofHours(DEFAULT_OVERLAP_HOURS);
    }
    root = checked(root, Set.of("overlapHours"), "{\"overlapHours\": 24}");
    JsonNode hours = root.get("overlapHours");
    if (hours == null || hours.isNull()) {
      return Duration.ofHours(DEFAULT_OVERLAP_HOURS);
    }
    if (!hours.isNumber()
        || !hours.canConvertToExactIntegral()
        || hours.bigIntegerValue().signum() < 0
        || hours.bigIntegerValue().compareTo(BigInteger.valueOf(MAX_OVERLAP_HOURS)) > 0) {
      throw ApiException.badRequest(
          "overlapHours must be a whole number of hours from 0 (the old key stops at once) to " + MAX_OVERLAP_HOURS);
    }
    return Duration.ofHours(hours.intValue());
  }

  private static JsonNode object(
      @Nullable String contentType, long declaredLength, InputStream body, Set<String> fields, String example) {
    JsonNode root = StrictJsonBody.read(contentType, declaredLength, body, MAX_BODY_BYTES);
    if (root == null || root.isMissingNode()) {
      throw ApiException.badRequest("The request body must be a JSON object like " + example);
    }
    return checked(root, fields, example);
  }

  private static JsonNode checked(JsonNode root, Set<String> fields, String example) {
    if (!root.isObject()) {
      throw ApiException.badRequest("The request body must be a JSON object like " + example);
    }
    for (String field : root.propertyNames()) {
      if (!fields.contains(field)) {
        String shown = field.length() > 40 ? field.substring(0, 40) + "..." : field;
        throw ApiException.badRequest(
            "Unknown field \"" + shown + "\" in the request body: only " + String.join(", ", fields.stream().sorted().toList())
                + " allowed");
      }
    }
    return root;
  }

  private static Instant instant(String name, JsonNode value) {
    if (!value.isString()) {
      throw ApiException.badRequest(name + " must be an ISO-8601 time with an offset, e.g. \"2026-01-01T00:00:00Z\"");
    }
    try {
      return OffsetDateTime.parse(value.stringValue()).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(name + " must be an ISO-8601 time with an offset, e.g. \"2026-01-01T00:00:00Z\"");
    }
  }
}
