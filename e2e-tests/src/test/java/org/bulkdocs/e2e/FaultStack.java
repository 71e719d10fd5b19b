package org.bulkdocs.e2e;

import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bulkdocs.testsupport.InProcessS3;
import org.bulkdocs.testsupport.TcpProxy;

/**
 * The services as deployed (the API and the worker as separate processes from their jars) on a given
 * Temporal, with S3 (S3Proxy) behind a {@link TcpProxy} and the customer's endpoint a {@link
 * DeliveryRecorder}: the pieces the fault suite kills, cuts and restarts.
 */
final class FaultStack implements AutoCloseable {

  static final String CX = "fault-cx";
  private static final String API_KEY = "fault-api-key";
  /** A second customer, whose endpoint takes every connection and never answers. */
  static final String SILENT_CX = "silent-cx";
  private static final String SILENT_API_KEY = "silent-api-key";
  private static final Path REPO = Path.of("..").toAbsolutePath().normalize();
  private static final Pattern REQUEST_ID = Pattern.compile("\"requestId\":\"([^\"]+)\"");

  final InProcessS3 s3 = InProcessS3.start();
  final TcpProxy s3Link;
  final DeliveryRecorder endpoint;
  final Tarpit silentEndpoint;
  private final Path out;
  private final HttpClient http = HttpClient.newHttpClient();
  private String temporalAddress;
  private boolean stickyExecution;
  private ManagedProcess worker;
  private ManagedProcess api;
  private int apiPort;
  private int workerRestarts;
  private WorkflowServiceStubs service;
  private WorkflowClient client;

  FaultStack(Path out) throws Exception {
    this.out = out;
    s3Link = new TcpProxy(s3.endpoint().getPort());
    endpoint = new DeliveryRecorder();
    silentEndpoint = new Tarpit();
  }

  /** Points the services at this Temporal (stopping any running ones); sticky execution off for the test server. */
  void useTemporal(String address, boolean stickyExecution) throws Exception {
    stopServices();
    this.temporalAddress = address;
    this.stickyExecution = stickyExecution;
    if (service != null) {
      service.shutdownNow();
    }
    service = SuiteTemporal.service(address);
    client = SuiteTemporal.client(service);
    startWorker();
    apiPort = Ports.free();
    Map<String, String> env = common();
    env.put("API_PORT", String.valueOf(apiPort));
    int apiManagementPort = Ports.free();
    env.put("API_MANAGEMENT_PORT", String.valueOf(apiManagementPort));
    env.put("RATE_LIMIT_REQUESTS_PER_MINUTE", "100000");
    env.put("RATE_LIMIT_BURST", "10000");
    env.put("RATE_LIMIT_BULK_STATUS_REQUESTS_PER_MINUTE", "100000");
    env.put("RATE_LIMIT_BULK_STATUS_BURST", "10000");
    env.put("BULKDOCS_CUSTOMERS_0_ID", CX);
    env.put("BULKDOCS_CUSTOMERS_0_APIKEYSHA256", ApiKeyHash.of(API_KEY));
    env.put("BULKDOCS_CUSTOMERS_1_ID", SILENT_CX);
    env.put("BULKDOCS_CUSTOMERS_1_APIKEYSHA256", ApiKeyHash.of(SILENT_API_KEY));
    api =
        ManagedProcess.javaJar("api-service", REPO.resolve("api-service/target/api-service.jar"), env, out.resolve("api-service.log"))
            .awaitHttpOk("http://127.0.0.1:" + apiManagementPort + "/actuator/health", Duration.ofSeconds(120));
  }


  /** Starts a worker and returns once it is up (its health endpoint answers). */
  void startWorker() throws Exception {
    int managementPort = Ports.free();
    Map<String, String> env = common();
    env.put("MANAGEMENT_PORT", String.valueOf(managementPort));
    env.put("WORKER_STICKY_EXECUTION", String.valueOf(stickyExecution));
    env.put("WEBHOOK_ALLOW_PRIVATE_ADDRESSES", "true");
    env.put("BULKDOCS_WEBHOOK_TARGETS_0_CXID", CX);
    env.put("BULKDOCS_WEBHOOK_TARGETS_0_URL", endpoint.url());
    env.put("BULKDOCS_WEBHOOK_TARGETS_0_KEY", "fault-webhook-key");
    env.put("BULKDOCS_WEBHOOK_TARGETS_1_CXID", SILENT_CX);
    env.put("BULKDOCS_WEBHOOK_TARGETS_1_URL", silentEndpoint.url());
    env.put("BULKDOCS_WEBHOOK_TARGETS_1_KEY", "silent-webhook-key");
    // Outages in this suite last seconds; the backoff of a production run would wait far longer.
    env.put("DELIVERY_INITIAL_BACKOFF", "1s");
    env.put("DELIVERY_MAX_BACKOFF", "4s");
    // The worker runs as the shipped stacks run it (deploy/local.env); -Dfaults.workerJavaOptions=...
    // compares another choice (empty: the JVM's defaults).
    String javaOptions = LocalSettings.workerJavaOptions("faults.workerJavaOptions");
    if (!javaOptions.isBlank()) {
      env.put("JAVA_TOOL_OPTIONS", javaOptions);
    }
    worker =
        ManagedProcess.javaJar(
                "workflow-worker",
                REPO.resolve("workflow-worker/target/workflow-worker.jar"),
                env,
                out.resolve("workflow-worker-" + (++workerRestarts) + ".log"))
            .awaitHttpOk("http://127.0.0.1:" + managementPort + "/actuator/health", Duration.ofSeconds(120));
  }

