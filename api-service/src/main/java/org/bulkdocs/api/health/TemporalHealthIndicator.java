package org.bulkdocs.api.health;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Readiness: can this instance reach Temporal and does its namespace exist? DescribeNamespace is one
 * cheap RPC that also catches a misconfigured namespace, which a plain connectivity check would not.
 * Shows up as the {@code temporal} component of {@code /actuator/health/readiness}.
 */
@Component
class TemporalHealthIndicator extends AbstractHealthIndicator {

  private final WorkflowClient client;
  private final Duration timeout;

  TemporalHealthIndicator(WorkflowClient client, DependencyHealthProperties properties) {
    super("Temporal health check failed");
    this.client = client;
    this.timeout = properties.timeout();
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    String namespace = client.getOptions().getNamespace();
    try {
      client
          .getWorkflowServiceStubs()
          .blockingStub()
          .withDeadlineAfter(timeout.toMillis(), TimeUnit.MILLISECONDS)
          .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
      builder.up().withDetail("namespace", namespace);
    } catch (StatusRuntimeException e) {
      // The gRPC code says enough (UNAVAILABLE, DEADLINE_EXCEEDED, NOT_FOUND); its description may name hosts.
      builder.down().withDetail("namespace", namespace).withDetail("error", e.getStatus().getCode().name());
    }
  }
}
