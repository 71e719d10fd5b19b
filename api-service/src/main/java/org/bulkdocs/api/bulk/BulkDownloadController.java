package org.bulkdocs.api.bulk;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.bulkdocs.api.auth.ApiKeyFilter;
import org.bulkdocs.api.auth.Customer;
import org.bulkdocs.api.logging.LogFields;
import org.bulkdocs.api.openapi.ApiDocs;
import org.bulkdocs.api.patient.PatientDirectory;
import org.bulkdocs.api.ratelimit.CustomerRateLimits;
import org.bulkdocs.api.ratelimit.RateLimit;
import org.bulkdocs.contract.bulk.DocumentDates;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * Metriport's "Start Bulk Get Document URL": {@code POST /medical/v1/document/download-url/bulk?patientId=},
 * and beyond Metriport, a {@code GET} on the same path for the latest run's status. Checks run cheapest
 * first and nothing is started unless all pass: authentication (filter), patient ID, body, rate limit,
 * then {@link BulkDownloadStarter}: attach to the run in progress, or rate limit, patient exists, start.
 */
@RestController
@Tag(name = "Bulk document download URLs")
public class BulkDownloadController {

  public static final String PATH = "/medical/v1/document/download-url/bulk";

  private final PatientIdValidator patientIds;
  private final MetadataParser metadataParser;
  private final PatientDirectory patients;
  private final BulkDownloadStarter starter;
  private final BulkDownloadStatusReader statusReader;
  private final CustomerRateLimits rateLimits;
  private final DateFilterParser dateFilters;
  private final BulkDownloadCanceller canceller;

  BulkDownloadController(
      PatientIdValidator patientIds,
      MetadataParser metadataParser,
      PatientDirectory patients,
      BulkDownloadStarter starter,
      BulkDownloadStatusReader statusReader,
      CustomerRateLimits rateLimits,
      DateFilterParser dateFilters,
      BulkDownloadCanceller canceller) {
    this.dateFilters = dateFilters;
    this.canceller = canceller;
    this.rateLimits = rateLimits;
    this.patientIds = patientIds;
    this.metadataParser = metadataParser;
    this.patients = patients;
    this.starter = starter;
    this.statusReader = statusReader;
  }

