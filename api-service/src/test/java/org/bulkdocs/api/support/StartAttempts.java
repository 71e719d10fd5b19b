package org.bulkdocs.api.support;

import io.temporal.common.interceptors.WorkflowClientCallsInterceptor;
import io.temporal.common.interceptors.WorkflowClientCallsInterceptorBase;
import io.temporal.common.interceptors.WorkflowClientInterceptorBase;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts every workflow start (and describe) the application attempts. "Nothing was started" is then a hard fact
 * for every rejected request, including those whose patient ID could never name a workflow.
 */
public class StartAttempts extends WorkflowClientInterceptorBase {

  private final AtomicInteger count = new AtomicInteger();
  private final AtomicInteger describes = new AtomicInteger();

  public int count() {
    return count.get();
  }

  /** Describe calls, the API's way of reading a run's memo. */
  public int describes() {
    return describes.get();
  }

  @Override
  public WorkflowClientCallsInterceptor workflowClientCallsInterceptor(WorkflowClientCallsInterceptor next) {
    return new WorkflowClientCallsInterceptorBase(next) {
      @Override
      public WorkflowStartOutput start(WorkflowStartInput input) {
        count.incrementAndGet();
        return super.start(input);
      }

      @Override
      public DescribeWorkflowOutput describe(DescribeWorkflowInput input) {
        describes.incrementAndGet();
        return super.describe(input);
      }
    };
  }
}
