package org.bulkdocs.e2e;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.converter.DataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.util.Map;
import org.bulkdocs.common.temporal.EncryptionCodec;
import org.bulkdocs.common.temporal.TemporalConnectionProperties;
import org.bulkdocs.common.temporal.TemporalSecurityConfiguration;
import org.bulkdocs.common.temporal.TemporalTls;
import org.bulkdocs.testsupport.TestKeyEncryption;

/**
 * The suites' own Temporal clients: the services' data converter with the suites' payload key
 * ({@link ServiceEnvironment} gives the services the same), so what a run stored can be read back.
 */
final class SuiteTemporal {

  static final EncryptionCodec CODEC = codec(TestKeyEncryption.PAYLOAD_KEYS, TestKeyEncryption.PAYLOAD_ACTIVE);
  static final DataConverter CONVERTER = TemporalSecurityConfiguration.encrypting(CODEC);

  private SuiteTemporal() {}

  static WorkflowServiceStubs service(String address) {
    return WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(address).build());
  }

  /** Connected as a service started with {@code env} connects: its address, TLS files and API key. */
  static WorkflowServiceStubs service(Map<String, String> env) {
    TemporalConnectionProperties connection =
        new TemporalConnectionProperties(
            Boolean.parseBoolean(env.get("TEMPORAL_TLS")), env.get("TEMPORAL_TLS_CA"), env.get("TEMPORAL_TLS_CERT"),
            env.get("TEMPORAL_TLS_KEY"), env.get("TEMPORAL_TLS_SERVER_NAME"), env.get("TEMPORAL_API_KEY"));
    return WorkflowServiceStubs.newServiceStubs(
        TemporalTls.apply(connection, WorkflowServiceStubsOptions.newBuilder().setTarget(env.get("TEMPORAL_ADDRESS"))).build());
  }

  static WorkflowClient client(WorkflowServiceStubs service) {
    return client(service, CONVERTER);
  }

  /** Reading payloads with the keys of a service started with {@code env}. */
  static WorkflowClient client(WorkflowServiceStubs service, Map<String, String> env) {
    return client(
        service, TemporalSecurityConfiguration.encrypting(codec(env.get("PAYLOAD_ENCRYPTION_KEYS"), env.get("PAYLOAD_ENCRYPTION_ACTIVE"))));
  }

  private static WorkflowClient client(WorkflowServiceStubs service, DataConverter converter) {
    return WorkflowClient.newInstance(
        service, WorkflowClientOptions.newBuilder().setNamespace("default").setDataConverter(converter).build());
  }

  private static EncryptionCodec codec(String keys, String active) {
    return EncryptionCodec.fromSettings(keys, active);
  }
}
