package org.bulkdocs.api.http;

import java.io.IOException;
import java.io.InputStream;
import org.bulkdocs.api.error.ApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Request bodies read by hand rather than bound by Spring: the size cap applies before anything is
 * buffered, duplicate keys and trailing garbage are refused, and every mistake gets its own 4xx.
 */
public final class StrictJsonBody {

  private static final JsonMapper STRICT =
      JsonMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private StrictJsonBody() {}

  /**
   * Reads at most {@code maxBytes} (413 beyond) of a JSON body (415 for another content type).
   *
   * @param declaredLength the request's Content-Length, or -1 when unknown (chunked)
   * @return the parsed body; a {@link MissingNode} when it is empty
   */
  public static JsonNode read(
      @Nullable String contentType, long declaredLength, InputStream body, int maxBytes) {
    if (declaredLength > maxBytes) {
      throw tooLarge(maxBytes);
    }
    if (declaredLength != 0 && !isJson(contentType)) {
      throw ApiException.unsupportedMediaType(
          "The request body must be JSON (Content-Type: application/json), got " + contentType);
    }
    byte[] bytes;
    try {
      bytes = body.readNBytes(maxBytes + 1);
    } catch (IOException e) {
      throw ApiException.badRequest("The request body could not be read");
    }
    if (bytes.length > maxBytes) {
      throw tooLarge(maxBytes);
    }
    return parse(bytes);
  }

  /**
   * Parses a body already in memory; a {@link MissingNode} when there is none. Whitespace alone is not
   * JSON (and Metriport's strict parser refuses it): a 400, not an absent body.
   */
  public static JsonNode parse(byte[] body) {
    if (body.length == 0) {
      return MissingNode.getInstance();
    }
    if (isBlank(body)) {
      throw ApiException.badRequest(
          "The request body is not valid JSON: it holds only whitespace (send no body, or a JSON object)");
    }
    try {
      JsonNode root = STRICT.readTree(body);
      return root == null ? MissingNode.getInstance() : root;
    } catch (JacksonException e) {
      throw ApiException.badRequest("The request body is not valid JSON: " + describe(e));
    }
  }

  private static ApiException tooLarge(int maxBytes) {
    return ApiException.payloadTooLarge("The request body may be at most " + maxBytes + " bytes");
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

  private static boolean isBlank(byte[] body) {
    for (byte b : body) {
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
        return false;
      }
    }
    return true;
  }

  /** Jackson's message without its source excerpt and location, which would echo the body back. */
  private static String describe(JacksonException e) {
    String message = e.getOriginalMessage();
    if (message == null) {
      return "malformed input";
    }
    int cut = message.indexOf('\n');
    message = cut < 0 ? message : message.substring(0, cut);
    return message.length() > 200 ? message.substring(0, 200) + "..." : message;
  }
}
