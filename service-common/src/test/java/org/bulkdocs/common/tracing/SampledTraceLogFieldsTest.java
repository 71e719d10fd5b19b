package org.bulkdocs.common.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper.ScopeAttachedEvent;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper.ScopeClosedEvent;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper.ScopeRestoredEvent;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class SampledTraceLogFieldsTest {

  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String SPAN = "00f067aa0ba902b7";

  private final SampledTraceLogFields fields = new SampledTraceLogFields();

  @AfterEach
  void clear() {
    MDC.clear();
  }

  @Test
  void aRecordedSpanNamesItsTraceAndClosingItForgetsIt() {
    fields.onEvent(new ScopeAttachedEvent(Context.root().with(span(true))));
    assertThat(MDC.getCopyOfContextMap()).containsOnly(entry("traceId", TRACE), entry("spanId", SPAN));

    fields.onEvent(new ScopeClosedEvent());
    assertThat(MDC.getCopyOfContextMap()).isEmpty();
  }

  @Test
  void anUnrecordedSpanNamesNothing() {
    MDC.put("cxId", "cx-a");
    fields.onEvent(new ScopeAttachedEvent(Context.root().with(span(false))));
    assertThat(MDC.getCopyOfContextMap()).containsOnly(entry("cxId", "cx-a"));

    fields.onEvent(new ScopeAttachedEvent(Context.root().with(span(true))));
    fields.onEvent(new ScopeRestoredEvent(Context.root().with(span(false))));
    assertThat(MDC.getCopyOfContextMap()).containsOnly(entry("cxId", "cx-a"));
  }

  private static Span span(boolean sampled) {
    return Span.wrap(
        SpanContext.create(TRACE, SPAN, sampled ? TraceFlags.getSampled() : TraceFlags.getDefault(), TraceState.getDefault()));
  }

  private static java.util.Map.Entry<String, String> entry(String key, String value) {
    return java.util.Map.entry(key, value);
  }
}
