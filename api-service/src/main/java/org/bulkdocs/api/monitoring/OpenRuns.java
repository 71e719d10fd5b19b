package org.bulkdocs.api.monitoring;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.filter.v1.StartTimeFilter;
import io.temporal.api.filter.v1.WorkflowTypeFilter;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import io.temporal.client.WorkflowClient;
import io.temporal.common.metadata.POJOWorkflowInterfaceMetadata;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many bulk runs are open, and how many of those started before a cutoff, from Temporal's
 * visibility: two {@code CountWorkflowExecutions} calls, whatever the number of runs. Redeliveries are
 * bulk runs too. A run that continued as new counts from its continuation's start.
 *
 * <p>A server without advanced visibility (the SDK's in-process test server, which {@code run-local.sh}
 * falls back to without Go, and the API's tests) answers UNIMPLEMENTED; the runs are then listed with
 * {@code ListOpenWorkflowExecutions} and counted here, which costs a page per 1,000 open runs.
 */
final class OpenRuns {

  /** What one refresh found. */
  record Counts(long open, long pastExpectedTime) {}

  static final String WORKFLOW_TYPE =
      POJOWorkflowInterfaceMetadata.newInstance(BulkDownloadWorkflow.class).getWorkflowType().orElseThrow();

  /** Each visibility call; a refresh that takes longer fails and the gauges keep their values. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private static final Logger log = LoggerFactory.getLogger(OpenRuns.class);
  private static final int PAGE_SIZE = 1000;

  private final WorkflowClient client;
  private volatile boolean countUnsupported;

  OpenRuns(WorkflowClient client) {
    this.client = client;
  }

  /**
   * @param startedBefore whole seconds (it goes into a visibility query as RFC 3339)
   * @throws RuntimeException when Temporal does not answer (the caller keeps the last counts)
   */
  Counts count(Instant startedBefore) {
    if (!countUnsupported) {
      try {
        String running = "WorkflowType = '" + WORKFLOW_TYPE + "' AND ExecutionStatus = 'Running'";
        long open = count(running);
        long past = count(running + " AND StartTime < '" + startedBefore + "'");
        return new Counts(open, past);
      } catch (StatusRuntimeException e) {
        if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
          throw e;
        }
        countUnsupported = true;
        log.info("this Temporal server cannot count workflows (no advanced visibility): the run gauges list the open runs instead");
      }
    }
    return listAndCount(startedBefore);
  }

  private long count(String query) {
    return stub()
        .countWorkflowExecutions(
            CountWorkflowExecutionsRequest.newBuilder().setNamespace(namespace()).setQuery(query).build())
        .getCount();
  }

  private Counts listAndCount(Instant startedBefore) {
    long open = 0;
    long past = 0;
    ByteString page = ByteString.EMPTY;
    do {
      ListOpenWorkflowExecutionsResponse response =
          stub()
              .listOpenWorkflowExecutions(
                  ListOpenWorkflowExecutionsRequest.newBuilder()
                      .setNamespace(namespace())
                      .setMaximumPageSize(PAGE_SIZE)
                      .setNextPageToken(page)
                      .setTypeFilter(WorkflowTypeFilter.newBuilder().setName(WORKFLOW_TYPE))
                      .setStartTimeFilter(
                          StartTimeFilter.newBuilder()
                              .setEarliestTime(Timestamp.getDefaultInstance())
                              .setLatestTime(timestamp(Instant.now().plus(Duration.ofDays(1)))))
                      .build());
      // Filtered here too: the in-process test server ignores both filters.
      for (WorkflowExecutionInfo run : response.getExecutionsList()) {
        if (WORKFLOW_TYPE.equals(run.getType().getName())) {
          open++;
          if (instant(run.getStartTime()).isBefore(startedBefore)) {
            past++;
          }
        }
      }
      page = response.getNextPageToken();
    } while (!page.isEmpty());
    return new Counts(open, past);
  }

  private WorkflowServiceBlockingStub stub() {
    return client
        .getWorkflowServiceStubs()
        .blockingStub()
        .withDeadlineAfter(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  private String namespace() {
    return client.getOptions().getNamespace();
  }

  private static Timestamp timestamp(Instant instant) {
    return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
  }

  private static Instant instant(Timestamp timestamp) {
    return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
  }
}
