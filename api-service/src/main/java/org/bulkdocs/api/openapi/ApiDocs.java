package org.bulkdocs.api.openapi;

/**
 * Names of the shared parts of the OpenAPI document ({@link OpenApiConfiguration}), for controllers to
 * reference in their annotations, e.g. {@code @ApiResponse(responseCode = "404", ref = ApiDocs.RESPONSES
 * + ApiDocs.NOT_FOUND)}. Every customer endpoint also gets the API key requirement, 401 and 503 without
 * asking, and 400/415 when it takes a body.
 */
public final class ApiDocs {

  public static final String SCHEMAS = "#/components/schemas/";
  public static final String RESPONSES = "#/components/responses/";
  public static final String PARAMETERS = "#/components/parameters/";

  public static final String SECURITY_SCHEME = "ApiKeyAuth";
  public static final String API_KEY_HEADER = "x-api-key";

  public static final String API_ERROR = "ApiError";
  public static final String BULK_REQUEST_BODY = "BulkDownloadRequestBody";
  public static final String PATIENT_ID = "PatientId";

  public static final String PATIENT_ID_PARAMETER = PARAMETERS + "patientId";
  public static final String DATE_FROM_PARAMETER = PARAMETERS + "dateFrom";
  public static final String DATE_TO_PARAMETER = PARAMETERS + "dateTo";

  public static final String BAD_REQUEST = "BadRequest";
  public static final String UNAUTHORIZED = "Unauthorized";
  public static final String NOT_FOUND = "NotFound";
  public static final String PATIENT_NOT_FOUND = "PatientNotFound";
  public static final String METHOD_NOT_ALLOWED = "MethodNotAllowed";
  public static final String CONFLICT = "Conflict";
  public static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
  public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
  public static final String TOO_MANY_REQUESTS = "TooManyRequests";
  public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";

  private ApiDocs() {}
}
