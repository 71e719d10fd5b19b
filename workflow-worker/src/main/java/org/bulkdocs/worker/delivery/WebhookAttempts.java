package org.bulkdocs.worker.delivery;

import io.temporal.activity.Activity;
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
import org.bulkdocs.worker.activity.AttemptDeadline;
import org.bulkdocs.worker.activity.LargeWork;
import org.bulkdocs.worker.sending.CustomerDeliverySlots;
import org.bulkdocs.worker.sending.OutgoingMessage;
import org.bulkdocs.worker.sending.WebhookFailures;
import org.bulkdocs.worker.sending.WebhookMetrics;
import org.bulkdocs.worker.sending.WebhookSender;
import org.bulkdocs.worker.staging.StagingIds;
import org.bulkdocs.worker.targets.WebhookTarget;
import org.bulkdocs.worker.targets.WebhookTargets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * One delivery attempt, whatever the message: the customer's target, one signed POST in the customer's
 * own slot ({@link CustomerDeliverySlots}), and what the answer means for the workflow (an {@code
 * ApplicationFailure} of a {@link WebhookFailures} type), with
 * the webhook's status and the delivery metrics kept up to date.
 */
@Component
public class WebhookAttempts {

  private static final Logger log = LoggerFactory.getLogger(WebhookAttempts.class);

  private final WebhookSender sender;
  private final WebhookTargets targets;
  private final WebhookStatus status;
  private final WebhookMetrics metrics;
  private final CustomerDeliverySlots slots;
  private final AcceptedMessages accepted;
  private final DeliveryLog deliveryLog;

  public WebhookAttempts(
      WebhookSender sender,
      WebhookTargets targets,
      WebhookStatus status,
      WebhookMetrics metrics,
      CustomerDeliverySlots slots,
      AcceptedMessages accepted,
      DeliveryLog deliveryLog) {
    this.sender = sender;
    this.targets = targets;
    this.status = status;
    this.metrics = metrics;
    this.slots = slots;
    this.accepted = accepted;
    this.deliveryLog = deliveryLog;
  }

  /** Counts the attempt in the delivery metrics by its outcome. */
  public DeliveryReceipt measured(String cxId, Supplier<DeliveryReceipt> attempt) {
    long started = System.nanoTime();
    String outcome = WebhookMetrics.UNAVAILABLE;
    try {
      DeliveryReceipt receipt = attempt.get();
      outcome = WebhookMetrics.DELIVERED;
      return receipt;
    } catch (ApplicationFailure failure) {
      // a 410 is the endpoint refusing for good (the webhook is disabled): a refusal, not an outage
      outcome =
          WebhookFailures.REJECTED.equals(failure.getType()) || WebhookFailures.GONE.equals(failure.getType())
              ? WebhookMetrics.REJECTED
              : WebhookMetrics.UNAVAILABLE;
      throw failure;
    } finally {
      metrics.record(cxId, outcome, Duration.ofNanos(System.nanoTime() - started));
    }
  }

  /**
   * What one attempt is about.
   *
   * @param what how the log names the message ({@code completed page 2/3}, {@code failed})
   * @param retry the message may have been accepted before (an attempt of it already went out): the
   *     record of accepted messages is read first
   * @param logged what the delivery log says about the message
   */
  public record Spec(
      String cxId,
      String patientId,
      String requestId,
      String messageId,
      String what,
      AcceptedMessages.Scope scope,
      boolean retry,
      DeliveryLog.Message logged) {}

  /** One POST of the message {@code build} makes for the customer's target, and what its answer means. */
  public DeliveryReceipt attempt(Spec spec, Function<WebhookTarget, OutgoingMessage> build) {
    return attempt(target(spec.cxId()), spec, build);
  }

  /**
   * The same, to a target the caller looked up. The message is built and sent in one of the customer's
   * own delivery slots; a message the endpoint already accepted is not sent again.
   */
  public DeliveryReceipt attempt(Optional<WebhookTarget> customerTarget, Spec spec, Function<WebhookTarget, OutgoingMessage> build) {
    boolean retried = spec.retry() || currentAttempt() > 1;
    if (retried) {
      Optional<DeliveryReceipt> before = accepted.find(spec.scope(), spec.messageId());
      if (before.isPresent()) {
        log.info(
            "webhook attempt cxId={} requestId={} messageId={} message={}: accepted before, not sent again",
            spec.cxId(),
            spec.requestId(),
            spec.messageId(),
            spec.what());
        return before.get();
      }
    }
    boolean seenBefore = retried || StagingIds.isRedelivery(spec.scope().stagingId());
    if (customerTarget.isEmpty()) {
      throw logged(spec, seenBefore, null, WebhookFailures.unavailable("customer has no webhook URL configured", null));
    }
    WebhookTarget target = customerTarget.get();
    return slots.run(spec.cxId(), AttemptDeadline.current(), () -> send(target, spec, seenBefore, build));
  }

