package org.bulkdocs.api.bulk;

import io.grpc.Context;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowTargetOptions;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.api.logging.LogFields;
import org.bulkdocs.api.patient.PatientDirectory;
import org.bulkdocs.api.temporal.TemporalErrors;
import org.bulkdocs.contract.bulk.BulkDownloadProgress;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.contract.bulk.DocumentDates;
import org.bulkdocs.contract.bulk.RunMemo;
import org.bulkdocs.contract.bulk.RunStatus;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Reads the latest run of a patient for {@code GET .../bulk?patientId=}.
 *
 * <p>Describe (answered by the Temporal server alone) gives the run's identity, owner, status and, once
 * listed, the document count. A closed run's counts and last error come from its recorded outcome (its
 * result, or its failure's details), which the server also answers alone. An open run's come from the
 * {@code progress} query, which only a worker can answer, so it gets a short deadline and the answer
 * falls back to what describe knows: the API keeps working while no worker is up.
 */
@Component
public class BulkDownloadStatusReader implements DisposableBean {

  static final String NO_RUN = "No bulk download request has been made for this patient";

  /** The recorded outcome of a cancelled run: its reason only. */

  private static final Logger log = LoggerFactory.getLogger(BulkDownloadStatusReader.class);

  /** A worker's error text is meant for operators; a URL in it could be a presigned one or a webhook. */
  private static final Pattern URL = Pattern.compile("(?i)\\b[a-z][a-z0-9+.-]*://\\S+");

  private static final int MAX_ERROR_LENGTH = 500;

  private final WorkflowClient client;
  private final Duration progressTimeout;

