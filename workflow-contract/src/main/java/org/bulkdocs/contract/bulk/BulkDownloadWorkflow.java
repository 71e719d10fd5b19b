package org.bulkdocs.contract.bulk;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One run per patient: list the patient's documents, presign a URL for each and deliver them to the
 * customer's webhook. The workflow ID is the patient ID.
 */
@WorkflowInterface
public interface BulkDownloadWorkflow {

  @WorkflowMethod
  BulkDownloadResult run(BulkDownloadRequest request);

  /** Answered by a worker; carries counts and status only, never a URL. */
  @QueryMethod
  BulkDownloadProgress progress();
}
