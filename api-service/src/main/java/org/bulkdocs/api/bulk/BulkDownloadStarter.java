package org.bulkdocs.api.bulk;

import static org.bulkdocs.api.temporal.TemporalErrors.unavailableIfTemporalIsDown;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bulkdocs.api.bulk.PatientRuns.RunInProgress;
import org.bulkdocs.api.bulk.PatientRuns.StartedRun;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.api.logging.LogFields;
import org.bulkdocs.api.patient.PatientDirectory;
import org.bulkdocs.api.ratelimit.CustomerRateLimits;
import org.bulkdocs.api.ratelimit.RateLimit;
import org.bulkdocs.contract.bulk.DocumentDates;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the patient's run, or attaches to the one in progress, in as few round trips as the answer
 * allows:
 *
 * <ul>
 *   <li>a retrigger of a run this instance started or attached to ({@link RecentRuns}) is one Temporal
 *       read (the run's memo says whose it is and which requestId it serves): no S3 listing, no start;
 *   <li>any other call takes a token, proves the patient exists in S3 (else 404, nothing started), then
 *       starts; the start's own answer says whether it created the run, and only when it did not (the
 *       run was already there) is the run's memo read;
 *   <li>a call is refused by the rate limit only when it would start a run: with the budget used up, the
 *       patient's run in progress is looked up and returned.
 * </ul>
 *
 * <p>"One run per patient" is Temporal's guarantee, not ours: the workflow ID is the patient ID and the
 * start uses USE_EXISTING, so of any number of concurrent calls exactly one creates the run; a call that
 * loses that race reads the winner's memo and gives its token back.
 */
@Component
public class BulkDownloadStarter {

  static final String CONFLICT = "another bulk request for this patient ID is in progress";

  /** Micrometer names; Prometheus shows them as bulkdocs_runs_started_total / bulkdocs_runs_attached_total. */
  public static final String RUNS_STARTED = "bulkdocs.runs.started";

  public static final String RUNS_ATTACHED = "bulkdocs.runs.attached";

  private static final Logger log = LoggerFactory.getLogger(BulkDownloadStarter.class);

  private final PatientRuns runs;
  private final RecentRuns recentRuns;
  private final PatientDirectory patients;
  private final CustomerRateLimits rateLimits;
  private final MeterRegistry meters;

  BulkDownloadStarter(
      PatientRuns runs,
      RecentRuns recentRuns,
      PatientDirectory patients,
      CustomerRateLimits rateLimits,
      MeterRegistry meters) {
    this.runs = runs;
    this.recentRuns = recentRuns;
    this.patients = patients;
    this.rateLimits = rateLimits;
    this.meters = meters;
  }

  /** The run that serves this call, and whether this call created it. */
  public record Run(String requestId, boolean started) {}

  /** cxId and patientId must already be validated. */
  public Run startOrAttach(String cxId, String patientId, Map<String, String> metadata) {
    return startOrAttach(cxId, patientId, metadata, null);
  }

  /**
   * @param dates the trigger's date filter for a run it starts; a run in progress keeps its own (the
   *     answer is that run's requestId, whatever filter this call asked for)
   */
  public Run startOrAttach(String cxId, String patientId, Map<String, String> metadata, @Nullable DocumentDates dates) {
    try {
      Optional<RunInProgress> current = Optional.empty();
      boolean lookedUp = recentRuns.mayBeRunning(patientId);
      if (lookedUp) {
        current = runs.inProgress(patientId);
        if (current.isPresent() && current.get().cxId().equals(cxId)) {
          return answered(cxId, patientId, current.get().requestId(), false);
        }
        if (current.isEmpty()) {
          recentRuns.forget(patientId);
        }
      }
      try {
        rateLimits.acquire(RateLimit.RUN_START, cxId);
      } catch (ApiException tooMany) {
        // Only a call that would start a run may be refused: one without a hint looks before it says no.
        if (!lookedUp) {
          Optional<RunInProgress> running = runs.inProgress(patientId);
          if (running.isPresent() && running.get().cxId().equals(cxId)) {
            recentRuns.remember(patientId);
            return answered(cxId, patientId, running.get().requestId(), false);
          }
        }
        throw tooMany;
      }
      // Before anything about a run is revealed: another customer's patient is an unknown patient.
      patients.requireExisting(cxId, patientId);
      if (current.isPresent()) {
        throw conflict(cxId, patientId);
      }
      StartedRun started = runs.start(cxId, patientId, UUID.randomUUID().toString(), metadata, dates);
      if (!started.created()) {
        rateLimits.refund(RateLimit.RUN_START, cxId);
        if (!started.run().cxId().equals(cxId)) {
          throw conflict(cxId, patientId);
        }
      }
      recentRuns.remember(patientId);
      return answered(cxId, patientId, started.run().requestId(), started.created());
    } catch (RuntimeException e) {
      throw unavailableIfTemporalIsDown(e);
    }
  }

  /**
   * Patient IDs are meant to be globally unique, so this is a collision between customers. The other
   * customer's run is neither revealed nor touched.
   */
  private static ApiException conflict(String cxId, String patientId) {
    log.warn("bulk download conflict cxId={} patientId={}: another customer's run is in progress", cxId, patientId);
    return ApiException.conflict(CONFLICT);
  }

  private Run answered(String cxId, String patientId, String requestId, boolean started) {
    LogFields.putRequestId(requestId);
    Counter.builder(started ? RUNS_STARTED : RUNS_ATTACHED)
        .description(
            started
                ? "Bulk requests that started a new run"
                : "Bulk requests answered with the run already in progress for the patient")
        .tag("customer", cxId)
        .register(meters)
        .increment();
    log.info("bulk download {} cxId={} patientId={} requestId={}", started ? "started" : "attached", cxId, patientId, requestId);
    return new Run(requestId, started);
  }
}
