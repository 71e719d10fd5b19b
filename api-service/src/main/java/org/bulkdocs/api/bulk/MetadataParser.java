package org.bulkdocs.api.bulk;

import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.api.http.StrictJsonBody;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;

/**
 * Reads the optional body {@code {"metadata": {"key": "value", ...}}} of a bulk request.
 *
 * <p>The body is read here rather than bound by Spring so that the size cap applies before anything
 * is buffered, and so that every rule fails with its own precise 400 instead of a generic binding
 * error. The metadata is echoed to the customer's webhook, hence the tight limits.
 */
@Component
public class MetadataParser {

  static final int MAX_BODY_BYTES = 256 * 1024;
  public static final int MAX_KEYS = 50;
  public static final int MAX_KEY_LENGTH = 40;
  public static final int MAX_VALUE_LENGTH = 500;

  private static final String FIELD = "metadata";

  /** How much of an offending key is quoted back; the key itself may be huge. */
  private static final int QUOTE_LENGTH = 40;

  /**
   * @param contentType the request's Content-Type header, if any
   * @param declaredLength the request's Content-Length, or -1 when unknown (chunked)
   * @return the metadata, empty when the body carries none
   */
  public Map<String, String> parse(@Nullable String contentType, long declaredLength, InputStream body) {
    return fromRoot(StrictJsonBody.read(contentType, declaredLength, body, MAX_BODY_BYTES));
  }

  /** Validates a body that is already in memory (at most {@link #MAX_BODY_BYTES}). */
  public Map<String, String> parse(byte[] body) {
    return fromRoot(StrictJsonBody.parse(body));
  }

  private Map<String, String> fromRoot(JsonNode root) {
    if (root == null || root.isMissingNode() || root.isNull()) {
      return Map.of();
    }
    if (!root.isObject()) {
      throw ApiException.badRequest(
          "The request body must be a JSON object like {\"metadata\": {...}} (got " + typeOf(root) + ")");
    }
    for (String field : root.propertyNames()) {
      if (!FIELD.equals(field)) {
        throw ApiException.badRequest(
            "Unknown field " + quote(field) + " in the request body: only \"metadata\" is allowed");
      }
    }
    JsonNode metadata = root.get(FIELD);
    if (metadata == null || metadata.isNull()) {
      return Map.of();
    }
    if (!metadata.isObject()) {
      throw ApiException.badRequest(
          "metadata must be a JSON object of string values (got " + typeOf(metadata) + ")");
    }
    if (metadata.size() > MAX_KEYS) {
      throw ApiException.badRequest(
          "metadata may hold at most " + MAX_KEYS + " keys (got " + metadata.size() + ")");
    }
    Map<String, String> result = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
      String key = entry.getKey();
      JsonNode value = entry.getValue();
      if (key.isEmpty()) {
        throw ApiException.badRequest("metadata keys must not be empty");
      }
      int keyLength = characters(key);
      if (keyLength > MAX_KEY_LENGTH) {
        throw ApiException.badRequest(
            "metadata key " + quote(key) + " is too long: keys may be at most " + MAX_KEY_LENGTH
                + " characters (got " + keyLength + ")");
      }
      if (!value.isString()) {
        throw ApiException.badRequest(
            "metadata value for key " + quote(key) + " must be a string (got " + typeOf(value) + ")");
      }
      String text = value.stringValue();
      int textLength = characters(text);
      if (textLength > MAX_VALUE_LENGTH) {
        throw ApiException.badRequest(
            "metadata value for key " + quote(key) + " may be at most " + MAX_VALUE_LENGTH
                + " characters (got " + textLength + ")");
      }
      result.put(key, text);
    }
    return result;
  }

  private static String typeOf(JsonNode node) {
    return node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /**
   * Characters as JSON Schema (and so the OpenAPI document, and most JSON tooling) counts them: code
   * points. {@code String.length()} would count an emoji twice and refuse a key the document allows.
   */
  private static int characters(String text) {
    return text.codePointCount(0, text.length());
  }

  private static String quote(String key) {
    // Cut between code points, never inside a surrogate pair.
    String shown =
        characters(key) > QUOTE_LENGTH ? key.substring(0, key.offsetByCodePoints(0, QUOTE_LENGTH)) + "..." : key;
    return '"' + shown + '"';
  }

}