  /** gRPC needs a scheduler to enforce a Context deadline; one daemon thread is plenty. */
  private final ScheduledExecutorService deadlines =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread thread = new Thread(r, "progress-query-deadline");
            thread.setDaemon(true);
            return thread;
          });

  public BulkDownloadStatusReader(WorkflowClient client, BulkStatusProperties properties) {
    this.client = client;
    this.progressTimeout = properties.progressTimeout();
  }

  /**
   * cxId and patientId must already be validated. A run of this customer proves the patient is theirs
   * (the trigger checked it), so S3 is only asked ({@code requireExisting}) when there is none: a status
   * read costs no listing, and answers while S3 is down.
   *
   * @param requireExisting throws the 404 of a patient this customer does not have
   */
  public BulkDownloadStatusResponse latestRun(String cxId, String patientId, Runnable requireExisting) {
    WorkflowExecutionDescription run;
    try {
      // No run ID: the latest run of the workflow ID, i.e. of the patient.
      run = client.newUntypedWorkflowStub(patientId).describe();
    } catch (WorkflowNotFoundException e) {
      requireExisting.run();
      throw ApiException.notFound(NO_RUN);
    } catch (RuntimeException e) {
      throw TemporalErrors.unavailableIfTemporalIsDown(e);
    }
    if (!cxId.equals(run.getMemo(RunMemo.CUSTOMER_ID, String.class, String.class))) {
      // Another customer's run under a colliding patient ID: answered exactly as an unknown patient,
      // so its existence is not revealed by this endpoint.
      log.warn("status request cxId={} patientId={}: the latest run belongs to another customer", cxId, patientId);
      throw ApiException.notFound(PatientDirectory.PATIENT_NOT_FOUND);
    }
    String requestId = run.getMemo(RunMemo.REQUEST_ID, String.class, String.class);
    if (requestId == null) {
      throw new IllegalStateException("the latest run of " + patientId + " has no requestId memo");
    }
    LogFields.putRequestId(requestId);

    WorkflowExecutionStatus execution = run.getStatus();
    String status = statusOf(execution, run.getTypedSearchAttributes().get(BulkDownloadSearchAttributes.STATUS));
    Long listedCount = run.getTypedSearchAttributes().get(BulkDownloadSearchAttributes.DOCUMENT_COUNT);
    Instant closedAt =
        isOpen(execution) || !run.getWorkflowExecutionInfo().hasCloseTime() ? null : run.getCloseTime();

    Reported reported =
        isOpen(execution)
            ? Reported.of(queryProgress(patientId, run.getExecution().getRunId()))
            : recordedOutcome(patientId, run.getExecution().getRunId());
    Integer documentCount = listedCount == null ? null : Math.toIntExact(listedCount);
    Integer deliveryAttempts = null;
    Integer pagesDelivered = null;
    Integer totalPages = null;
    String lastError = reported.lastError();
    if (reported.counts() != null) {
      BulkDownloadProgress p = reported.counts();
      // 0 before the listing is "not known yet", not "no documents": a patient has at least one.
      if (listedCount != null || p.documentCount() > 0) {
        documentCount = p.documentCount();
      }
      deliveryAttempts = p.deliveryAttempts();
      // runs listed before paging report no pages: they send one message
      if (p.totalPages() > 0) {
        pagesDelivered = p.pagesDelivered();
        totalPages = p.totalPages();
      }
    }
    return new BulkDownloadStatusResponse(
        requestId,
        status,
        DocumentDates.of(
            run.getMemo(RunMemo.DATE_FROM, String.class, String.class),
            run.getMemo(RunMemo.DATE_TO, String.class, String.class)),
        documentCount,
        deliveryAttempts,
        pagesDelivered,
        totalPages,
        lastError,
        run.getStartTime(),
        closedAt);
  }

  /**
   * What a run reports of itself: its counts when it has them (none for a run cancelled or not yet
   * answering), and its last error.
   */
  private record Reported(@Nullable BulkDownloadProgress counts, @Nullable String lastError) {

    static final Reported NOTHING = new Reported(null, null);

    static Reported of(Optional<BulkDownloadProgress> progress) {
      return progress.map(p -> new Reported(p, sanitize(p.lastError()))).orElse(NOTHING);
    }
  }

  /** What a closed run recorded as its end: its result, or its failure's reason and details. */
  private Reported recordedOutcome(String patientId, String runId) {
    WorkflowStub stub =
        client.newUntypedWorkflowStub(WorkflowTargetOptions.newBuilder().setWorkflowId(patientId).setRunId(runId).build());
    try {
      return Reported.of(
          Optional.of(asProgress(stub.getResult(progressTimeout.toMillis(), TimeUnit.MILLISECONDS, BulkDownloadResult.class), null)));
    } catch (WorkflowFailedException e) {
      if (e.getCause() instanceof ApplicationFailure failure
          && BulkDownloadResult.RUN_FAILED.equals(failure.getType())
          && failure.getDetails().getSize() > 0) {
        return Reported.of(Optional.of(asProgress(failure.getDetails().get(BulkDownloadResult.class), failure.getOriginalMessage())));
      }
      if (e.getCause() instanceof CanceledFailure) {
        // cancelled (DELETE …/bulk): no counts, and Temporal keeps no message for it: said here
        return new Reported(null, BulkDownloadResult.CANCELLED);
      }
      return Reported.NOTHING; // terminated, timed out: nothing recorded beyond the status
    } catch (TimeoutException | RuntimeException e) {
      log.info("no recorded outcome for patientId={} runId={}: {}", patientId, runId, e.toString());
      return Reported.NOTHING;
    }
  }

  private static BulkDownloadProgress asProgress(BulkDownloadResult result, @Nullable String lastError) {
    return new BulkDownloadProgress(
        result.requestId(),
        result.status(),
        "done",
        result.documentCount(),
        result.deliveryAttempts(),
        lastError,
        0,
        result.pagesDelivered(),
        result.totalPages());
  }

  /** The worker's answer for exactly this run, or empty when no worker answered in time. */
  private Optional<BulkDownloadProgress> queryProgress(String patientId, String runId) {
    BulkDownloadWorkflow workflow =
        client.newWorkflowStub(
            BulkDownloadWorkflow.class,
            WorkflowTargetOptions.newBuilder().setWorkflowId(patientId).setRunId(runId).build());
    // A query waits for a worker to pick it up (the SDK's default RPC deadline is 10 s); the customer
    // should not. A Context deadline caps every gRPC call made inside it.
    Context.CancellableContext context =
        Context.current().withDeadlineAfter(progressTimeout.toMillis(), TimeUnit.MILLISECONDS, deadlines);
    try {
      return Optional.ofNullable(context.call(workflow::progress));
    } catch (Exception e) {
      log.info("no progress for patientId={} runId={} within {}: {}", patientId, runId, progressTimeout, e.toString());
      return Optional.empty();
    } finally {
      context.cancel(null);
    }
  }

  static String statusOf(WorkflowExecutionStatus execution, @Nullable String attribute) {
    switch (execution) {
      case WORKFLOW_EXECUTION_STATUS_FAILED,
          WORKFLOW_EXECUTION_STATUS_TERMINATED,
          WORKFLOW_EXECUTION_STATUS_TIMED_OUT,
          WORKFLOW_EXECUTION_STATUS_CANCELED:
        // Ended by the workflow failing or by an operator: the customer got no documents.
        return RunStatus.FAILED.wireName();
      case WORKFLOW_EXECUTION_STATUS_COMPLETED:
        // A workflow that ends "failed" by completing (rather than failing) still says so in the attribute.
        return RunStatus.FAILED.wireName().equals(attribute)
            ? RunStatus.FAILED.wireName()
            : RunStatus.COMPLETED.wireName();
      default:
        // Running (or continued as new). "failed" is decided and only being told to the customer, so it is
        // said at once. "completed" is not said before the run closes: until then a new trigger attaches
        // to this run instead of starting one, and the two answers must agree.
        return RunStatus.FAILED.wireName().equals(attribute)
            ? RunStatus.FAILED.wireName()
            : RunStatus.PROCESSING.wireName();
    }
  }

  private static boolean isOpen(WorkflowExecutionStatus status) {
    return status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING
        || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW
        || status == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED;
  }

  static @Nullable String sanitize(@Nullable String error) {
    if (error == null || error.isBlank()) {
      return null;
    }
    String cleaned = URL.matcher(error).replaceAll("<url>");
    return cleaned.length() > MAX_ERROR_LENGTH ? cleaned.substring(0, MAX_ERROR_LENGTH) + "..." : cleaned;
  }

  @Override
  public void destroy() {
    deadlines.shutdownNow();
  }
}
