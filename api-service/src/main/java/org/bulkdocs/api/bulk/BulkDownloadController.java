package org.bulkdocs.api.bulk;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.Map;
import org.bulkdocs.api.auth.ApiKeyFilter;
import org.bulkdocs.api.auth.Customer;
import org.bulkdocs.api.patient.PatientDirectory;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RestController;

/**
 * Metriport's "Start Bulk Get Document URL": {@code POST /medical/v1/document/download-url/bulk?patientId=}.
 * Checks run cheapest first and nothing is started unless all pass: authentication (filter),
 * patient ID, body, patient exists, then start or attach.
 */
@RestController
public class BulkDownloadController {

  private final PatientIdValidator patientIds;
  private final MetadataParser metadataParser;
  private final PatientDirectory patients;
  private final BulkDownloadStarter starter;

  public BulkDownloadController(
      PatientIdValidator patientIds,
      MetadataParser metadataParser,
      PatientDirectory patients,
      BulkDownloadStarter starter) {
    this.patientIds = patientIds;
    this.metadataParser = metadataParser;
    this.patients = patients;
    this.starter = starter;
  }

  @PostMapping("/medical/v1/document/download-url/bulk")
  public BulkDownloadResponse start(
      @RequestAttribute(ApiKeyFilter.CUSTOMER_ATTRIBUTE) Customer customer, HttpServletRequest request)
      throws IOException {
    // Raw servlet values rather than @RequestParam: Spring's conversion folds "", repeats and absence
    // together, and each deserves its own answer.
    String validPatientId = patientIds.requireValid(request.getParameterValues("patientId"));
    Map<String, String> metadata =
        metadataParser.parse(request.getContentType(), request.getContentLengthLong(), request.getInputStream());
    patients.requireExisting(customer.id(), validPatientId);
    return BulkDownloadResponse.processing(starter.startOrAttach(customer.id(), validPatientId, metadata).requestId());
  }
}
