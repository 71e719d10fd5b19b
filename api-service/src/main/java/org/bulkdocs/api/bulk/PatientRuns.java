package org.bulkdocs.api.bulk;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionDescription;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowTargetOptions;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bulkdocs.api.temporal.StartOutcomes;
import org.bulkdocs.api.temporal.TemporalErrors;
import org.bulkdocs.contract.BulkDownloadStartOptions;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.bulkdocs.contract.bulk.DocumentDates;
import org.bulkdocs.contract.bulk.RunMemo;
import org.jspecify.annotations.Nullable;
import org.springframework.stereotype.Component;

/**
 * A patient's runs as Temporal holds them: the one in progress, read from its memo (no worker needed),
 * and the start of a new one. Calls that cannot reach Temporal throw as they are; the caller maps them.
 */
@Component
class PatientRuns {

  /** Whose run it is and which request it serves, as the API wrote them into its memo at the start. */
  record RunInProgress(String cxId, String requestId, String runId) {}

  /** The run a start resolved to, and whether that start created it. */
  record StartedRun(RunInProgress run, boolean created) {}

  private final WorkflowClient client;
  private final StartOutcomes startOutcomes;

  PatientRuns(WorkflowClient client, StartOutcomes startOutcomes) {
    this.client = client;
    this.startOutcomes = startOutcomes;
  }

  /**
   * Cancels the patient's run in progress and waits up to {@code wait} for it to end; true once it
   * has. The run's attempt in flight stops first (its activities wait for their cancellation), so a
   * run that has ended sends nothing more.
   */
  boolean cancel(String patientId, String runId, Duration wait) {
    WorkflowStub run =
        client.newUntypedWorkflowStub(WorkflowTargetOptions.newBuilder().setWorkflowId(patientId).setRunId(runId).build());
    run.cancel("cancelled by the customer");
    try {
      run.getResult(wait.toMillis(), TimeUnit.MILLISECONDS, Object.class);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (WorkflowFailedException e) {
      return true; // how a cancelled run ends: failed, with the reason
    }
  }

  /** The patient's run if one is in progress; one read, and nothing at all is started. */
  Optional<RunInProgress> inProgress(String patientId) {
    WorkflowExecutionDescription latest;
    try {
      latest = client.newUntypedWorkflowStub(patientId).describe();
    } catch (WorkflowNotFoundException e) {
      return Optional.empty();
    } catch (RuntimeException e) {
      if (TemporalErrors.isNotFound(e)) {
        return Optional.empty();
      }
      throw e;
    }
    if (latest.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
      return Optional.empty();
    }
    return Optional.of(memoOf(latest));
  }

  /**
   * Starts the patient's run with {@code requestId}, or finds the one a concurrent call started first
   * (USE_EXISTING): exactly one of any number of concurrent starts creates the run.
   */
  StartedRun start(
      String cxId, String patientId, String requestId, Map<String, String> metadata, @Nullable DocumentDates dates) {
    WorkflowOptions options = BulkDownloadStartOptions.forPatient(cxId, patientId, requestId, dates);
    BulkDownloadWorkflow workflow = client.newWorkflowStub(BulkDownloadWorkflow.class, options);
    WorkflowExecution execution =
        WorkflowClient.start(workflow::run, BulkDownloadRequest.start(cxId, patientId, requestId, metadata, dates));
    if (startOutcomes.take(options.getRequestId()).orElse(false)) {
      return new StartedRun(new RunInProgress(cxId, requestId, execution.getRunId()), true);
    }
    // Describe the exact run the start resolved to: by ID alone we could see a newer run.
    RunInProgress run =
        memoOf(
            client
                .newUntypedWorkflowStub(
                    WorkflowTargetOptions.newBuilder()
                        .setWorkflowId(patientId)
                        .setRunId(execution.getRunId())
                        .build())
                .describe());
    return new StartedRun(run, requestId.equals(run.requestId()) && cxId.equals(run.cxId()));
  }

  private static RunInProgress memoOf(WorkflowExecutionDescription run) {
    String runCxId = run.getMemo(RunMemo.CUSTOMER_ID, String.class, String.class);
    String runRequestId = run.getMemo(RunMemo.REQUEST_ID, String.class, String.class);
    if (runCxId == null || runRequestId == null) {
      throw new IllegalStateException(
          "run " + run.getExecution().getRunId() + " of " + run.getExecution().getWorkflowId() + " has no customer/requestId memo");
    }
    return new RunInProgress(runCxId, runRequestId, run.getExecution().getRunId());
  }
}
