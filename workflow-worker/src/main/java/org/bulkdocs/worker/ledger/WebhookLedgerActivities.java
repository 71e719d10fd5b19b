package org.bulkdocs.worker.ledger;

import io.temporal.activity.ActivityInterface;
import org.bulkdocs.common.state.ledger.LedgerEntry;

/**
 * Keeps the customer's webhook ledger (see {@link org.bulkdocs.common.state.ledger.WebhookLedger}) in step
 * with a run's end: gone once delivered, failed (with what a retry needs) when delivery is given up,
 * cancelled. The processing entry is the first activity's ({@code delivery.ProcessingEntries}). Entries carry IDs and the trigger's metadata, never a URL or a key. All
 * idempotent, so Temporal's retries are safe.
 */
@ActivityInterface
public interface WebhookLedgerActivities {

  void recordDelivered(String cxId, String messageId);

  void recordFailed(LedgerEntry entry);

  /** The customer cancelled the run: the message is no longer processing, and not owed either. */
  void recordCancelled(LedgerEntry entry);
}
