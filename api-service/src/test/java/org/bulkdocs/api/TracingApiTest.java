package org.bulkdocs.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.bulkdocs.api.support.TestCustomers.CX_A;
import static org.bulkdocs.api.support.TestCustomers.KEY_A;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentracing.Tracer;
import io.temporal.client.WorkflowClient;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.bulkdocs.api.support.ApiClient;
import org.bulkdocs.api.support.ApiIntegrationTest;
import org.bulkdocs.api.support.InMemoryS3;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.bulk.BulkDownloadProgress;
import org.bulkdocs.contract.bulk.BulkDownloadRequest;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.contract.bulk.BulkDownloadWorkflow;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

/**
 * The API's part of a run's trace, with tracing on (every request recorded): the HTTP request's span is the
 * trace's root, whatever trace context the caller sends; the workflow's start is its child, and a worker
 * (here a stand-in workflow, with the worker's tracing interceptor) continues the trace from the run's
 * Temporal header. What the real workflow does under it, down to the webhook POST, is RunTraceTest's in
 * workflow-worker. No span carries the patient ID, the metadata or the API key.
 */
@ApiIntegrationTest
@Import(TracingApiTest.Traces.class)
@TestPropertySource(properties = "management.tracing.sampling.probability=1.0")
class TracingApiTest {

  private static final String CALLERS_TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @LocalServerPort int port;
  @LocalManagementPort int managementPort;
  @Autowired InMemoryS3 s3;
  @Autowired InMemorySpanExporter exported;
  @Autowired SdkTracerProvider tracerProvider;

  @Test
  void aTriggerIsOneTraceFromItsRequestIntoTheWorker() {
    String patientId = s3.newPatient(CX_A);
    String metadataValue = "metadata-value-" + UUID.randomUUID();

    var answer =
        new ApiClient(port)
            .send(
                "POST",
                ApiClient.BULK_PATH + "?patientId=" + patientId,
                KEY_A,
                BodyPublishers.ofString("{\"metadata\":{\"note\":\"" + metadataValue + "\"}}"),
                "application/json",
                "traceparent", "00-" + CALLERS_TRACE + "-00f067aa0ba902b7-01");
    assertThat(answer.statusCode()).isEqualTo(200);
    Awaitility.await("the stand-in worker's run span")
        .atMost(Duration.ofSeconds(10))
        .until(
            () -> {
              tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);
              return exported.getFinishedSpanItems().stream()
                  .anyMatch(s -> s.getName().equals("RunWorkflow:BulkDownloadWorkflow"));
            });

    List<SpanData> spans = exported.getFinishedSpanItems();
    System.out.println(describe(spans));
    SpanData request = spans.stream().filter(s -> s.getKind() == SpanKind.SERVER).findFirst().orElseThrow();
    assertThat(request.getTraceId()).as("the caller's trace is not continued").isNotEqualTo(CALLERS_TRACE);
    assertThat(request.getParentSpanContext().isValid()).as("the request is the trace's root").isFalse();
    List<SpanData> trace = spans.stream().filter(s -> s.getTraceId().equals(request.getTraceId())).toList();
    assertThat(ancestry(only(trace, "RunWorkflow:BulkDownloadWorkflow"), trace))
        .containsExactly("StartWorkflow:BulkDownloadWorkflow", request.getName());

    for (SpanData span : spans) {
      assertThat(texts(span))
          .as("what span %s carries", span.getName())
          .noneMatch(text -> text.contains(patientId) || text.contains(metadataValue) || text.contains(KEY_A));
    }
  }

  /** The Temporal UI's codec path carries the codec server's token: it must never reach a span. */
  @Test
  void theManagementPortsRequestsCarryNoToken() throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    String base = "http://127.0.0.1:" + managementPort;
    HttpResponse<String> decoded =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/codec/" + ApiIntegrationTest.CODEC_TOKEN + "/decode"))
                .POST(BodyPublishers.ofString("{\"payloads\":[]}"))
                .header("Content-Type", "application/json")
                .build(),
            BodyHandlers.ofString());
    assertThat(decoded.statusCode()).isEqualTo(200);
    assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health")).build(), BodyHandlers.ofString()).statusCode())
        .isEqualTo(200);
    tracerProvider.forceFlush().join(5, TimeUnit.SECONDS);

    List<SpanData> spans = exported.getFinishedSpanItems();
    System.out.println(describe(spans));
    for (SpanData span : spans) {
      assertThat(texts(span)).as("what span %s carries", span.getName()).noneMatch(text -> text.contains(ApiIntegrationTest.CODEC_TOKEN));
    }
  }

  private static SpanData only(List<SpanData> spans, String name) {
    List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as(name).hasSize(1);
    return named.get(0);
  }

  private static List<String> ancestry(SpanData span, List<SpanData> spans) {
    Map<String, SpanData> byId = spans.stream().collect(Collectors.toMap(SpanData::getSpanId, s -> s));
    List<String> names = new ArrayList<>();
    SpanData parent = byId.get(span.getParentSpanId());
    while (parent != null) {
      names.add(parent.getName());
      parent = byId.get(parent.getParentSpanId());
    }
    return names;
  }

  private static List<String> texts(SpanData span) {
    List<String> texts = new ArrayList<>();
    texts.add(span.getName());
    texts.add(span.getStatus().getDescription());
    addAll(texts, span.getAttributes());
    for (EventData event : span.getEvents()) {
      texts.add(event.getName());
      addAll(texts, event.getAttributes());
    }
    return texts;
  }

  private static void addAll(List<String> texts, Attributes attributes) {
    attributes.forEach((key, value) -> texts.add(key.getKey() + "=" + value));
  }

  private static String describe(List<SpanData> spans) {
    StringBuilder out = new StringBuilder(spans.size() + " spans:\n");
    for (SpanData span : spans) {
      Map<String, Object> attributes = new java.util.TreeMap<>();
      span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), value));
      out.append("  ").append(span.getName()).append(' ').append(span.getKind()).append(' ').append(attributes).append('\n');
    }
    return out.toString();
  }

  /** Finishes at once: the API's side is what is under test. */
  public static class StandInWorkflow implements BulkDownloadWorkflow {

    private BulkDownloadRequest request;

    @Override
    public BulkDownloadResult run(BulkDownloadRequest request) {
      this.request = request;
      return new BulkDownloadResult(request.requestId(), "completed", 1, 1, 1, 1);
    }

    @Override
    public BulkDownloadProgress progress() {
      return new BulkDownloadProgress(request.requestId(), "processing", "listing", 0, 0, null, 0L, 0, 0);
    }
  }

  @TestConfiguration(proxyBeanMethods = false)
  static class Traces {

    /** Spring Boot's span processor exports to every SpanExporter bean. */
    @Bean
    InMemorySpanExporter inMemorySpanExporter() {
      return InMemorySpanExporter.create();
    }

    /** A worker as temporal-spring-boot-starter builds the worker's: its tracing interceptor on the service's tracer. */
    @Bean(destroyMethod = "shutdownNow")
    WorkerFactory tracedStandInWorker(WorkflowClient client, Tracer tracer) {
      WorkerFactory factory =
          WorkerFactory.newInstance(
              client,
              WorkerFactoryOptions.newBuilder()
                  .setWorkerInterceptors(
                      new OpenTracingWorkerInterceptor(OpenTracingOptions.newBuilder().setTracer(tracer).build()))
                  .build());
      factory.newWorker(TaskQueues.BULK_DOWNLOAD).registerWorkflowImplementationTypes(StandInWorkflow.class);
      factory.start();
      return factory;
    }
  }
}
