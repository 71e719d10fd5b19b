package org.bulkdocs.contract.recovery;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * {@code POST /settings/webhook/recover}: delivers again, in the background, every message of the
 * customer that was given up within a time range, each as a redelivery of its own (same messageId,
 * fresh URLs). One per customer at a time ({@link org.bulkdocs.contract.WebhookWorkflowIds#recovery}): a
 * second call while one runs starts nothing new.
 */
@WorkflowInterface
public interface WebhookRecoveryWorkflow {

  /** Returns how many redeliveries were started. */
  @WorkflowMethod
  int recover(WebhookRecoveryRequest request);
}
