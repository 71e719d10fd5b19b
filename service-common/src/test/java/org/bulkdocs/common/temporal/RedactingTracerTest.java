package org.bulkdocs.common.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentracing.Scope;
import io.opentracing.Span;
import io.opentracing.Tracer;
import io.opentracing.log.Fields;
import io.opentracing.propagation.Format;
import io.opentracing.propagation.TextMapAdapter;
import io.opentracing.tag.Tags;
import io.temporal.opentracing.StandardTagNames;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What Temporal's tracing interceptors hand the tracer, and what of it reaches a span. */
class RedactingTracerTest {

  private static final String PATIENT = "patient-7c0ffee";
  private static final String URL = "https://hooks.example.com/in?token=s3cr3t";

  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final Tracer tracer =
      TemporalTracing.tracer(
          OpenTelemetrySdk.builder()
              .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exported)).build())
              .build());

  @Test
  void keepsTheRunAndActivityIdsAndDropsTheWorkflowId() {
    tracer
        .buildSpan("RunActivity:DeliverPage")
        .withTag(StandardTagNames.WORKFLOW_ID, PATIENT)
        .withTag(StandardTagNames.PARENT_WORKFLOW_ID, PATIENT)
        .withTag(StandardTagNames.RUN_ID, "run-1")
        .withTag(StandardTagNames.ACTIVITY_ID, "5")
        .start()
        .setTag("patientId", PATIENT)
        .finish();

    SpanData span = exported.getFinishedSpanItems().get(0);
    assertThat(span.getName()).isEqualTo("RunActivity:DeliverPage");
    assertThat(span.getAttributes().asMap())
        .containsOnlyKeys(AttributeKey.stringKey(StandardTagNames.RUN_ID), AttributeKey.stringKey(StandardTagNames.ACTIVITY_ID));
  }

  /** What the SDK's SpanFactory.logFail does with an activity's or a workflow's failure. */
  @Test
  void aFailureKeepsItsExceptionClassOnly() {
    RuntimeException failure = new IllegalStateException("webhook " + URL + " answered 503 for " + PATIENT);
    Span span = tracer.buildSpan("RunWorkflow:BulkDownloadWorkflow").start();
    span.setTag("failed", true);
    span.setTag(Tags.ERROR, true);
    Map<String, Object> log = new HashMap<>();
    log.put(Fields.EVENT, "error");
    log.put(Fields.ERROR_KIND, failure.getClass().getName());
    log.put(Fields.ERROR_OBJECT, failure);
    log.put(Fields.STACK, "java.lang.IllegalStateException: " + failure.getMessage() + "\n\tat ...");
    log.put(Fields.MESSAGE, failure.getMessage());
    span.log(System.currentTimeMillis() * 1000, log);
    span.log("free text naming " + PATIENT);
    span.setBaggageItem("patient", PATIENT);
    span.finish();

    SpanData data = exported.getFinishedSpanItems().get(0);
    assertThat(data.getStatus().getStatusCode()).isEqualTo(io.opentelemetry.api.trace.StatusCode.ERROR);
    assertThat(data.getStatus().getDescription()).isEmpty();
    List<EventData> events = data.getEvents();
    assertThat(events).extracting(EventData::getName).containsExactly("exception", "log");
    assertThat(events.get(0).getAttributes().asMap())
        .containsOnly(
            Map.entry(AttributeKey.stringKey("event"), "error"),
            Map.entry(AttributeKey.stringKey("exception.type"), IllegalStateException.class.getName()));
    assertThat(data.toString()).doesNotContain(PATIENT, "hooks.example.com", "s3cr3t");
    Map<String, String> header = new HashMap<>();
    tracer.inject(span.context(), Format.Builtin.TEXT_MAP, new TextMapAdapter(header));
    assertThat(header).containsOnlyKeys("traceparent");
  }

  /** The interceptors activate their spans and start the next ones under them, through the wrapper. */
  @Test
  void spansStillNestAndTravelAsTraceparent() {
    Span workflow = tracer.buildSpan("RunWorkflow:BulkDownloadWorkflow").start();
    Map<String, String> header = new HashMap<>();
    Scope active = tracer.activateSpan(workflow);
    try {
      Span start = tracer.buildSpan("StartActivity:ListAndDeliver").asChildOf(tracer.activeSpan()).start();
      tracer.inject(start.context(), Format.Builtin.TEXT_MAP, new TextMapAdapter(header));
      start.finish();
    } finally {
      active.close();
    }
    workflow.finish();
    Span run =
        tracer
            .buildSpan("RunActivity:ListAndDeliver")
            .addReference("follows_from", tracer.extract(Format.Builtin.TEXT_MAP, new TextMapAdapter(header)))
            .start();
    run.finish();

    List<SpanData> spans = exported.getFinishedSpanItems();
    assertThat(spans).extracting(SpanData::getTraceId).containsOnly(spans.get(0).getTraceId());
    SpanData startSpan = spans.get(0);
    SpanData workflowSpan = spans.get(1);
    SpanData runSpan = spans.get(2);
    assertThat(startSpan.getParentSpanId()).isEqualTo(workflowSpan.getSpanId());
    assertThat(runSpan.getParentSpanId()).isEqualTo(startSpan.getSpanId());
    assertThat(header).containsOnlyKeys("traceparent");
  }
}
