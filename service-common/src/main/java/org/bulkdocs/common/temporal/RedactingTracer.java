package org.bulkdocs.common.temporal;

import io.opentracing.Scope;
import io.opentracing.ScopeManager;
import io.opentracing.Span;
import io.opentracing.SpanContext;
import io.opentracing.Tracer;
import io.opentracing.log.Fields;
import io.opentracing.propagation.Format;
import io.opentracing.tag.Tag;
import io.opentracing.tag.Tags;
import io.temporal.opentracing.StandardTagNames;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The OpenTracing tracer Temporal's tracing interceptors write through, in front of OpenTelemetry's shim:
 * it lets through only what a span may carry, whatever the interceptors hand it.
 *
 * <ul>
 *   <li>tags: the run ID, the activity ID and the error flags. The workflow ID is the patient ID (and a
 *       webhook workflow's ID names a customer or a message), so it never reaches a span;
 *   <li>logs: a failure keeps its event name and its exception's class. The message, the stack trace and
 *       the exception itself are dropped: a failure's message can name a webhook URL, a document or the
 *       patient (which is why the codec encrypts failures in the history).
 * </ul>
 *
 * <p>Span names are the interceptors' own ({@code StartWorkflow:BulkDownloadWorkflow},
 * {@code RunActivity:DeliverPage}, ...): operation types and workflow, activity, signal and query type
 * names, all code. Context passes through untouched, so the spans still join the caller's trace.
 */
final class RedactingTracer implements Tracer {

  /** Tags a span keeps (the interceptors' "failed" and "evicted" flags are booleans). */
  static final Set<String> TAGS =
      Set.of(StandardTagNames.RUN_ID, StandardTagNames.ACTIVITY_ID, Tags.ERROR.getKey(), "failed", StandardTagNames.EVICTED);

  /** Fields a span log keeps: "error" and the exception's class name. */
  static final Set<String> LOG_FIELDS = Set.of(Fields.EVENT, Fields.ERROR_KIND);

  private final Tracer delegate;

  RedactingTracer(Tracer delegate) {
    this.delegate = delegate;
  }

  @Override
  public ScopeManager scopeManager() {
    return delegate.scopeManager();
  }

  @Override
  public Span activeSpan() {
    return delegate.activeSpan();
  }

  @Override
  public Scope activateSpan(Span span) {
    return delegate.activateSpan(unwrap(span));
  }

  @Override
  public SpanBuilder buildSpan(String operationName) {
    return new RedactingSpanBuilder(delegate.buildSpan(operationName));
  }

  @Override
  public <C> void inject(SpanContext spanContext, Format<C> format, C carrier) {
    delegate.inject(spanContext, format, carrier);
  }

  @Override
  public <C> SpanContext extract(Format<C> format, C carrier) {
    return delegate.extract(format, carrier);
  }

  @Override
  public void close() {
    delegate.close();
  }

  static boolean keepsTag(String key) {
    return TAGS.contains(key);
  }

  static Map<String, ?> keptFields(Map<String, ?> fields) {
    Map<String, Object> kept = new LinkedHashMap<>();
    fields.forEach(
        (key, value) -> {
          if (LOG_FIELDS.contains(key) && value != null) {
            kept.put(key, value.toString());
          }
        });
    return kept;
  }

  private static Span unwrap(Span span) {
    return span instanceof RedactingSpan redacting ? redacting.get() : span;
  }

  private static final class RedactingSpanBuilder implements SpanBuilder {

    private final SpanBuilder delegate;

    RedactingSpanBuilder(SpanBuilder delegate) {
      this.delegate = delegate;
    }

    @Override
    public SpanBuilder asChildOf(SpanContext parent) {
      delegate.asChildOf(parent);
      return this;
    }

    @Override
    public SpanBuilder asChildOf(Span parent) {
      delegate.asChildOf(unwrap(parent));
      return this;
    }

    @Override
    public SpanBuilder addReference(String referenceType, SpanContext referencedContext) {
      delegate.addReference(referenceType, referencedContext);
      return this;
    }

    @Override
    public SpanBuilder ignoreActiveSpan() {
      delegate.ignoreActiveSpan();
      return this;
    }

    @Override
    public SpanBuilder withTag(String key, String value) {
      if (keepsTag(key)) {
        delegate.withTag(key, value);
      }
      return this;
    }

    @Override
    public SpanBuilder withTag(String key, boolean value) {
      if (keepsTag(key)) {
        delegate.withTag(key, value);
      }
      return this;
    }

    @Override
    public SpanBuilder withTag(String key, Number value) {
      if (keepsTag(key)) {
        delegate.withTag(key, value);
      }
      return this;
    }

    @Override
    public <T> SpanBuilder withTag(Tag<T> tag, T value) {
      if (keepsTag(tag.getKey())) {
        delegate.withTag(tag, value);
      }
      return this;
    }

    @Override
    public SpanBuilder withStartTimestamp(long microseconds) {
      delegate.withStartTimestamp(microseconds);
      return this;
    }

    @Override
    public Span start() {
      return new RedactingSpan(delegate.start());
    }
  }

  /**
   * A span that drops what it must not carry. It is a {@link Supplier} of the span it wraps: that is how
   * OpenTelemetry's shim finds its own span behind a wrapper when the span is activated or made a parent.
   */
  private static final class RedactingSpan implements Span, Supplier<Span> {

    private final Span delegate;

    RedactingSpan(Span delegate) {
      this.delegate = delegate;
    }

    @Override
    public Span get() {
      return delegate;
    }

    @Override
    public SpanContext context() {
      return delegate.context();
    }

    @Override
    public Span setTag(String key, String value) {
      if (keepsTag(key)) {
        delegate.setTag(key, value);
      }
      return this;
    }

    @Override
    public Span setTag(String key, boolean value) {
      if (keepsTag(key)) {
        delegate.setTag(key, value);
      }
      return this;
    }

    @Override
    public Span setTag(String key, Number value) {
      if (keepsTag(key)) {
        delegate.setTag(key, value);
      }
      return this;
    }

    @Override
    public <T> Span setTag(Tag<T> tag, T value) {
      if (keepsTag(tag.getKey())) {
        delegate.setTag(tag, value);
      }
      return this;
    }

    @Override
    public Span log(Map<String, ?> fields) {
      delegate.log(keptFields(fields));
      return this;
    }

    @Override
    public Span log(long timestampMicroseconds, Map<String, ?> fields) {
      delegate.log(timestampMicroseconds, keptFields(fields));
      return this;
    }

    /** A free-text event could say anything: only that something was logged is kept. */
    @Override
    public Span log(String event) {
      delegate.log(Map.of(Fields.EVENT, "log"));
      return this;
    }

    @Override
    public Span log(long timestampMicroseconds, String event) {
      delegate.log(timestampMicroseconds, Map.of(Fields.EVENT, "log"));
      return this;
    }

    /** Baggage would travel in every header the trace reaches: none is set. */
    @Override
    public Span setBaggageItem(String key, String value) {
      return this;
    }

    @Override
    public String getBaggageItem(String key) {
      return delegate.getBaggageItem(key);
    }

    @Override
    public Span setOperationName(String operationName) {
      delegate.setOperationName(operationName);
      return this;
    }

    @Override
    public void finish() {
      delegate.finish();
    }

    @Override
    public void finish(long finishMicros) {
      delegate.finish(finishMicros);
    }
  }
}
