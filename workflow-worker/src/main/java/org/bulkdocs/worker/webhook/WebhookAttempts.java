package org.bulkdocs.worker.webhook;

import io.temporal.failure.ApplicationFailure;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.bulkdocs.common.address.RefusedAddressException;
import org.bulkdocs.common.state.settings.WebhookStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One delivery attempt, whatever the message: the customer's target, one signed POST, and what the
 * answer means for the workflow (an {@code ApplicationFailure} of a {@link WebhookFailures} type), with
 * the webhook's status and the delivery metrics kept up to date.
 */
@Component
public class WebhookAttempts {

  private static final Logger log = LoggerFactory.getLogger(WebhookAttempts.class);

  private final WebhookSender sender;
  private final WebhookTargets targets;
  private final WebhookStatus status;
  private final WebhookMetrics metrics;

  public WebhookAttempts(WebhookSender sender, WebhookTargets targets, WebhookStatus status, WebhookMetrics metrics) {
    this.sender = sender;
    this.targets = targets;
    this.status = status;
    this.metrics = metrics;
  }

  /** Counts the attempt in the delivery metrics by its outcome. */
  public DeliveryReceipt measured(Supplier<DeliveryReceipt> attempt) {
    long started = System.nanoTime();
    String outcome = WebhookMetrics.UNAVAILABLE;
    try {
      DeliveryReceipt receipt = attempt.get();
      outcome = WebhookMetrics.DELIVERED;
      return receipt;
    } catch (ApplicationFailure failure) {
      outcome =
          WebhookFailures.REJECTED.equals(failure.getType())
              ? WebhookMetrics.REJECTED
              : WebhookMetrics.UNAVAILABLE;
      throw failure;
    } finally {
      metrics.record(outcome, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /** One POST of the message {@code build} makes for the customer's target, and what its answer means. */
  public DeliveryReceipt attempt(
      String cxId, Function<WebhookTarget, OutgoingMessage> build, String patientId, String requestId, String what) {
    return attempt(target(cxId), cxId, build, patientId, requestId, what);
  }

  /** The same, to a target the caller looked up. */
  public DeliveryReceipt attempt(
      Optional<WebhookTarget> customerTarget,
      String cxId,
      Function<WebhookTarget, OutgoingMessage> build,
      String patientId,
      String requestId,
      String what) {
    WebhookTarget target =
        customerTarget.orElseThrow(() -> unavailable("customer has no webhook URL configured", null));
    try (OutgoingMessage message = build.apply(target)) {
      WebhookSender.Answer answer = sender.post(target, message, 0);
      int code = answer.status();
      log.info(
          "webhook attempt cxId={} patientId={} requestId={} messageId={} message={} bytes={} http={}",
          cxId,
          patientId,
          requestId,
          message.messageId(),
          what,
          message.bodyBytes(),
          code);
      if (answer.successful()) {
        recordEndpointStatus(target, true, "Webhook delivered (HTTP " + code + ")");
        return new DeliveryReceipt(
            code,
            message.bodyBytes(),
            message.documents(),
            message.urlsValidUntil() == null ? 0 : message.urlsValidUntil().toEpochMilli());
      }
      if (code == 410) {
        throw failed(
            target,
            "Webhook disabled: the endpoint answered HTTP 410 Gone; set the URL again (POST /settings) to enable it",
            ApplicationFailure.newNonRetryableFailure("endpoint answered HTTP 410 Gone", WebhookFailures.GONE, code));
      }
      if (code == 408 || code == 429 || code >= 500) {
        throw failed(target, unavailable("endpoint answered HTTP " + code, retryAfterSeconds(answer)));
      }
      String refusal =
          answer.redirect()
              ? "endpoint answered with a redirect (HTTP " + code + "), which is not followed"
              : "endpoint refused the message with HTTP " + code;
      throw failed(
          target, ApplicationFailure.newNonRetryableFailure(refusal, WebhookFailures.REJECTED, code));
    } catch (RefusedAddressException e) {
      throw failed(target, ApplicationFailure.newNonRetryableFailure(e.getMessage(), WebhookFailures.REJECTED));
    } catch (InterruptedIOException e) {
      throw failed(target, unavailable("endpoint did not answer in time", null));
    } catch (IOException e) {
      // the exception text can name the host; the type is enough to tell what went wrong
      throw failed(target, unavailable("could not reach endpoint (" + e.getClass().getSimpleName() + ")", null));
    }
  }

  private Optional<WebhookTarget> target(String cxId) {
    try {
      return targets.forCustomer(cxId);
    } catch (SdkException e) {
      throw unavailable("could not read the customer's webhook settings", null);
    }
  }

  private ApplicationFailure failed(WebhookTarget target, ApplicationFailure failure) {
    return failed(target, "Webhook delivery failed: " + failure.getOriginalMessage(), failure);
  }

  /** A 410 is recorded even when the webhook already counts as not working: its detail says why. */
  private ApplicationFailure failed(WebhookTarget target, String statusDetail, ApplicationFailure failure) {
    boolean gone = WebhookFailures.GONE.equals(failure.getType());
    recordEndpointStatus(target, false, statusDetail, gone);
    return failure;
  }

  /**
   * Keeps {@code GET /settings/webhook} truthful: a stored endpoint that starts or stops working is
   * marked so. Written only on a change, and only for the settings revision this attempt used.
   * Best effort: bookkeeping must never fail a delivery.
   */
  private void recordEndpointStatus(WebhookTarget target, boolean working, String detail) {
    recordEndpointStatus(target, working, detail, false);
  }

  private void recordEndpointStatus(WebhookTarget target, boolean working, String detail, boolean evenIfUnchanged) {
    if (!target.fromStoredSettings()) {
      return;
    }
    try {
      status.deliveryOutcome(
          target.cxId(), target.settingsRevision(), target.webhookEnabled(), working, detail, evenIfUnchanged);
    } catch (RuntimeException e) {
      log.warn("could not record the webhook status for settings revision {}: {}", target.settingsRevision(), e.toString());
    }
  }

  /** Staged data that cannot be read now may be readable on the next attempt. */
  public static <T> T staged(Supplier<T> read) {
    try {
      return read.get();
    } catch (SdkException | UncheckedIOException e) {
      throw unavailable("could not read the staged documents", null);
    }
  }

  private static Long retryAfterSeconds(WebhookSender.Answer answer) {
    String header = answer.retryAfter();
    if (header == null) {
      return null;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return null; // an HTTP date: fall back to the regular backoff
    }
  }

  static ApplicationFailure unavailable(String message, Long retryAfterSeconds) {
    return retryAfterSeconds == null
        ? ApplicationFailure.newFailure(message, WebhookFailures.UNAVAILABLE)
        : ApplicationFailure.newFailure(message, WebhookFailures.UNAVAILABLE, retryAfterSeconds);
  }
}
