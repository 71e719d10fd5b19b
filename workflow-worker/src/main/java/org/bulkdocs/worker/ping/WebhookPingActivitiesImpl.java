package org.bulkdocs.worker.ping;

import io.temporal.spring.boot.ActivityImpl;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.bulkdocs.common.address.RefusedAddressException;
import org.bulkdocs.common.state.settings.WebhookStatus;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.contract.ping.WebhookPingRequest;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.bulkdocs.worker.delivery.DeliveryLog;
import org.bulkdocs.worker.sending.WebhookSender;
import org.bulkdocs.worker.targets.WebhookTarget;
import org.bulkdocs.worker.targets.WebhookTargets;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class WebhookPingActivitiesImpl implements WebhookPingActivities {

  /** A pong is a few dozen bytes; anything much longer is not one, and is not read further. */
  static final int MAX_ANSWER_BYTES = 16 * 1024;

  private static final Logger log = LoggerFactory.getLogger(WebhookPingActivitiesImpl.class);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final WebhookTargets targets;
  private final WebhookSender sender;
  private final WebhookStatus status;
  private final JsonMapper json;
  private final DeliveryLog deliveryLog;

  public WebhookPingActivitiesImpl(
      WebhookTargets targets, WebhookSender sender, WebhookStatus status, JsonMapper json, DeliveryLog deliveryLog) {
    this.targets = targets;
    this.sender = sender;
    this.status = status;
    this.json = json;
    this.deliveryLog = deliveryLog;
  }

  @Override
  public PingOutcome sendPing(WebhookPingRequest request) {
    return BackgroundHeartbeat.around(() -> ping(request));
  }

  private PingOutcome ping(WebhookPingRequest request) {
    Optional<WebhookTarget> target = targets.forRevision(request.cxId(), request.settingsRevision());
    if (target.isEmpty()) {
      return PingOutcome.superseded();
    }
    byte[] random = new byte[16];
    RANDOM.nextBytes(random);
    String ping = HexFormat.of().formatHex(random);
    String messageId = UUID.randomUUID().toString();
    byte[] body =
        json.writeValueAsBytes(
            new PingMessage(
                ping,
                new PingMessage.Meta(
                    messageId,
                    Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
                    PingMessage.TYPE)));
    Sent sent = send(target.get(), messageId, body, ping);
    PingOutcome outcome = sent.outcome();
    deliveryLog.answeredOnce(
        request.cxId(), messageId, new DeliveryLog.Message(PingMessage.TYPE, null, null, null, Map.of(), null, null),
        sent.httpStatus(), outcome.webhookEnabled() ? null : outcome.detail());
    log.info(
        "webhook ping cxId={} settingsRevision={} enabled={}: {}",
        request.cxId(),
        request.settingsRevision(),
        outcome.webhookEnabled(),
        outcome.detail());
    return outcome;
  }

  /** The ping's outcome and the endpoint's HTTP status (null: it did not answer). */
  private record Sent(PingOutcome outcome, @Nullable Integer httpStatus) {}

  private Sent send(WebhookTarget target, String messageId, byte[] body, String ping) {
    WebhookSender.Answer answer;
    try {
      answer = sender.post(target, messageId, body, MAX_ANSWER_BYTES);
    } catch (RefusedAddressException e) {
      return new Sent(
          PingOutcome.failed("Webhook URL refused: its host resolves to a loopback, private, link-local or multicast address"),
          null);
    } catch (InterruptedIOException e) {
      return new Sent(PingOutcome.failed("Webhook endpoint did not answer the ping in time"), null);
    } catch (IOException e) {
      return new Sent(PingOutcome.failed("Could not reach the webhook endpoint (" + e.getClass().getSimpleName() + ")"), null);
    }
    return new Sent(outcomeOf(answer, ping), answer.status());
  }

  private PingOutcome outcomeOf(WebhookSender.Answer answer, String ping) {
    if (answer.redirect()) {
      return PingOutcome.failed(
          "Webhook endpoint answered the ping with a redirect (HTTP " + answer.status() + "), which is not followed");
    }
    if (!answer.successful()) {
      return PingOutcome.failed("Webhook endpoint answered the ping with HTTP " + answer.status());
    }
    if (answer.bodyTruncated()) {
      return PingOutcome.failed(
          "Webhook endpoint answered the ping with more than " + MAX_ANSWER_BYTES + " bytes instead of its pong");
    }
    return pongMatches(answer.body(), ping)
        ? PingOutcome.answered()
        : PingOutcome.failed("Webhook endpoint did not answer the ping with {\"pong\":\"<the ping value>\"}");
  }

  private boolean pongMatches(byte[] answer, String ping) {
    try {
      JsonNode pong = json.readTree(answer).get("pong");
      return pong != null && pong.isString() && ping.equals(pong.stringValue());
    } catch (JacksonException e) {
      return false;
    }
  }

  @Override
  public boolean recordPingOutcome(WebhookPingRequest request, PingOutcome outcome) {
    return status.pingAnswered(request.cxId(), request.settingsRevision(), outcome.webhookEnabled(), outcome.detail());
  }
}