  private DeliveryReceipt send(
      WebhookTarget target, Spec spec, boolean seenBefore, Function<WebhookTarget, OutgoingMessage> build) {
    Answered answered;
    try {
      answered = post(target, spec, build);
    } catch (ApplicationFailure failure) {
      if (!WebhookFailures.DEPENDENCY_DOWN.equals(failure.getType())) { // not an attempt: the endpoint was not tried
        throw logged(spec, seenBefore, null, failure);
      }
      throw failure;
    }
    if (answered.failure() != null) {
      throw logged(spec, seenBefore, answered.httpStatus(), answered.failure());
    }
    deliveryLog.answered(
        spec.cxId(), spec.patientId(), spec.requestId(), spec.messageId(), spec.logged(), seenBefore,
        answered.httpStatus(), null);
    return answered.receipt();
  }

  /** The endpoint's answer to one POST: its HTTP status, and the receipt or why it is not a delivery. */
  private record Answered(int httpStatus, @Nullable DeliveryReceipt receipt, @Nullable ApplicationFailure failure) {}

  private ApplicationFailure logged(Spec spec, boolean seenBefore, Integer httpStatus, ApplicationFailure failure) {
    deliveryLog.answered(
        spec.cxId(), spec.patientId(), spec.requestId(), spec.messageId(), spec.logged(), seenBefore, httpStatus,
        failure.getOriginalMessage());
    return failure;
  }

  /** Throws when there was no answer (or no message to send); an answer that is not a 2xx is returned. */
  private Answered post(WebhookTarget target, Spec spec, Function<WebhookTarget, OutgoingMessage> build) {
    try (OutgoingMessage message = build.apply(target)) {
      WebhookSender.Answer answer = sender.post(target, message, 0);
      int code = answer.status();
      log.info(
          "webhook attempt cxId={} patientId={} requestId={} messageId={} message={} bytes={} http={}",
          spec.cxId(),
          spec.patientId(),
          spec.requestId(),
          message.messageId(),
          spec.what(),
          message.bodyBytes(),
          code);
      if (answer.successful()) {
        DeliveryReceipt receipt =
            new DeliveryReceipt(
                code,
                message.bodyBytes(),
                message.documents(),
                message.urlsValidUntil() == null ? 0 : message.urlsValidUntil().toEpochMilli());
        accepted.record(spec.scope(), spec.messageId(), receipt);
        recordEndpointStatus(target, true, "Webhook delivered (HTTP " + code + ")");
        return new Answered(code, receipt, null);
      }
      if (code == 410) {
        return notDelivered(
            code,
            target,
            "Webhook disabled: the endpoint answered HTTP 410 Gone; set the URL again (POST /settings) to enable it",
            ApplicationFailure.newNonRetryableFailure("endpoint answered HTTP 410 Gone", WebhookFailures.GONE, code));
      }
      if (code == 408 || code == 429 || code >= 500) {
        return notDelivered(code, target, WebhookFailures.unavailable("endpoint answered HTTP " + code, retryAfterSeconds(answer)));
      }
      String refusal =
          answer.redirect()
              ? "endpoint answered with a redirect (HTTP " + code + "), which is not followed"
              : "endpoint refused the message with HTTP " + code;
      return notDelivered(code, target, ApplicationFailure.newNonRetryableFailure(refusal, WebhookFailures.REJECTED, code));
    } catch (RefusedAddressException e) {
      throw failed(target, ApplicationFailure.newNonRetryableFailure(e.getMessage(), WebhookFailures.REJECTED));
    } catch (InterruptedIOException e) {
      throw failed(target, WebhookFailures.unavailable("endpoint did not answer in time", null));
    } catch (IOException e) {
      // the exception text can name the host; the type is enough to tell what went wrong
      throw failed(target, WebhookFailures.unavailable("could not reach endpoint (" + e.getClass().getSimpleName() + ")", null));
    }
  }

  private static int currentAttempt() {
    try {
      return Activity.getExecutionContext().getInfo().getAttempt();
    } catch (IllegalStateException e) {
      return 1; // not in an activity
    }
  }

  private Optional<WebhookTarget> target(String cxId) {
    try {
      return targets.forCustomer(cxId);
    } catch (SdkException e) {
      throw WebhookFailures.dependencyDown("could not read the customer's webhook settings");
    }
  }

  private Answered notDelivered(int code, WebhookTarget target, ApplicationFailure failure) {
    return new Answered(code, null, failed(target, failure));
  }

  private Answered notDelivered(int code, WebhookTarget target, String statusDetail, ApplicationFailure failure) {
    return new Answered(code, null, failed(target, statusDetail, failure));
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

  /** Staged data that cannot be read now (or temp space to build with) may be there on the next attempt. */
  public static <T> T staged(Supplier<T> read) {
    try {
      return read.get();
    } catch (SdkException | UncheckedIOException e) {
      throw WebhookFailures.dependencyDown("could not read the staged documents");
    } catch (LargeWork.TempSpaceShort e) {
      throw WebhookFailures.dependencyDown(e.getMessage());
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
}
