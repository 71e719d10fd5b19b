package org.bulkdocs.api.bulk;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowTargetOptions;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.api.logging.LogFields;
import org.bulkdocs.contract.BulkDownloadRequest;
import org.bulkdocs.contract.BulkDownloadStartOptions;
import org.bulkdocs.contract.BulkDownloadWorkflow;
import org.bulkdocs.contract.RunMemo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Starts the patient's run, or attaches to the one in progress.
 *
 * <p>"One run per patient" is enforced by Temporal, not by us: the workflow ID is the patient ID and
 * the start uses {@link WorkflowIdConflictPolicy#WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING}, so of any
 * number of concurrent calls exactly one creates the run and the others get its run ID back. Which
 * request won is then read from the run's memo, which needs no worker.
 */
@Component
public class BulkDownloadStarter {

  static final String CONFLICT = "another bulk request for this patient ID is in progress";

  private static final Logger log = LoggerFactory.getLogger(BulkDownloadStarter.class);

  /** gRPC codes that mean "Temporal is not there right now" rather than "this request is wrong". */
  private static final Set<Status.Code> UNAVAILABLE =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);

  /** Micrometer names; Prometheus shows them as bulkdocs_runs_started_total / bulkdocs_runs_attached_total. */
  public static final String RUNS_STARTED = "bulkdocs.runs.started";

  public static final String RUNS_ATTACHED = "bulkdocs.runs.attached";

  private final WorkflowClient client;
  private final MeterRegistry meters;

  public BulkDownloadStarter(WorkflowClient client, MeterRegistry meters) {
    this.client = client;
    this.meters = meters;
  }

  /** The run that serves this call, and whether this call created it. */
  public record Run(String requestId, boolean started) {}

  /** cxId and patientId must already be validated; the patient must exist for this customer. */
  public Run startOrAttach(String cxId, String patientId, Map<String, String> metadata) {
    String requestId = UUID.randomUUID().toString();
    try {
      BulkDownloadWorkflow workflow =
          client.newWorkflowStub(BulkDownloadWorkflow.class, options(cxId, patientId, requestId));
      WorkflowExecution execution =
          WorkflowClient.start(workflow::run, BulkDownloadRequest.start(cxId, patientId, requestId, metadata));

      // Describe the exact run the start resolved to: by ID alone we could see a newer run.
      WorkflowExecutionDescription run =
          client
              .newUntypedWorkflowStub(
                  WorkflowTargetOptions.newBuilder().setWorkflowId(patientId).setRunId(execution.getRunId()).build())
              .describe();
      String runCxId = run.getMemo(RunMemo.CUSTOMER_ID, String.class, String.class);
      String runRequestId = run.getMemo(RunMemo.REQUEST_ID, String.class, String.class);

      if (!cxId.equals(runCxId)) {
        // Patient IDs are meant to be globally unique, so this is a collision between customers. The
        // other customer's run is neither revealed nor touched.
        log.warn("bulk download conflict cxId={} patientId={}: another customer's run is in progress", cxId, patientId);
        throw ApiException.conflict(CONFLICT);
      }
      if (runRequestId == null) {
        throw new IllegalStateException("run " + execution.getRunId() + " of " + patientId + " has no requestId memo");
      }
      boolean started = runRequestId.equals(requestId);
      LogFields.putRequestId(runRequestId);
      count(started ? RUNS_STARTED : RUNS_ATTACHED, cxId);
      log.info(
          "bulk download {} cxId={} patientId={} requestId={}",
          started ? "started" : "attached",
          cxId,
          patientId,
          runRequestId);
      return new Run(runRequestId, started);
    } catch (RuntimeException e) {
      throw unavailableIfTemporalIsDown(e);
    }
  }

  private void count(String metric, String cxId) {
    Counter.builder(metric)
        .description(
            RUNS_STARTED.equals(metric)
                ? "Bulk requests that started a new run"
                : "Bulk requests answered with the run already in progress for the patient")
        .tag("customer", cxId)
        .register(meters)
        .increment();
  }

  private static WorkflowOptions options(String cxId, String patientId, String requestId) {
    return BulkDownloadStartOptions.forPatient(cxId, patientId, requestId);
  }

  /** Maps "cannot reach Temporal" to a 503 and leaves everything else (bugs, ApiExceptions) as is. */
  static RuntimeException unavailableIfTemporalIsDown(RuntimeException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException grpc && UNAVAILABLE.contains(grpc.getStatus().getCode())) {
        return ApiException.unavailable("The workflow service is unavailable; please try again later", e);
      }
    }
    return e;
  }
}
