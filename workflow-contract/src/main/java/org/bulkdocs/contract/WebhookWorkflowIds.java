package org.bulkdocs.contract;

/**
 * IDs of the webhook workflows. A bulk run's workflow ID is the bare patient ID, and patient IDs are
 * letters, digits, '.', '_' and '-' only: the ':' here keeps these IDs out of that space, so no patient
 * ID can ever collide with a ping or a redelivery.
 */
public final class WebhookWorkflowIds {

  private WebhookWorkflowIds() {}

  /** One ping per customer at a time; a newer ping replaces an older one. */
  public static String ping(String cxId) {
    return "webhook-ping:" + cxId;
  }

  /** One redelivery per message at a time, so retrying twice never sends a message twice at once. */
  public static String redelivery(String messageId) {
    return "webhook-redelivery:" + messageId;
  }

  /** One recovery of given-up messages per customer at a time. */
  public static String recovery(String cxId) {
    return "webhook-recovery:" + cxId;
  }
}
