package org.bulkdocs.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.converter.EncodingKeys;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.worker.WorkerFactoryOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.awaitility.Awaitility;
import org.bulkdocs.common.temporal.EncryptionCodec;
import org.bulkdocs.common.temporal.TemporalSecurityConfiguration;
import org.bulkdocs.common.temporal.TemporalTracing;
import org.bulkdocs.contract.bulk.BulkDownloadResult;
import org.bulkdocs.testsupport.TestKeyEncryption;
import org.bulkdocs.worker.support.InProcessS3;
import org.bulkdocs.worker.support.WorkerFixture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One run is one trace: the API's request span, the workflow's start (the client's tracing interceptor,
 * as the API's WorkflowClient has it), the workflow and its activities (the worker's), and the webhook
 * POST, all under the request, on the services' encrypting data converter. No span carries the patient,
 * the metadata, a document, the webhook's URL or host; the customer's endpoint gets no trace header.
 *
 * <p>The API's side is started as the API starts it (BulkDownloadStartOptions and BulkDownloadRequest,
 * through {@link WorkerFixture#startRun}) inside a server span standing for its HTTP request; the API's
 * own request span, on its real HTTP stack, is TracingApiTest's in api-service.
 */
class RunTraceTest {

  private static final String CX = "cx-trace";
  private static final String WEBHOOK_KEY = "whsec-trace-key";
  private static final String METADATA_VALUE = "metadata-value-" + UUID.randomUUID();

  private static InProcessS3 s3;

  private final List<RecordedRequest> posts = new CopyOnWriteArrayList<>();
  /** The endpoint's answers, in order; 200 once they are used up. */
  private final Queue<Integer> answers = new ConcurrentLinkedQueue<>();
  private MockWebServer endpoint;
  private InMemorySpanExporter exported;

  @BeforeAll
  static void startS3() {
    s3 = InProcessS3.start();
  }

  @AfterAll
  static void stopS3() throws Exception {
    s3.close();
  }

  @BeforeEach
  void startEndpoint() throws Exception {
    endpoint = new MockWebServer();
    endpoint.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
            posts.add(request);
            Integer code = answers.poll();
            return new MockResponse.Builder().code(code == null ? 200 : code).body("{}").build();
          }
        });
    endpoint.start(0);
    exported = InMemorySpanExporter.create();
  }

  @AfterEach
  void stopEndpoint() {
    endpoint.close();
  }

  @Test
  void oneRunIsOneTraceFromTheRequestToTheWebhookPost() {
    String patient = "patient-" + UUID.randomUUID();
    String requestId = UUID.randomUUID().toString();
    String documentKey = CX + "/" + patient + "/" + CX + "_" + patient + "_doc-1.pdf";
    s3.put(documentKey, "%PDF-1.7 traced".getBytes(StandardCharsets.UTF_8));
    OpenTelemetrySdk otel = openTelemetry(Sampler.parentBased(Sampler.alwaysOn()));

    String traceId;
    try (WorkerFixture fixture = traced(otel)) {
      Span request = otel.getTracer("api").spanBuilder("http post").setSpanKind(SpanKind.SERVER).startSpan();
      traceId = request.getSpanContext().getTraceId();
      WorkflowStub run;
      Scope current = request.makeCurrent();
      try {
        run = fixture.startRun(CX, patient, requestId, Map.of("youCanPut", METADATA_VALUE));
      } finally {
        current.close();
        request.end();
      }
      assertThat(run.getResult(BulkDownloadResult.class).status()).isEqualTo("completed");
      awaitSpan("POST webhook");
      awaitSpan("RunWorkflow:BulkDownloadWorkflow");

      // The trace's context rides in the run's Temporal header, written by the SDK's standard converter
      // (the codec does not touch headers): plain JSON, the traceparent only. The input is encrypted.
      HistoryEvent started = fixture.client().fetchHistory(patient).getEvents().get(0);
      Payload header = started.getWorkflowExecutionStartedEventAttributes().getHeader().getFieldsMap().get("_tracer-data");
      assertThat(header).as("the start's tracing header").isNotNull();
      assertThat(header.getMetadataMap().get(EncodingKeys.METADATA_ENCODING_KEY).toStringUtf8()).isEqualTo("json/plain");
      assertThat(header.getData().toStringUtf8()).startsWith("{\"traceparent\":\"00-" + traceId + "-").doesNotContain(patient);
      assertThat(
              started.getWorkflowExecutionStartedEventAttributes().getInput().getPayloads(0).getMetadataMap()
                  .get(EncodingKeys.METADATA_ENCODING_KEY).toStringUtf8())
          .isEqualTo("binary/encrypted");
    }

    List<SpanData> spans = exported.getFinishedSpanItems();
    System.out.println(describe(spans));
    assertThat(spans).extracting(SpanData::getTraceId).as("one trace").containsOnly(traceId);
    assertThat(spans)
        .extracting(SpanData::getName)
        .contains(
            "http post",
            "StartWorkflow:BulkDownloadWorkflow",
            "RunWorkflow:BulkDownloadWorkflow",
            "StartActivity:CurrentDeliveryPolicy",
            "RunActivity:CurrentDeliveryPolicy",
            "StartActivity:ListAndDeliver",
            "RunActivity:ListAndDeliver",
            "POST webhook");

    SpanData post = only(spans, "POST webhook");
    assertThat(post.getKind()).isEqualTo(SpanKind.CLIENT);
    Map<String, Object> attributes = new HashMap<>();
    post.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), value));
    assertThat(attributes)
        .containsOnly(
            Map.entry("bulkdocs.customer.id", CX),
            Map.entry("http.request.method", "POST"),
            Map.entry("http.response.status_code", 200L));
    assertThat(ancestry(post, spans))
        .as("the POST's parents, up to the request")
        .containsExactly(
            "RunActivity:ListAndDeliver",
            "StartActivity:ListAndDeliver",
            "RunWorkflow:BulkDownloadWorkflow",
            "StartWorkflow:BulkDownloadWorkflow",
            "http post");

    String webhookHost = endpoint.getHostName() + ":" + endpoint.getPort();
    for (SpanData span : spans) {
      assertThat(texts(span))
          .as("what span %s carries", span.getName())
          .noneMatch(
              text ->
                  text.contains(patient)
                      || text.contains(METADATA_VALUE)
                      || text.contains(requestId)
                      || text.contains("doc-1")
                      || text.contains(webhookHost)
                      || text.contains("/webhook"));
    }

    assertThat(posts).hasSize(1);
    assertThat(posts.get(0).getHeaders().names())
        .as("no trace context goes to the customer")
        .doesNotContain("traceparent", "tracestate", "b3", "x-b3-traceid");
  }

  /** A refused first attempt, then the page's delivery after the backoff: both POSTs in the run's trace. */
  @Test
  void aRefusedAttemptIsAnErrorSpanAndItsRetryIsInTheSameTrace() {
    String patient = "patient-" + UUID.randomUUID();
    String requestId = UUID.randomUUID().toString();
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc-1.pdf", "%PDF-1.7 retried".getBytes(StandardCharsets.UTF_8));
    answers.add(503);
    OpenTelemetrySdk otel = openTelemetry(Sampler.parentBased(Sampler.alwaysOn()));

    String traceId;
    try (WorkerFixture fixture = traced(otel)) {
      Span request = otel.getTracer("api").spanBuilder("http post").setSpanKind(SpanKind.SERVER).startSpan();
      traceId = request.getSpanContext().getTraceId();
      WorkflowStub run;
      Scope current = request.makeCurrent();
      try {
        run = fixture.startRun(CX, patient, requestId, Map.of("youCanPut", METADATA_VALUE));
      } finally {
        current.close();
        request.end();
      }
      assertThat(run.getResult(BulkDownloadResult.class).status()).isEqualTo("completed");
      awaitSpan("RunWorkflow:BulkDownloadWorkflow");
    }

    List<SpanData> spans = exported.getFinishedSpanItems();
    System.out.println(describe(spans));
    assertThat(spans).extracting(SpanData::getTraceId).as("one trace").containsOnly(traceId);
    List<SpanData> sent = spans.stream().filter(s -> s.getName().equals("POST webhook")).toList();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(0).getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(sent.get(0).getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("error.type"))).isEqualTo("503");
    assertThat(ancestry(sent.get(1), spans)).startsWith("RunActivity:DeliverPage", "StartActivity:DeliverPage").endsWith("http post");
    for (SpanData span : spans) {
      assertThat(texts(span))
          .as("what span %s carries", span.getName())
          .noneMatch(text -> text.contains(patient) || text.contains(METADATA_VALUE) || text.contains(requestId));
    }
  }

  @Test
  void samplingOffRecordsNothingAndTheRunIsTheSame() {
    String patient = "patient-" + UUID.randomUUID();
    s3.put(CX + "/" + patient + "/" + CX + "_" + patient + "_doc-1.pdf", "%PDF-1.7 untraced".getBytes(StandardCharsets.UTF_8));
    // the services' default: Spring Boot's parent-based ratio sampler at a probability of 0
    OpenTelemetrySdk otel = openTelemetry(Sampler.parentBased(Sampler.traceIdRatioBased(0.0)));

    try (WorkerFixture fixture = traced(otel)) {
      Span request = otel.getTracer("api").spanBuilder("http post").setSpanKind(SpanKind.SERVER).startSpan();
      assertThat(request.isRecording()).isFalse();
      WorkflowStub run;
      Scope current = request.makeCurrent();
      try {
        run = fixture.startRun(CX, patient, UUID.randomUUID().toString(), Map.of("youCanPut", METADATA_VALUE));
      } finally {
        current.close();
        request.end();
      }
      assertThat(run.getResult(BulkDownloadResult.class).status()).isEqualTo("completed");
    }
    assertThat(posts).hasSize(1);
    assertThat(exported.getFinishedSpanItems()).isEmpty();
  }

  private OpenTelemetrySdk openTelemetry(Sampler sampler) {
    return OpenTelemetrySdk.builder()
        .setTracerProvider(
            SdkTracerProvider.builder()
                .setSampler(sampler)
                .addSpanProcessor(SimpleSpanProcessor.create(exported))
                .build())
        .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
        .build();
  }

  /** The services' data converter, and the interceptors temporal-spring-boot-starter puts on their client and worker. */
  private WorkerFixture traced(OpenTelemetrySdk otel) {
    EncryptionCodec codec = EncryptionCodec.fromSettings(TestKeyEncryption.PAYLOAD_KEYS, TestKeyEncryption.PAYLOAD_ACTIVE);
    TestEnvironmentOptions environment =
        TestEnvironmentOptions.newBuilder()
            .setWorkflowClientOptions(
                WorkflowClientOptions.newBuilder()
                    .setDataConverter(TemporalSecurityConfiguration.encrypting(codec))
                    .setInterceptors(TemporalTracing.clientInterceptor(otel))
                    .build())
            .setWorkerFactoryOptions(
                WorkerFactoryOptions.newBuilder().setWorkerInterceptors(TemporalTracing.workerInterceptor(otel)).build())
            .build();
    return WorkerFixture.start(
        s3.properties(),
        CX,
        endpoint.url("/webhook").toString(),
        WEBHOOK_KEY,
        WorkerFixture.defaultDelivery(),
        true,
        WorkerFixture.NO_PAGING,
        environment,
        otel);
  }

  private void awaitSpan(String name) {
    Awaitility.await(name)
        .atMost(Duration.ofSeconds(10))
        .until(() -> exported.getFinishedSpanItems().stream().anyMatch(s -> s.getName().equals(name)));
  }

  private static SpanData only(List<SpanData> spans, String name) {
    List<SpanData> named = spans.stream().filter(s -> s.getName().equals(name)).toList();
    assertThat(named).as(name).hasSize(1);
    return named.get(0);
  }

  /** The names of the span's parent, its parent's parent, ... */
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

  /** Every string a span would export: its name, attributes, events' and links' attributes, status. */
  private static List<String> texts(SpanData span) {
    List<String> texts = new ArrayList<>();
    texts.add(span.getName());
    texts.add(span.getStatus().getDescription());
    addAll(texts, span.getAttributes());
    for (EventData event : span.getEvents()) {
      texts.add(event.getName());
      addAll(texts, event.getAttributes());
    }
    for (LinkData link : span.getLinks()) {
      addAll(texts, link.getAttributes());
    }
    return texts;
  }

  private static void addAll(List<String> texts, Attributes attributes) {
    attributes.forEach((key, value) -> texts.add(key.getKey() + "=" + value));
  }

  private static String describe(List<SpanData> spans) {
    Map<String, SpanData> byId = spans.stream().collect(Collectors.toMap(SpanData::getSpanId, s -> s));
    StringBuilder out = new StringBuilder("trace of one run, " + spans.size() + " spans:\n");
    for (SpanData span : spans) {
      SpanData parent = byId.get(span.getParentSpanId());
      Map<String, Object> attributes = new java.util.TreeMap<>();
      span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), value));
      out.append("  ")
          .append(span.getName())
          .append(" <- ")
          .append(parent == null ? "-" : parent.getName())
          .append(' ')
          .append(attributes)
          .append(span.getStatus().getStatusCode() == StatusCode.UNSET ? "" : " " + span.getStatus().getStatusCode())
          .append('\n');
    }
    return out.toString();
  }
}
