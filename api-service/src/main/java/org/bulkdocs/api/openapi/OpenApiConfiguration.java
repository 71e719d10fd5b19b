package org.bulkdocs.api.openapi;

import static org.bulkdocs.api.openapi.ApiDocs.API_ERROR;
import static org.bulkdocs.api.openapi.ApiDocs.BAD_REQUEST;
import static org.bulkdocs.api.openapi.ApiDocs.RESPONSES;
import static org.bulkdocs.api.openapi.ApiDocs.SCHEMAS;
import static org.bulkdocs.api.openapi.ApiDocs.SECURITY_SCHEME;
import static org.bulkdocs.api.openapi.ApiDocs.SERVICE_UNAVAILABLE;
import static org.bulkdocs.api.openapi.ApiDocs.UNAUTHORIZED;
import static org.bulkdocs.api.openapi.ApiDocs.UNSUPPORTED_MEDIA_TYPE;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashSet;
import org.bulkdocs.api.auth.ProtectedPaths;
import org.bulkdocs.api.bulk.MetadataParser;
import org.bulkdocs.api.bulk.PatientIdValidator;
import org.bulkdocs.api.error.ApiError;
import org.bulkdocs.api.patient.PatientDirectory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatusCode;

/**
 * The OpenAPI document at {@code /v3/api-docs} (no API key needed). springdoc derives paths and success
 * schemas from the controllers; this class adds what it cannot see: the API key scheme, the error
 * answers every customer endpoint can give (the filters and the exception handler produce them, not the
 * controller methods), and the precise body and patient ID rules, which the code checks by hand.
 *
 * <p>Schemathesis fuzzes the API from this document in CI (.ci/schemathesis.sh), so every rule written
 * here is checked against the running service.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  /** Same rules as PatientIdValidator: a safe S3 path segment and workflow ID. */
  static final String PATIENT_ID_PATTERN = "^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*$";

  private static final String PROBLEM_JSON = ApiError.CONTENT_TYPE.toString();

  /**
   * Completes the generated document. A customizer rather than an {@code OpenAPI} bean: springdoc
   * copies such a bean through a plain Jackson mapper that cannot read back a schema-valued
   * {@code additionalProperties} (it logs a warning and drops the copy), while customizers work on the
   * finished document.
   *
   * <p>Every customer endpoint, including ones added later (e.g. the settings controllers), gets the
   * API key requirement, the 401 from the key filter, the 503 for an unreachable dependency, and for
   * endpoints with a body the 400 and 415 of unreadable or non-JSON bodies. Declared answers win.
   */
  @Bean
  OpenApiCustomizer documentation() {
    return openApi -> {
      describe(openApi);
      if (openApi.getPaths() == null) {
        return;
      }
      openApi.getPaths().forEach((path, item) -> {
        if (!ProtectedPaths.covers(path)) {
          return;
        }
        for (Operation operation : item.readOperations()) {
          if (operation.getSecurity() == null || operation.getSecurity().isEmpty()) {
            operation.setSecurity(List.of(new SecurityRequirement().addList(SECURITY_SCHEME)));
          }
          ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
          responses.putIfAbsent("401", responseRef(UNAUTHORIZED));
          responses.putIfAbsent("503", responseRef(SERVICE_UNAVAILABLE));
          if (operation.getRequestBody() != null) {
            responses.putIfAbsent("400", responseRef(BAD_REQUEST));
            responses.putIfAbsent("415", responseRef(UNSUPPORTED_MEDIA_TYPE));
          }
          operation.setResponses(sorted(responses));
        }
      });
    };
  }

  /** Info and the shared components; see {@link #documentation()} for why they are added this late. */
  static void describe(OpenAPI openApi) {
    openApi
        .info(
            new Info()
                .title("Bulk document download URLs")
                .version("1")
                .description(
                    "Metriport-compatible \"Start Bulk Get Document URL\" API. Every customer endpoint needs the"
                        + " `x-api-key` header; a missing or unknown key is a 401. Errors are RFC 7807 bodies in"
                        + " Metriport's shape (`status`, `name`, `title`, `detail`), served as"
                        + " `application/problem+json`. A method a path does not support is a 405 with an `Allow`"
                        + " header. Calls that cost (starting a new run, setting the webhook, retrying given-up"
                        + " messages, reading the webhook status) are rate limited per customer, for the whole"
                        + " deployment: each of the N API instances (`RATE_LIMIT_INSTANCES`) allows 1/N of every"
                        + " rate and burst, rounded down, so together they never allow more than the configured"
                        + " budget; calls that all reach one instance get its share only. A trigger that returns"
                        + " the run in progress is never refused. A refusal is a 429 with `Retry-After`."))
        .components(
            (openApi.getComponents() == null ? new Components() : openApi.getComponents())
                .addSecuritySchemes(
                    SECURITY_SCHEME,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name(ApiDocs.API_KEY_HEADER)
                        .description("The customer's API key; only its SHA-256 is stored by the service"))
                .addSchemas(API_ERROR, apiErrorSchema())
                .addSchemas(ApiDocs.PATIENT_ID, patientIdSchema())
                .addSchemas(ApiDocs.BULK_REQUEST_BODY, bulkRequestBodySchema())
                .addParameters(
                    "patientId",
                    new Parameter()
                        .name("patientId")
                        .in("query")
                        .required(true)
                        .description("The patient's ID (also the ID of its run)")
                        .schema(ref(SCHEMAS + ApiDocs.PATIENT_ID)))
                .addParameters("dateFrom", dateParameter("dateFrom", "Extension: only documents of this date or later"))
                .addParameters("dateTo", dateParameter("dateTo", "Extension: only documents of this date or earlier"))
                .addResponses(
                    BAD_REQUEST,
                    error(400, "Malformed request: patient ID, query or body", "patientId must not be empty"))
                .addResponses(
                    UNAUTHORIZED,
                    error(401, "Missing or unknown API key", "Invalid API key")
                        .addHeaderObject("WWW-Authenticate", header("ApiKey header=\"x-api-key\"")))
                .addResponses(
                    ApiDocs.NOT_FOUND,
                    error(404, "The patient, or a run for it, was not found", PatientDirectory.PATIENT_NOT_FOUND))
                .addResponses(
                    ApiDocs.PATIENT_NOT_FOUND,
                    error(404, "The customer has no such patient", PatientDirectory.PATIENT_NOT_FOUND))
                .addResponses(
                    ApiDocs.METHOD_NOT_ALLOWED,
                    error(405, "The path does not support this method",
                        "Method PUT is not allowed on this endpoint; use DELETE, GET, POST")
                        .addHeaderObject("Allow", header("The methods the path supports, e.g. POST")))
                .addResponses(
                    ApiDocs.CONFLICT,
                    error(409, "Another customer's run holds this patient ID",
                        "another bulk request for this patient ID is in progress"))
                .addResponses(
                    ApiDocs.PAYLOAD_TOO_LARGE,
                    error(413, "The request body is over the size limit",
                        "The request body may be at most 262144 bytes"))
                .addResponses(
                    UNSUPPORTED_MEDIA_TYPE,
                    error(415, "The request body is not JSON",
                        "The request body must be JSON (Content-Type: application/json), got text/plain"))
                .addResponses(
                    ApiDocs.TOO_MANY_REQUESTS,
                    error(429, "The customer's rate limit is used up", "Too many bulk requests that start a new run; retry after 2 seconds")
                        .addHeaderObject(
                            "Retry-After",
                            new Header()
                                .description("Seconds to wait before the next call will be accepted")
                                .required(true)
                                .schema(type("integer").minimum(BigDecimal.ONE))))
                .addResponses(
                    SERVICE_UNAVAILABLE,
                    error(503, "Temporal or S3 cannot be reached; retry later",
                        "Document storage is unavailable; please try again later")));
  }

  /** {@code YYYY-MM-DD} on the document's date ({@code indexed}, UTC), inclusive; a real calendar date. */
  private static Parameter dateParameter(String name, String description) {
    return new Parameter()
        .name(name)
        .in("query")
        .required(false)
        .description(description + " (YYYY-MM-DD, on the document's `indexed` date in UTC, inclusive)")
        .schema(type("string").format("date").pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}$"));
  }

  private static ApiResponses sorted(ApiResponses responses) {
    ApiResponses sorted = new ApiResponses();
    responses.entrySet().stream()
        .sorted(Map.Entry.comparingByKey(Comparator.naturalOrder()))
        .forEach(e -> sorted.addApiResponse(e.getKey(), e.getValue()));
    if (responses.getExtensions() != null) {
      sorted.setExtensions(responses.getExtensions());
    }
    return sorted;
  }

  private static Schema<?> apiErrorSchema() {
    Schema<Object> schema = type("object");
    schema.setRequired(List.of("status", "name", "title", "detail"));
    return schema
        .description("Metriport's error shape (RFC 7807 members status, title, detail plus name)")
        .addProperty(
            "status", type("integer").minimum(BigDecimal.valueOf(400)).maximum(BigDecimal.valueOf(599)).example(404))
        .addProperty("name", type("string").example("NOT_FOUND"))
        .addProperty("title", type("string").example("NotFoundError"))
        .addProperty("detail", type("string").example("Could not find patient"))
        .additionalProperties(false);
  }

  private static Schema<?> patientIdSchema() {
    return type("string")
        .description("Letters, digits, '.', '_' and '-', starting with a letter or digit, without '..'")
        .minLength(1)
        .maxLength(PatientIdValidator.MAX_LENGTH)
        .pattern(PATIENT_ID_PATTERN)
        .example("0195d964-d166-7226-8912-76934c23c140");
  }

  /** MetadataParser's limits, from its constants: the document cannot drift from what is enforced. */
  private static Schema<?> bulkRequestBodySchema() {
    Schema<?> metadata =
        types("object", "null")
            .description("Free-form string pairs echoed in the webhook's meta.data")
            .maxProperties(MetadataParser.MAX_KEYS)
            .propertyNames(type("string").minLength(1).maxLength(MetadataParser.MAX_KEY_LENGTH))
            .additionalProperties(type("string").maxLength(MetadataParser.MAX_VALUE_LENGTH))
            .example(Map.of("youCanPut", "anything"));
    // null is accepted like an empty body (MetadataParser), so the document says so.
    return types("object", "null")
        .description("Optional; an empty body, null or {} means no metadata")
        .addProperty("metadata", metadata)
        .additionalProperties(false);
  }

  private static ApiResponse error(int status, String description, String detailExample) {
    ApiError example = ApiError.of(HttpStatusCode.valueOf(status), detailExample);
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    PROBLEM_JSON,
                    new MediaType()
                        .schema(ref(SCHEMAS + API_ERROR))
                        .example(example)));
  }

  private static Header header(String description) {
    return new Header().description(description).schema(type("string"));
  }

  private static ApiResponse responseRef(String name) {
    return new ApiResponse().$ref(RESPONSES + name);
  }

  private static Schema<?> ref(String ref) {
    return new JsonSchema().$ref(ref);
  }

  private static Schema<Object> type(String type) {
    return types(type);
  }

  /** The document is OpenAPI 3.1 (JSON Schema 2020-12), whose schemas carry a set of types. */
  private static Schema<Object> types(String... types) {
    JsonSchema schema = new JsonSchema();
    schema.setTypes(new LinkedHashSet<>(List.of(types)));
    return schema;
  }
}
