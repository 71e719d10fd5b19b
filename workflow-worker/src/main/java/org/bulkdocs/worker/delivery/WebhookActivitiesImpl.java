package org.bulkdocs.worker.delivery;

import io.temporal.spring.boot.ActivityImpl;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bulkdocs.contract.TaskQueues;
import org.bulkdocs.worker.activity.BackgroundHeartbeat;
import org.bulkdocs.worker.activity.LargeWork;
import org.bulkdocs.worker.messages.PageMessages;
import org.bulkdocs.worker.messages.WebhookMessage;
import org.bulkdocs.worker.paging.PagePlan;
import org.bulkdocs.worker.sending.OutgoingMessage;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Page and notice deliveries. Building a page (reading its part of the listing, signing its URLs)
 * takes a {@link LargeWork} permit, which bounds the worker's memory; the POST does not, so a slow
 * endpoint never holds what other customers' deliveries need.
 */
@Component
@ActivityImpl(taskQueues = TaskQueues.BULK_DOWNLOAD)
public class WebhookActivitiesImpl implements WebhookActivities {

  private final WebhookAttempts attempts;
  private final JsonMapper json;
  private final PageMessages pages;
  private final LargeWork largeWork;

  public WebhookActivitiesImpl(WebhookAttempts attempts, JsonMapper json, PageMessages pages, LargeWork largeWork) {
    this.attempts = attempts;
    this.json = json;
    this.pages = pages;
    this.largeWork = largeWork;
  }

  @Override
  public DeliveryReceipt deliverPage(PageDelivery delivery) {
    return BackgroundHeartbeat.around(
        () ->
            attempts.measured(
                delivery.cxId(),
                () -> {
                  PagePlan plan =
                      delivery.pagePlanKey() == null
                          ? null
                          : WebhookAttempts.staged(() -> pages.plan(delivery.pagePlanKey()));
                  String what = plan == null ? "completed" : "completed page " + delivery.page() + "/" + plan.pages().size();
                  return attempts.attempt(
                      new WebhookAttempts.Spec(
                          delivery.cxId(),
                          delivery.patientId(),
                          delivery.requestId(),
                          delivery.messageId(),
                          what,
                          delivery.scope(),
                          delivery.retry(),
                          new DeliveryLog.Message(
                              plan == null ? WebhookMessage.TYPE : PageMessages.PAGED_TYPE,
                              delivery.runMessageId(),
                              plan == null ? null : delivery.page(),
                              plan == null ? null : plan.pages().size(),
                              delivery.metadata(),
                              delivery.dates(),
                              plan == null ? null : plan.pageSize())),
                      target -> WebhookAttempts.staged(() -> largeWork.run(() -> pages.build(target, delivery.source(), plan))));
                }));
  }

  @Override
  public DeliveryReceipt deliverFailedNotice(FailedNotice notice) {
    return BackgroundHeartbeat.around(
        () ->
            attempts.measured(
                notice.cxId(),
                () ->
                    attempts.attempt(
                        new WebhookAttempts.Spec(
                            notice.cxId(),
                            notice.patientId(),
                            notice.requestId(),
                            notice.messageId(),
                            "failed",
                            notice.scope(),
                            notice.retry(),
                            new DeliveryLog.Message(
                                WebhookMessage.TYPE, notice.runMessageId(), null, null, notice.metadata(), notice.dates(), null)),
                        target -> OutgoingMessage.of(target.keys(), notice.messageId(), json.writeValueAsBytes(messageOf(notice)), 0))));
  }

  private static WebhookMessage messageOf(FailedNotice notice) {
    var meta =
        new WebhookMessage.Meta(
            notice.messageId(),
            notice.requestId(),
            Instant.now().truncatedTo(ChronoUnit.MILLIS).toString(),
            WebhookMessage.TYPE,
            notice.metadata());
    return new WebhookMessage(
        meta, List.of(new WebhookMessage.PatientEntry(notice.patientId(), "failed", List.of(), notice.dates(), null)));
  }
}