  @PostMapping(PATH)
  @Operation(
      operationId = "startBulkGetDocumentUrl",
      summary = "Start delivering download URLs for all of a patient's documents",
      description =
          "Starts a run that lists the patient's documents, presigns a download URL for each and delivers"
              + " them to the customer's webhook (type `medical.document-bulk-download-urls`). While a run for"
              + " the patient is in progress, a new call starts nothing and returns that run's requestId."
              + " Only calls that start a new run are rate limited per customer (429 with Retry-After); a call"
              + " that returns the run in progress never is. `dateFrom`/`dateTo` (extension) deliver only the"
              + " documents of those dates; a run in progress keeps the filter it was started with.",
      parameters = {
        @Parameter(ref = ApiDocs.PATIENT_ID_PARAMETER),
        @Parameter(ref = ApiDocs.DATE_FROM_PARAMETER),
        @Parameter(ref = ApiDocs.DATE_TO_PARAMETER)
      },
      requestBody =
          @io.swagger.v3.oas.annotations.parameters.RequestBody(
              required = false,
              description = "Optional metadata, echoed in the webhook's meta.data",
              content =
                  @Content(
                      mediaType = "application/json",
                      schema = @Schema(ref = ApiDocs.SCHEMAS + ApiDocs.BULK_REQUEST_BODY))))
  @ApiResponse(
      responseCode = "200",
      description = "A run was started, or the run in progress for this patient is returned",
      content = @Content(mediaType = "application/json", schema = @Schema(implementation = BulkDownloadResponse.class)))
  @ApiResponse(responseCode = "400", ref = ApiDocs.RESPONSES + ApiDocs.BAD_REQUEST)
  @ApiResponse(responseCode = "404", ref = ApiDocs.RESPONSES + ApiDocs.PATIENT_NOT_FOUND)
  @ApiResponse(responseCode = "409", ref = ApiDocs.RESPONSES + ApiDocs.CONFLICT)
  @ApiResponse(responseCode = "413", ref = ApiDocs.RESPONSES + ApiDocs.PAYLOAD_TOO_LARGE)
  @ApiResponse(responseCode = "415", ref = ApiDocs.RESPONSES + ApiDocs.UNSUPPORTED_MEDIA_TYPE)
  @ApiResponse(responseCode = "429", ref = ApiDocs.RESPONSES + ApiDocs.TOO_MANY_REQUESTS)
  public BulkDownloadResponse start(
      @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.CUSTOMER_ATTRIBUTE) Customer customer,
      HttpServletRequest request)
      throws IOException {
    // Raw servlet values rather than @RequestParam: Spring's conversion folds "", repeats and absence
    // together, and each deserves its own answer.
    String validPatientId = patientIds.requireValid(request.getParameterValues("patientId"));
    LogFields.putPatientId(validPatientId);
    DocumentDates dates =
        dateFilters.parse(
            request.getParameterValues(DateFilterParser.DATE_FROM), request.getParameterValues(DateFilterParser.DATE_TO));
    Map<String, String> metadata =
        metadataParser.parse(request.getContentType(), request.getContentLengthLong(), request.getInputStream());
    return BulkDownloadResponse.processing(
        starter.startOrAttach(customer.id(), validPatientId, metadata, dates).requestId());
  }

  @DeleteMapping(PATH)
  @Operation(
      operationId = "cancelBulkGetDocumentUrl",
      summary = "Cancel the patient's run in progress",
      description =
          "Not part of Metriport's API. Stops the run: the delivery attempt in flight is stopped, nothing is"
              + " delivered after the answer, what the run staged is deleted, and the run ends `failed` with"
              + " `lastError` \"cancelled by the customer\" (the delivery log shows its message as a failure"
              + " with that reason; it is not retried by POST /settings/webhook/retry). The next trigger starts a"
              + " new run. 200 once the run has ended; 202 while it is still stopping (no worker has picked"
              + " the cancellation up yet). Rate limited with the status reads.",
      parameters = @Parameter(ref = ApiDocs.PATIENT_ID_PARAMETER))
  @ApiResponse(
      responseCode = "200",
      description = "The run has ended; its status",
      content =
          @Content(mediaType = "application/json", schema = @Schema(implementation = BulkDownloadStatusResponse.class)))
  @ApiResponse(
      responseCode = "202",
      description = "The run is stopping; its status",
      content =
          @Content(mediaType = "application/json", schema = @Schema(implementation = BulkDownloadStatusResponse.class)))
  @ApiResponse(responseCode = "400", ref = ApiDocs.RESPONSES + ApiDocs.BAD_REQUEST)
  @ApiResponse(responseCode = "404", ref = ApiDocs.RESPONSES + ApiDocs.NOT_FOUND)
  @ApiResponse(responseCode = "429", ref = ApiDocs.RESPONSES + ApiDocs.TOO_MANY_REQUESTS)
  public ResponseEntity<BulkDownloadStatusResponse> cancel(
      @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.CUSTOMER_ATTRIBUTE) Customer customer,
      HttpServletRequest request) {
    String validPatientId = patientIds.requireValid(request.getParameterValues("patientId"));
    LogFields.putPatientId(validPatientId);
    rateLimits.acquire(RateLimit.BULK_STATUS, customer.id());
    Runnable requireExisting = () -> patients.requireExisting(customer.id(), validPatientId);
    boolean ended = canceller.cancel(customer.id(), validPatientId, requireExisting);
    BulkDownloadStatusResponse status = statusReader.latestRun(customer.id(), validPatientId, requireExisting);
    return ResponseEntity.status(ended ? HttpStatus.OK : HttpStatus.ACCEPTED).body(status);
  }

  @GetMapping(PATH)
  @Operation(
      operationId = "getBulkGetDocumentUrlStatus",
      summary = "Status and progress of the patient's latest run",
      description =
          "Not part of Metriport's API. Rate limited per customer (429 with Retry-After). While the run is"
              + " open, delivery attempts and the last error (or what the run waits for) are reported when a"
              + " worker answers; a closed run's come from its recorded outcome. The answer never contains a"
              + " URL or a key.",
      parameters = @Parameter(ref = ApiDocs.PATIENT_ID_PARAMETER))
  @ApiResponse(
      responseCode = "200",
      description = "The latest run of the patient",
      content =
          @Content(mediaType = "application/json", schema = @Schema(implementation = BulkDownloadStatusResponse.class)))
  @ApiResponse(responseCode = "400", ref = ApiDocs.RESPONSES + ApiDocs.BAD_REQUEST)
  @ApiResponse(responseCode = "404", ref = ApiDocs.RESPONSES + ApiDocs.NOT_FOUND)
  @ApiResponse(responseCode = "429", ref = ApiDocs.RESPONSES + ApiDocs.TOO_MANY_REQUESTS)
  public BulkDownloadStatusResponse status(
      @Parameter(hidden = true) @RequestAttribute(ApiKeyFilter.CUSTOMER_ATTRIBUTE) Customer customer,
      HttpServletRequest request) {
    String validPatientId = patientIds.requireValid(request.getParameterValues("patientId"));
    LogFields.putPatientId(validPatientId);
    rateLimits.acquire(RateLimit.BULK_STATUS, customer.id());
    // Another customer's patient is an unknown patient, whether or not it has a run; a run of this
    // customer's is proof enough that the patient is theirs.
    return statusReader.latestRun(
        customer.id(), validPatientId, () -> patients.requireExisting(customer.id(), validPatientId));
  }
}
