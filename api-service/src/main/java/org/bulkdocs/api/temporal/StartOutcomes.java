package org.bulkdocs.api.temporal;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall;
import io.grpc.ForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Whether a workflow start created the run or found one already running (USE_EXISTING). Temporal's
 * answer says so ({@code started}), but the Java SDK keeps only the run ID; this gRPC interceptor keeps
 * the flag, keyed by the start's request ID, so the API needs no describe call after a start that
 * created the run.
 *
 * <p>When the flag is unknown (a server too old to send it, or a client built without this interceptor)
 * {@link #take} is empty and callers fall back to reading the run's memo, which is always correct.
 */
public final class StartOutcomes implements ClientInterceptor {

  /** Outcomes nobody took (the caller failed in between) must not pile up. */
  private static final int MAX_PENDING = 10_000;

  private final Map<String, Boolean> startedByRequestId =
      Collections.synchronizedMap(
          new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
              return size() > MAX_PENDING;
            }
          });

  /** Whether the start sent with this request ID created its run; empty when not known. */
  public Optional<Boolean> take(String startRequestId) {
    return Optional.ofNullable(startedByRequestId.remove(startRequestId));
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    ClientCall<Q, R> call = next.newCall(method, options);
    if (!WorkflowServiceGrpc.getStartWorkflowExecutionMethod().getFullMethodName().equals(method.getFullMethodName())) {
      return call;
    }
    return new ForwardingClientCall.SimpleForwardingClientCall<>(call) {
      private volatile String requestId;

      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(
            new ForwardingClientCallListener.SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onMessage(R message) {
                if (requestId != null && message instanceof StartWorkflowExecutionResponse response) {
                  startedByRequestId.put(requestId, response.getStarted());
                }
                super.onMessage(message);
              }
            },
            headers);
      }

      @Override
      public void sendMessage(Q message) {
        if (message instanceof StartWorkflowExecutionRequest request && !request.getRequestId().isEmpty()) {
          requestId = request.getRequestId();
        }
        super.sendMessage(message);
      }
    };
  }
}
