package org.bulkdocs.contract.ping;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import org.bulkdocs.contract.WebhookWorkflowIds;

/**
 * Tests a webhook URL a customer just set: one signed {@code ping} message, which the endpoint must
 * answer with {@code {"pong": <the same value>}}; the outcome is recorded in the customer's settings
 * ({@code webhookEnabled}, {@code webhookStatusDetail}). Started by the API after {@code POST /settings}
 * with ID {@link WebhookWorkflowIds#ping}, so the API stays thin and the only HTTP client that talks to
 * customers' endpoints (with its SSRF guard) is the worker's.
 */
@WorkflowInterface
public interface WebhookPingWorkflow {

  @WorkflowMethod
  WebhookPingResult ping(WebhookPingRequest request);
}
