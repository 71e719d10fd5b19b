package org.bulkdocs.api.bulk;

import static org.bulkdocs.api.temporal.TemporalErrors.unavailableIfTemporalIsDown;

import java.time.Duration;
import java.util.Optional;
import org.bulkdocs.api.bulk.PatientRuns.RunInProgress;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.api.logging.LogFields;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * {@code DELETE …/bulk?patientId=}: cancels the patient's run in progress, then answers once the run
 * has ended, so nothing is delivered after the answer. The run stops its attempt in flight, deletes what
 * it staged, records its message as cancelled (not owed: {@code POST /settings/webhook/retry} leaves it
 * alone) and ends {@code failed} with the reason; the next trigger starts a new run.
 */
@Component
class BulkDownloadCanceller {

  static final String NO_RUN_IN_PROGRESS = "No bulk download is in progress for this patient";

  private static final Logger log = LoggerFactory.getLogger(BulkDownloadCanceller.class);

  private final PatientRuns runs;
  private final Duration waitForEnd;

  BulkDownloadCanceller(PatientRuns runs, BulkStatusProperties properties) {
    this.runs = runs;
    this.waitForEnd = properties.cancelWait();
  }

  /**
   * @param requireExisting throws the 404 of a patient this customer does not have
   * @return true once the run has ended; false while it is still stopping (no worker picked it up yet)
   */
  boolean cancel(String cxId, String patientId, Runnable requireExisting) {
    try {
      Optional<RunInProgress> running = runs.inProgress(patientId);
      if (running.isEmpty() || !running.get().cxId().equals(cxId)) {
        // another customer's run is answered like no run at all: its existence is not revealed
        requireExisting.run();
        throw ApiException.notFound(NO_RUN_IN_PROGRESS);
      }
      LogFields.putRequestId(running.get().requestId());
      boolean ended = runs.cancel(patientId, running.get().runId(), waitForEnd);
      log.info("bulk download cancel cxId={} patientId={} requestId={} ended={}", cxId, patientId, running.get().requestId(), ended);
      return ended;
    } catch (RuntimeException e) {
      throw unavailableIfTemporalIsDown(e);
    }
  }
}
