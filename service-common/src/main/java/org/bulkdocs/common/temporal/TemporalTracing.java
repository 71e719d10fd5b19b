package org.bulkdocs.common.temporal;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.opentracingshim.OpenTracingShim;
import io.opentracing.Tracer;
import io.temporal.opentracing.OpenTracingClientInterceptor;
import io.temporal.opentracing.OpenTracingOptions;
import io.temporal.opentracing.OpenTracingWorkerInterceptor;

/**
 * How both services trace through Temporal: the SDK's OpenTracing interceptors, on OpenTelemetry through
 * its OpenTracing shim, behind a {@link RedactingTracer}.
 *
 * <p>The client's interceptor starts a {@code StartWorkflow:<type>} span under whatever span is current
 * (the API's HTTP request) and writes its context into the workflow's Temporal headers
 * ({@code _tracer-data}); the worker's interceptor reads it back into {@code RunWorkflow:<type>}, whose
 * {@code StartActivity:<type>} spans carry it on into each activity's headers and
 * {@code RunActivity:<type>}. One run is one trace, from the request to the webhook POST.
 *
 * <p>The headers carry the W3C {@code traceparent} and nothing else, whatever the services' HTTP
 * propagation is set to: no baggage, so nothing a caller sends reaches the history. The SDK writes them
 * with its standard converter, not the services' encrypting one (checked by RunTraceTest in
 * workflow-worker): they are trace and span IDs, readable in the history like the run ID.
 */
public final class TemporalTracing {

  private TemporalTracing() {}

  /** The tracer to give the interceptors, writing to {@code openTelemetry}'s tracer provider. */
  public static Tracer tracer(OpenTelemetry openTelemetry) {
    return new RedactingTracer(
        OpenTracingShim.createTracerShim(
            openTelemetry.getTracerProvider(),
            W3CTraceContextPropagator.getInstance(),
            W3CTraceContextPropagator.getInstance()));
  }

  /** The API's side (what temporal-spring-boot-starter builds from the {@link Tracer} bean), for tests. */
  public static OpenTracingClientInterceptor clientInterceptor(OpenTelemetry openTelemetry) {
    return new OpenTracingClientInterceptor(OpenTracingOptions.newBuilder().setTracer(tracer(openTelemetry)).build());
  }

  /** The worker's side (what temporal-spring-boot-starter builds from the {@link Tracer} bean), for tests. */
  public static OpenTracingWorkerInterceptor workerInterceptor(OpenTelemetry openTelemetry) {
    return new OpenTracingWorkerInterceptor(OpenTracingOptions.newBuilder().setTracer(tracer(openTelemetry)).build());
  }
}
