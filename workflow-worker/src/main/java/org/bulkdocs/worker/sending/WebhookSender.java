package org.bulkdocs.worker.sending;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.bulkdocs.common.address.RefusedAddressException;
import org.bulkdocs.common.address.WebhookAddressPolicy;
import org.bulkdocs.worker.activity.AttemptDeadline;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.bulkdocs.worker.targets.WebhookTarget;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One signed POST to a customer's endpoint: the only place the worker talks to customers, shared by
 * deliveries and pings. No redirects (the client never follows them), every address checked against
 * the SSRF policy (names by the client's {@link WebhookAddressGuard}, IP literals here), and at most a
 * bounded part of the answer read. Inside an activity, the call ends with the attempt: the SDK does not
 * interrupt an attempt the server has given up on, so the call's own timeout is cut to what is left.
 *
 * <p>Each POST is a {@code POST webhook} client span, a child of the activity's span: the customer, the
 * method, the answer's status code or the error's type. Never the URL or its host, the message or its
 * ID. No {@code traceparent} goes to the customer: the trace is ours (docs/operating.md, Traces).
 */
@Component
public class WebhookSender {

  static final String SPAN_NAME = "POST webhook";
  static final AttributeKey<String> CUSTOMER_ID = AttributeKey.stringKey("bulkdocs.customer.id");
  static final AttributeKey<String> HTTP_METHOD = AttributeKey.stringKey("http.request.method");
  static final AttributeKey<Long> HTTP_STATUS = AttributeKey.longKey("http.response.status_code");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /** Kept of an attempt's time to report the outcome before the server times the attempt out. */
  static final Duration REPORT_MARGIN = Duration.ofSeconds(1);

  private final OkHttpClient http;
  private final WebhookAddressGuard guard;
  private final Tracer tracer;

  /** Untraced. */
  public WebhookSender(OkHttpClient webhookHttpClient, WebhookAddressGuard guard) {
    this(webhookHttpClient, guard, OpenTelemetry.noop());
  }

  @Autowired
  public WebhookSender(OkHttpClient webhookHttpClient, WebhookAddressGuard guard, OpenTelemetry openTelemetry) {
    this.http = webhookHttpClient;
    this.guard = guard;
    this.tracer = openTelemetry.getTracer(WebhookSender.class.getPackageName());
  }

  /**
   * What the endpoint answered.
   *
   * @param body the first bytes of the answer, at most what the caller asked for
   * @param bodyTruncated the answer was longer than that
   */
  public record Answer(int status, String retryAfter, byte[] body, boolean bodyTruncated) {

    public boolean successful() {
      return status >= 200 && status < 300;
    }

    public boolean redirect() {
      return status >= 300 && status < 400;
    }
  }

  /**
   * Signs {@code body} with the target's key (both signature schemes, see {@link WebhookSignature}) and
   * POSTs it.
   *
   * @param messageId the message's id, sent as {@code webhook-id}
   * @param maxAnswerBytes how much of the answer to read (0: none)
   * @throws RefusedAddressException the host is, or resolves to, an address webhooks must not reach
   * @throws java.io.InterruptedIOException the endpoint did not answer in time
   * @throws IOException the endpoint could not be reached
   */
  public Answer post(WebhookTarget target, String messageId, byte[] body, int maxAnswerBytes) throws IOException {
    return post(target, OutgoingMessage.of(target.keys(), messageId, body, 0), maxAnswerBytes);
  }

  /** POSTs a message signed beforehand; a file body streams from disk. */
  public Answer post(WebhookTarget target, OutgoingMessage message, int maxAnswerBytes) throws IOException {
    Span span =
        tracer
            .spanBuilder(SPAN_NAME)
            .setSpanKind(SpanKind.CLIENT)
            .setAttribute(CUSTOMER_ID, target.cxId())
            .setAttribute(HTTP_METHOD, "POST")
            .startSpan();
    try {
      Answer answer = send(target, message, maxAnswerBytes);
      span.setAttribute(HTTP_STATUS, (long) answer.status());
      if (!answer.successful()) {
        span.setAttribute(ERROR_TYPE, String.valueOf(answer.status()));
        span.setStatus(StatusCode.ERROR);
      }
      return answer;
    } catch (IOException | RuntimeException e) {
      // the type only: a message can name the host or its address
      span.setAttribute(ERROR_TYPE, e.getClass().getName());
      span.setStatus(StatusCode.ERROR);
      throw e;
    } finally {
      span.end();
    }
  }

  private Answer send(WebhookTarget target, OutgoingMessage message, int maxAnswerBytes) throws IOException {
    refuseInternalLiteral(target);
    Request.Builder builder = new Request.Builder();
    try {
      builder.url(target.url().toString());
    } catch (IllegalArgumentException e) {
      // the API only stores http(s) URLs; anything else never leaves this worker
      throw new RefusedAddressException("webhook URL is not an http or https URL");
    }
    Request request =
        builder
            .header(WebhookSignature.HEADER, message.metriportSignature())
            .header(WebhookSignature.WEBHOOK_ID, message.messageId())
            .header(WebhookSignature.WEBHOOK_TIMESTAMP, String.valueOf(message.timestampSeconds()))
            .header(WebhookSignature.WEBHOOK_SIGNATURE, message.standardWebhooksSignature())
            .post(message.body())
            .build();
    Call call = http.newCall(request);
    Instant deadline = AttemptDeadline.current();
    Duration left = AttemptDeadline.remaining(deadline, REPORT_MARGIN);
    if (left != null) {
      if (left.isZero()) {
        throw new InterruptedIOException("the attempt's time was up before the call");
      }
      if (http.callTimeoutMillis() == 0 || left.toMillis() < http.callTimeoutMillis()) {
        call.timeout().timeout(left.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
    BackgroundHeartbeat.Registration onRunCancelled = BackgroundHeartbeat.whenCancelled(call::cancel);
    try (Response response = call.execute()) {
      byte[] answer = new byte[0];
      boolean truncated = false;
      if (maxAnswerBytes > 0) {
        try (InputStream in = response.body().byteStream()) {
          byte[] read = in.readNBytes(maxAnswerBytes + 1);
          truncated = read.length > maxAnswerBytes;
          answer = truncated ? Arrays.copyOf(read, maxAnswerBytes) : read;
        }
      }
      return new Answer(response.code(), response.header("Retry-After"), answer, truncated);
    } finally {
      onRunCancelled.close();
    }
  }

  /** OkHttp resolves names through the guard but takes IP literals as they are, so those are checked here. */
  private void refuseInternalLiteral(WebhookTarget target) throws IOException {
    String host = target.url().getHost();
    if (host == null) {
      throw new RefusedAddressException("webhook URL has no host");
    }
    if (WebhookAddressPolicy.isIpLiteral(host)) {
      guard.check(InetAddress.getByName(WebhookAddressPolicy.stripBrackets(host)));
    }
  }
}
