package org.bulkdocs.api.bulk;

import java.util.regex.Pattern;
import org.bulkdocs.api.error.ApiException;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A patient ID becomes part of an S3 prefix and is the workflow ID, so only a conservative alphabet
 * is accepted: no slash, no "..", no whitespace or control characters, nothing that needs escaping.
 */
@Component
public class PatientIdValidator {

  public static final int MAX_LENGTH = 64;

  private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

  /**
   * @param values every {@code patientId} query parameter of the request (null when absent)
   * @return the single, valid patient ID
   */
  public String requireValid(String @Nullable [] values) {
    if (values == null || values.length == 0) {
      throw ApiException.badRequest("patientId is required: pass it as the query parameter ?patientId=...");
    }
    if (values.length > 1) {
      throw ApiException.badRequest("patientId must be given exactly once (got " + values.length + ")");
    }
    return requireValid(values[0]);
  }

  public String requireValid(@Nullable String patientId) {
    if (patientId == null || patientId.isEmpty()) {
      throw ApiException.badRequest("patientId must not be empty");
    }
    if (patientId.length() > MAX_LENGTH) {
      throw ApiException.badRequest(
          "patientId may be at most " + MAX_LENGTH + " characters long (got " + patientId.length() + ")");
    }
    if (!ALLOWED.matcher(patientId).matches()) {
      throw ApiException.badRequest(
          "patientId may only contain letters, digits, '.', '_' and '-', and must start with a letter or digit");
    }
    if (patientId.contains("..")) {
      throw ApiException.badRequest("patientId must not contain '..'");
    }
    return patientId;
  }
}
