package org.bulkdocs.worker.webhook;

import io.temporal.failure.ApplicationFailure;
import io.temporal.spring.boot.ActivityImpl;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.InetAddress;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.staging.ClaimCheckStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class WebhookActivitiesImpl implements WebhookActivities {

  private static final Logger log = LoggerFactory.getLogger(WebhookActivitiesImpl.class);
  private static final MediaType JSON = MediaType.get("application/json");
  private static final TypeReference<List<WebhookDocument>> DOCUMENTS = new TypeReference<>() {};

  private final OkHttpClient http;
  private final WebhookTargets targets;
  private final WebhookAddressGuard addressGuard;
  private final ClaimCheckStore store;
  private final JsonMapper json;

  public WebhookActivitiesImpl(
      OkHttpClient webhookHttpClient,
      WebhookTargets targets,
      WebhookAddressGuard addressGuard,
      ClaimCheckStore store,
      JsonMapper json) {
    this.http = webhookHttpClient;
    this.targets = targets;
    this.addressGuard = addressGuard;
    this.store = store;
    this.json = json;
  }

  @Override
  public DeliveryReceipt deliverWebhook(WebhookDelivery delivery) {
    WebhookProperties.Target target =
        targets
            .forCustomer(delivery.cxId())
            .orElseThrow(() -> unavailable("customer has no webhook URL configured", null));
    List<WebhookDocument> documents = documentsOf(delivery);
    byte[] body = json.writeValueAsBytes(messageOf(delivery, documents));
    refuseInternalLiteral(target);

    Request request =
        new Request.Builder()
            .url(target.url().toString())
            .header(WebhookSignature.HEADER, WebhookSignature.sign(target.key(), body))
            .post(RequestBody.create(body, JSON))
            .build();
    try (Response response = http.newCall(request).execute()) {
      int code = response.code();
      log.info(
          "webhook attempt cxId={} patientId={} requestId={} messageId={} status={} http={}",
          delivery.cxId(),
          delivery.patientId(),
          delivery.requestId(),
          delivery.messageId(),
          delivery.status(),
          code);
      if (code >= 200 && code < 300) {
        return new DeliveryReceipt(code, body.length, documents.size());
      }
      if (code == 408 || code == 429 || code >= 500) {
        throw unavailable("endpoint answered HTTP " + code, retryAfterSeconds(response));
      }
      throw ApplicationFailure.newNonRetryableFailure(
          "endpoint refused the message with HTTP " + code, WebhookFailures.REJECTED, code);
    } catch (WebhookAddressGuard.RefusedAddressException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), WebhookFailures.REJECTED);
    } catch (InterruptedIOException e) {
      throw unavailable("endpoint did not answer in time", null);
    } catch (IOException e) {
      // the exception text can name the host; the type is enough to tell what went wrong
      throw unavailable("could not reach endpoint (" + e.getClass().getSimpleName() + ")", null);
    }
  }

  private List<WebhookDocument> documentsOf(WebhookDelivery delivery) {
    if (delivery.signedDocumentsKey() == null) {
      return List.of();
    }
    try (InputStream in = store.open(delivery.signedDocumentsKey())) {
      return json.readValue(in, DOCUMENTS);
    } catch (IOException e) {
      throw unavailable("could not read the staged documents", null);
    }
  }

  private WebhookMessage messageOf(WebhookDelivery delivery, List<WebhookDocument> documents) {
    Map<String, String> data = delivery.metadata() == null ? Map.of() : delivery.metadata();
    var meta =
        new WebhookMessage.Meta(
            delivery.messageId(),
            delivery.requestId(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
            WebhookMessage.TYPE,
            data);
    var patient = new WebhookMessage.PatientEntry(delivery.patientId(), delivery.status(), documents);
    return new WebhookMessage(meta, List.of(patient));
  }

  /** OkHttp skips its {@code Dns} for IP-literal hosts, so those are checked here. */
  private void refuseInternalLiteral(WebhookProperties.Target target) {
    String host = target.url().getHost();
    if (host == null) {
      throw ApplicationFailure.newNonRetryableFailure(
          "webhook URL has no host", WebhookFailures.REJECTED);
    }
    String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!literal.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
      return; // a name: resolved and checked by the guard when OkHttp connects
    }
    try {
      addressGuard.check(InetAddress.getByName(literal));
    } catch (IOException e) {
      throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), WebhookFailures.REJECTED);
    }
  }

  private static Long retryAfterSeconds(Response response) {
    String header = response.header("Retry-After");
    if (header == null) {
      return null;
    }
    try {
      return Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return null; // an HTTP date: fall back to the regular backoff
    }
  }

  private static ApplicationFailure unavailable(String message, Long retryAfterSeconds) {
    return retryAfterSeconds == null
        ? ApplicationFailure.newFailure(message, WebhookFailures.UNAVAILABLE)
        : ApplicationFailure.newFailure(message, WebhookFailures.UNAVAILABLE, retryAfterSeconds);
  }
}
