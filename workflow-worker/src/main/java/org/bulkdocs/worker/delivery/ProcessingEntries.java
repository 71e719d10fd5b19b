package org.bulkdocs.worker.delivery;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.worker.staging.StagingIds;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * The run's message tracked as processing in the customer's webhook ledger, written by the first activity
 * while it lists: the write's latency overlaps the listing instead of delaying the activity (a local
 * activity before it would hold the first workflow task). It has landed before the first POST and before
 * the activity reports back, so the run's outcome always follows it. Bookkeeping: a failed write never
 * fails the delivery.
 */
@Component
public class ProcessingEntries implements DisposableBean {

  private static final Logger log = LoggerFactory.getLogger(ProcessingEntries.class);

  private final WebhookLedger ledger;
  // one write per listing in flight: as many threads as activities run at once, idle ones retire
  private final ExecutorService writes =
      Executors.newCachedThreadPool(
          r -> {
            Thread thread = new Thread(r, "ledger-processing");
            thread.setDaemon(true);
            return thread;
          });

  public ProcessingEntries(WebhookLedger ledger) {
    this.ledger = ledger;
  }

  /** Starts the write; the caller waits for it with {@link Pending#landed()} before sending. */
  public Pending track(FirstDeliveryInput input) {
    LedgerEntry entry =
        LedgerEntry.processing(
            input.cxId(),
            input.patientId(),
            input.requestId(),
            input.messageId(),
            input.metadata(),
            input.dates() == null ? null : input.dates().dateFrom(),
            input.dates() == null ? null : input.dates().dateTo());
    // a redelivery's message may have a failed or cancelled entry to clear; a fresh messageId has none
    boolean redelivery = StagingIds.isRedelivery(input.scope().stagingId());
    Future<?> write =
        writes.submit(
            () -> {
              if (redelivery) {
                ledger.markProcessing(entry);
              } else {
                ledger.markNewProcessing(entry);
              }
            });
    return new Pending(write, input.requestId(), input.messageId());
  }

  @Override
  public void destroy() {
    writes.shutdown();
  }

  /** A write in flight. */
  public static final class Pending {

    private final Future<?> write;
    private final String requestId;
    private final String messageId;
    private boolean waited;

    private Pending(Future<?> write, String requestId, String messageId) {
      this.write = write;
      this.requestId = requestId;
      this.messageId = messageId;
    }

    /** Waits for the write (once); one that failed is logged and the run goes on without its entry. */
    public void landed() {
      if (waited) {
        return;
      }
      waited = true;
      try {
        write.get();
      } catch (ExecutionException e) {
        log.warn("could not track requestId={} messageId={} in the webhook ledger: {}", requestId, messageId, e.getCause().toString());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
