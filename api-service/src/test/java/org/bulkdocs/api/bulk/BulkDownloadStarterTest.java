package org.bulkdocs.api.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Map;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.api.ratelimit.CustomerRateLimits;
import org.bulkdocs.api.ratelimit.RateLimitProperties;
import org.bulkdocs.api.ratelimit.RateLimitProperties.Budget;
import org.bulkdocs.api.temporal.StartOutcomes;
import org.junit.jupiter.api.Test;

class BulkDownloadStarterTest {

  private static final RateLimitProperties RATE_LIMITS =
      new RateLimitProperties(
          true, 1, new Budget(60, 20), new Budget(60, 20), new Budget(60, 20), new Budget(60, 20), new Budget(60, 20));

  private static RecentRuns recentlyRunning(String patientId) {
    RecentRuns recent = new RecentRuns();
    recent.remember(patientId);
    return recent;
  }

  @Test
  void unreachableTemporalIsServiceUnavailable() {
    // Port 1 needs root to bind, so nothing listens there: every RPC fails with UNAVAILABLE. The SDK's
    // default retries are kept on purpose: this is how long a customer waits (about 7 s) for the 503.
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget("127.0.0.1:1").build());
    try {
      WorkflowClient client = WorkflowClient.newInstance(stubs, WorkflowClientOptions.newBuilder().build());
      // A patient this instance saw running is first looked up in Temporal, so S3 is never reached here.
      BulkDownloadStarter starter =
          new BulkDownloadStarter(
              new PatientRuns(client, new StartOutcomes()),
              recentlyRunning("patient-1"),
              null,
              new CustomerRateLimits(RATE_LIMITS, new SimpleMeterRegistry()),
              new SimpleMeterRegistry());
      assertThatThrownBy(() -> starter.startOrAttach("cx-a", "patient-1", Map.of()))
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.status().value()).isEqualTo(503);
                assertThat(e.detail()).isEqualTo("The workflow service is unavailable; please try again later");
              });
    } finally {
      stubs.shutdownNow();
    }
  }
}
