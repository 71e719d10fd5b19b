package org.bulkdocs.worker.webhook;

import io.temporal.spring.boot.ActivityImpl;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.bulkdocs.worker.activity.LargeWork;
import org.bulkdocs.worker.paging.PagePlan;
import org.bulkdocs.worker.staging.ClaimCheckStore;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class WebhookActivitiesImpl implements WebhookActivities {

  private static final TypeReference<List<WebhookDocument>> DOCUMENTS = new TypeReference<>() {};

  private final WebhookAttempts attempts;
  private final ClaimCheckStore store;
  private final JsonMapper json;
  private final PageMessages pages;
  private final LargeWork largeWork;

  public WebhookActivitiesImpl(
      WebhookAttempts attempts, ClaimCheckStore store, JsonMapper json, PageMessages pages, LargeWork largeWork) {
    this.attempts = attempts;
    this.store = store;
    this.json = json;
    this.pages = pages;
    this.largeWork = largeWork;
  }

  @Override
  public DeliveryReceipt deliverWebhook(WebhookDelivery delivery) {
    return BackgroundHeartbeat.around(
        () ->
            attempts.measured(
                () ->
                    attempts.attempt(
                        delivery.cxId(),
                        target -> {
                          List<WebhookDocument> documents = documentsOf(delivery);
                          byte[] body = json.writeValueAsBytes(messageOf(delivery, documents));
                          return OutgoingMessage.of(target.key(), delivery.messageId(), body, documents.size());
                        },
                        delivery.patientId(),
                        delivery.requestId(),
                        delivery.status())));
  }

  @Override
  public DeliveryReceipt deliverPage(PageDelivery delivery) {
    return BackgroundHeartbeat.around(
        () ->
            largeWork.run(
                () ->
                    attempts.measured(
                        () -> {
                          PagePlan plan =
                              delivery.pagePlanKey() == null
                                  ? null
                                  : WebhookAttempts.staged(() -> pages.plan(delivery.pagePlanKey()));
                          return attempts.attempt(
                              delivery.cxId(),
                              target -> WebhookAttempts.staged(() -> pages.build(target, delivery, plan)),
                              delivery.patientId(),
                              delivery.requestId(),
                              plan == null ? "completed" : "completed page " + delivery.page() + "/" + plan.pages().size());
                        })));
  }

  private List<WebhookDocument> documentsOf(WebhookDelivery delivery) {
    if (delivery.signedDocumentsKey() == null) {
      return List.of();
    }
    try (InputStream in = store.open(delivery.signedDocumentsKey())) {
      return json.readValue(in, DOCUMENTS);
    } catch (IOException | SdkException e) {
      throw WebhookAttempts.unavailable("could not read the staged documents", null);
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
}
