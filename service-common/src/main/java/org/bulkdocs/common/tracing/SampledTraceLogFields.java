package org.bulkdocs.common.tracing;

import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper.ScopeAttachedEvent;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper.ScopeClosedEvent;
import io.micrometer.tracing.otel.bridge.EventPublishingContextWrapper.ScopeRestoredEvent;
import io.micrometer.tracing.otel.bridge.Slf4JEventListener;
import io.opentelemetry.api.trace.Span;
import org.jspecify.annotations.Nullable;
import org.slf4j.MDC;

/**
 * Puts the current span's {@code traceId} and {@code spanId} into the logging context (MDC) only when its
 * trace is recorded, so a trace ID in a log line always leads to a trace. Spring Boot's listener, which
 * this one replaces, puts them (and {@code traceSampled}) for every span: with tracing off (sampling 0)
 * every log line in a request or an activity would carry the IDs of a trace that exists nowhere.
 */
public class SampledTraceLogFields extends Slf4JEventListener {

  static final String TRACE_ID = "traceId";
  static final String SPAN_ID = "spanId";

  @Override
  public void onEvent(Object event) {
    if (event instanceof ScopeAttachedEvent attached) {
      put(attached.getSpan());
    } else if (event instanceof ScopeRestoredEvent restored) {
      put(restored.getSpan());
    } else if (event instanceof ScopeClosedEvent) {
      remove();
    }
  }

  private static void put(@Nullable Span span) {
    if (span != null && span.getSpanContext().isSampled()) {
      MDC.put(TRACE_ID, span.getSpanContext().getTraceId());
      MDC.put(SPAN_ID, span.getSpanContext().getSpanId());
    } else {
      remove();
    }
  }

  private static void remove() {
    MDC.remove(TRACE_ID);
    MDC.remove(SPAN_ID);
  }
}
