package org.bulkdocs.api.error;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Locale;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;

/**
 * An error body in Metriport's RFC 7807 shape, e.g. {@code {"status":404,"name":"NOT_FOUND",
 * "title":"NotFoundError","detail":"Could not find patient"}}. Customers' code written against
 * Metriport switches on {@code name} / {@code title}, so those follow its (http-errors) spelling
 * rather than Spring's reason phrases.
 */
@JsonPropertyOrder({"status", "name", "title", "detail"})
public record ApiError(int status, String name, String title, String detail) {

  public static final MediaType CONTENT_TYPE = MediaType.APPLICATION_PROBLEM_JSON;

  public static ApiError of(HttpStatusCode status, String detail) {
    int code = status.value();
    String name = nameOf(code);
    return new ApiError(code, name, titleOf(name), detail);
  }

  private static String nameOf(int code) {
    // Spring 7 renamed 413 after RFC 9110 ("Content Too Large"); Metriport's clients know the old name.
    if (code == 413) {
      return "PAYLOAD_TOO_LARGE";
    }
    HttpStatus known = HttpStatus.resolve(code);
    if (known == null) {
      return code >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST";
    }
    return known.getReasonPhrase().toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
  }

  /** BAD_REQUEST -> BadRequestError; INTERNAL_SERVER_ERROR -> InternalServerError (no "ErrorError"). */
  private static String titleOf(String name) {
    StringBuilder title = new StringBuilder();
    for (String word : name.split("_")) {
      if (!word.isEmpty()) {
        title.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
      }
    }
    if (!title.toString().endsWith("Error")) {
      title.append("Error");
    }
    return title.toString();
  }
}
