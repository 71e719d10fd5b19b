package org.bulkdocs.api.bulk;

import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_FAILED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TERMINATED;
import static io.temporal.api.enums.v1.WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_TIMED_OUT;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BulkDownloadStatusReaderTest {

  @Test
  void runningRunsReportTheirSearchAttribute() {
    assertThat(BulkDownloadStatusReader.statusOf(WORKFLOW_EXECUTION_STATUS_RUNNING, "processing")).isEqualTo("processing");
    assertThat(BulkDownloadStatusReader.statusOf(WORKFLOW_EXECUTION_STATUS_RUNNING, "failed")).isEqualTo("failed");
    // Delivered but still cleaning up: a trigger now would attach to it, so it is not "completed" yet.
    assertThat(BulkDownloadStatusReader.statusOf(WORKFLOW_EXECUTION_STATUS_RUNNING, "completed")).isEqualTo("processing");
    assertThat(BulkDownloadStatusReader.statusOf(WORKFLOW_EXECUTION_STATUS_RUNNING, null)).isEqualTo("processing");
    assertThat(BulkDownloadStatusReader.statusOf(WORKFLOW_EXECUTION_STATUS_RUNNING, "garbage")).isEqualTo("processing");
    assertThat(BulkDownloadStatusReader.statusOf(WORKFLOW_EXECUTION_STATUS_CONTINUED_AS_NEW, null)).isEqualTo("processing");
  }

  @Test
  void closedRunsAreCompletedOnlyWhenTheyCompleted() {
    assertThat(BulkDownloadStatusReader.statusOf(WORKFLOW_EXECUTION_STATUS_COMPLETED, "completed")).isEqualTo("completed");
    assertThat(BulkDownloadStatusReader.statusOf(WORKFLOW_EXECUTION_STATUS_COMPLETED, null)).isEqualTo("completed");
    assertThat(BulkDownloadStatusReader.statusOf(WORKFLOW_EXECUTION_STATUS_COMPLETED, "failed")).isEqualTo("failed");
    for (var ended :
        new io.temporal.api.enums.v1.WorkflowExecutionStatus[] {
          WORKFLOW_EXECUTION_STATUS_FAILED, WORKFLOW_EXECUTION_STATUS_TERMINATED,
          WORKFLOW_EXECUTION_STATUS_TIMED_OUT, WORKFLOW_EXECUTION_STATUS_CANCELED
        }) {
      assertThat(BulkDownloadStatusReader.statusOf(ended, "processing")).as(ended.name()).isEqualTo("failed");
    }
  }

  @Test
  void errorsLoseTheirUrlsAndAreCapped() {
    assertThat(BulkDownloadStatusReader.sanitize(null)).isNull();
    assertThat(BulkDownloadStatusReader.sanitize(" ")).isNull();
    assertThat(BulkDownloadStatusReader.sanitize("HTTP 500 from webhook")).isEqualTo("HTTP 500 from webhook");
    assertThat(BulkDownloadStatusReader.sanitize("POST HTTPS://Hook.example/x?k=1 timed out; s3://bucket/key"))
        .isEqualTo("POST <url> timed out; <url>");
    assertThat(BulkDownloadStatusReader.sanitize("x".repeat(2000))).hasSize(503);
  }
}
