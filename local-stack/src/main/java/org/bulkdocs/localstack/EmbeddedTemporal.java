package org.bulkdocs.localstack;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.AddSearchAttributesRequest;
import io.temporal.common.SearchAttributeKey;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.io.Closeable;
import org.bulkdocs.contract.bulk.BulkDownloadSearchAttributes;

/** Temporal for local runs: the SDK's in-memory server over gRPC, or a real server if given. */
final class EmbeddedTemporal {

  private static final String NAMESPACE = "default";

  private EmbeddedTemporal() {}

  /** Starts the in-memory server in real time (no time skipping); state is lost on exit. */
  static Closeable start(int port) {
    return TestServer.createPortBoundServer(port, true);
  }

  /** Registers the custom search attributes; already registered ones are fine. */
  static void registerSearchAttributes(String address) {
    OperatorServiceStubs operator =
        OperatorServiceStubs.newServiceStubs(
            OperatorServiceStubsOptions.newBuilder().setTarget(address).validateAndBuildWithDefaults());
    try {
      for (SearchAttributeKey<?> key : BulkDownloadSearchAttributes.ALL) {
        try {
          operator
              .blockingStub()
              .addSearchAttributes(
                  AddSearchAttributesRequest.newBuilder()
                      .setNamespace(NAMESPACE)
                      .putSearchAttributes(key.getName(), key.getValueType())
                      .build());
        } catch (StatusRuntimeException e) {
          if (e.getStatus().getCode() != Status.Code.ALREADY_EXISTS) {
            throw e;
          }
        }
      }
    } finally {
      operator.shutdown();
    }
  }
}