  /** kill -9 of the worker. */
  void killWorker() throws InterruptedException {
    worker.kill();
  }

  /** The customer's call; returns the requestId of the 200. */
  String trigger(String patientId) throws Exception {
    return trigger(API_KEY, patientId);
  }

  /** The silent customer's call. */
  String triggerSilent(String patientId) throws Exception {
    return trigger(SILENT_API_KEY, patientId);
  }

  /** The customer's {@code GET …/bulk} for the patient: the status body as the API answers it. */
  String status(String patientId) throws Exception {
    HttpResponse<String> response = callBulk(API_KEY, patientId, HttpRequest.newBuilder().GET());
    if (response.statusCode() != 200) {
      throw new IllegalStateException("status of " + patientId + ": " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }

  /** The patient's run has an activity a worker is executing (its delivery, for a silent endpoint). */
  boolean activityRunning(String patientId) {
    return client.newUntypedWorkflowStub(patientId).describe().getRawDescription().getPendingActivitiesList().stream()
        .anyMatch(a -> a.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED);
  }

  /** What an operator does to a run that should not go on: terminate it. */
  void terminate(String patientId) {
    client.newUntypedWorkflowStub(patientId).terminate("fault suite: case over");
  }

  private String trigger(String apiKey, String patientId) throws Exception {
    HttpResponse<String> response =
        callBulk(apiKey, patientId, HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()));
    Matcher requestId = REQUEST_ID.matcher(response.body());
    if (response.statusCode() != 200 || !requestId.find()) {
      throw new IllegalStateException("trigger of " + patientId + ": " + response.statusCode() + " " + response.body());
    }
    return requestId.group(1);
  }

  /** The customer's call on the bulk endpoint for one patient: the trigger (POST) or its status (GET). */
  private HttpResponse<String> callBulk(String apiKey, String patientId, HttpRequest.Builder method) throws Exception {
    return http.send(
        method
            .uri(URI.create("http://127.0.0.1:" + apiPort + "/medical/v1/document/download-url/bulk?patientId=" + patientId))
            .header("x-api-key", apiKey)
            .timeout(Duration.ofSeconds(60))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** {@code count} new patients with {@code documents} documents each. */
  List<String> seedPatients(String prefix, int count, int documents) {
    return seedPatients(CX, prefix, count, documents);
  }

  List<String> seedPatients(String cxId, String prefix, int count, int documents) {
    List<String> patients = new ArrayList<>();
    for (int p = 0; p < count; p++) {
      String patient = prefix + "-" + p;
      for (int d = 0; d < documents; d++) {
        s3.put(cxId + "/" + patient + "/" + cxId + "_" + patient + "_doc-" + d + ".pdf", ("%PDF " + d).getBytes(StandardCharsets.UTF_8));
      }
      patients.add(patient);
    }
    return patients;
  }

  /** The status of the patient's latest run, straight from Temporal. */
  WorkflowExecutionStatus statusOf(String patientId) {
    return client.newUntypedWorkflowStub(patientId).describe().getStatus();
  }

  private Map<String, String> common() {
    return ServiceEnvironment.common(
        temporalAddress, "http://127.0.0.1:" + s3Link.port(), InProcessS3.BUCKET, InProcessS3.ACCESS_KEY, InProcessS3.SECRET_KEY);
  }


  private void stopServices() {
    for (ManagedProcess process : new ManagedProcess[] {api, worker}) {
      if (process != null) {
        process.close();
      }
    }
  }


  @Override
  public void close() throws java.io.IOException {
    stopServices();
    if (service != null) {
      service.shutdownNow();
    }
    endpoint.close();
    silentEndpoint.close();
    s3Link.close();
    s3.close();
  }
}
