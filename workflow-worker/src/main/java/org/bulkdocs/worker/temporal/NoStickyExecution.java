package org.bulkdocs.worker.temporal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.MethodDescriptor;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;

/**
 * Completes every workflow task without sticky attributes, so the server schedules a run's next task on
 * the shared task queue, where any live worker picks it up. The Java SDK always asks for sticky
 * execution; this is the one place it can be declined. Costs a full history replay per task, which is
 * why it is only for the embedded test server (see {@link WorkerTemporalProperties#stickyExecution}).
 */
final class NoStickyExecution implements ClientInterceptor {

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (!WorkflowServiceGrpc.getRespondWorkflowTaskCompletedMethod().getFullMethodName().equals(method.getFullMethodName())) {
      return call;
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      @Override
      @SuppressWarnings("unchecked")
      public void sendMessage(Q message) {
        if (message instanceof RespondWorkflowTaskCompletedRequest request && request.hasStickyAttributes()) {
          message = (Q) request.toBuilder().clearStickyAttributes().build();
        }
        super.sendMessage(message);
      }
    };
  }
}
