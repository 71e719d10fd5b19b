package org.bulkdocs.api.logging;

import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * The IDs every log line of a request carries, as MDC entries: the customer ({@code cxId}), the
 * patient ({@code patientId}) and the run ({@code requestId}). IDs only, never a body, metadata value,
 * URL or key: logs are not a place for PHI. {@link RequestLogFilter} clears them when the request ends.
 */
public final class LogFields {

  public static final String CX_ID = "cxId";
  public static final String PATIENT_ID = "patientId";
  public static final String REQUEST_ID = "requestId";

  private LogFields() {}

  /** The authenticated customer. */
  public static void putCustomerId(String cxId) {
    MDC.put(CX_ID, cxId);
  }

  /** Only a validated patient ID: a raw query value could carry anything, line breaks included. */
  public static void putPatientId(String validPatientId) {
    MDC.put(PATIENT_ID, validPatientId);
  }

  public static void putRequestId(@Nullable String requestId) {
    if (requestId != null) {
      MDC.put(REQUEST_ID, requestId);
    }
  }

  static void clear() {
    MDC.remove(CX_ID);
    MDC.remove(PATIENT_ID);
    MDC.remove(REQUEST_ID);
  }
}
