package org.bulkdocs.contract.bulk;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The messageIds of a run's messages, derived from the run's messageId (which a redelivery keeps), so
 * every attempt, continue-as-new and redelivery sends each message under the id the customer saw.
 */
public final class MessageIds {

  private MessageIds() {}

  /** Page {@code page} (1-based) of a paged delivery; a single message keeps the run's messageId. */
  public static String page(String runMessageId, int page) {
    return UUID.nameUUIDFromBytes(("page:" + runMessageId + ":" + page).getBytes(StandardCharsets.UTF_8)).toString();
  }
}
