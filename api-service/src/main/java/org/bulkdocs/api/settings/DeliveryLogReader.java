package org.bulkdocs.api.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.bulkdocs.api.error.ApiException;
import org.bulkdocs.common.state.ledger.LedgerEntry;
import org.bulkdocs.common.state.ledger.WebhookLedger;
import org.bulkdocs.common.state.log.LoggedRequest;
import org.bulkdocs.common.state.log.WebhookRequestLog;
import org.bulkdocs.common.state.log.WebhookRequestLog.Key;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Reads a page of the customer's delivery log: one listing of the log's keys sorts it (keys carry the
 * messageId and the creation time), then only the page's entries are read, a few at a time.
 *
 * <p>An entry still {@code processing} whose run has given up or been cancelled is shown as
 * {@code failure} with the run's reason: the run records that in the webhook ledger once, for all its
 * messages, rather than rewriting each message's entry.
 */
@Component
class DeliveryLogReader implements DisposableBean {

  /** What a page is: its items, and the IDs its neighbours' links start from. */
  record Page(List<WebhookRequestResponse> items, @Nullable String nextFromItem, @Nullable String prevToItem) {}

  private final WebhookRequestLog log;
  private final WebhookLedger ledger;
  private final ExecutorService reads =
      Executors.newFixedThreadPool(
          8,
          r -> {
            Thread thread = new Thread(r, "delivery-log-read");
            thread.setDaemon(true);
            return thread;
          });

  DeliveryLogReader(WebhookRequestLog log, WebhookLedger ledger) {
    this.log = log;
    this.ledger = ledger;
  }

  Page page(String cxId, DeliveryLogQuery query) {
    List<Key> keys = new ArrayList<>(storage(() -> log.keys(cxId)));
    keys.sort(query.order());
    int from;
    int to; // exclusive
    String cursor = query.toItem() != null ? query.toItem() : query.fromItem();
    int at = cursor == null ? 0 : position(keys, cursor);
    if (at < 0) {
      // a cursor no longer in the log (its entry expired): nothing from there on
      return new Page(List.of(), null, null);
    }
    if (query.toItem() != null) {
      to = at + 1;
      from = Math.max(0, to - query.count());
    } else {
      from = at;
      to = Math.min(keys.size(), from + query.count());
    }
    List<Key> onPage = keys.subList(from, to);
    List<CompletableFuture<Optional<WebhookRequestResponse>>> reading =
        onPage.stream().map(key -> CompletableFuture.supplyAsync(() -> read(cxId, key), reads)).toList();
    List<WebhookRequestResponse> items = new ArrayList<>();
    for (CompletableFuture<Optional<WebhookRequestResponse>> entry : reading) {
      storage(entry::join).ifPresent(items::add); // gone between listing and reading: expired meanwhile
    }
    return new Page(
        items,
        to < keys.size() ? keys.get(to).messageId() : null,
        from > 0 ? keys.get(from - 1).messageId() : null);
  }

  /** The message's entry as the log shows it. */
  Optional<LoggedRequest> find(String cxId, String messageId) {
    return storage(() -> log.find(cxId, messageId));
  }

  /** Where the item is, or -1. */
  private static int position(List<Key> keys, String item) {
    for (int i = 0; i < keys.size(); i++) {
      if (keys.get(i).messageId().equals(item)) {
        return i;
      }
    }
    return -1;
  }

  private Optional<WebhookRequestResponse> read(String cxId, Key key) {
    return log.read(cxId, key).map(entry -> shown(cxId, entry));
  }

  private WebhookRequestResponse shown(String cxId, LoggedRequest entry) {
    String status = entry.status();
    String lastError = entry.lastError();
    if (LoggedRequest.PROCESSING.equals(status) && !entry.isPing()) {
      Optional<LedgerEntry> ended =
          ledger
              .find(cxId, WebhookLedger.State.CANCELLED, entry.runMessageId())
              .or(() -> ledger.find(cxId, WebhookLedger.State.FAILED, entry.runMessageId()));
      if (ended.isPresent()) {
        status = LoggedRequest.FAILURE;
        lastError = ended.get().failureReason();
      }
    }
    return new WebhookRequestResponse(
        entry.id(),
        entry.type(),
        status,
        entry.createdAt(),
        entry.requestId(),
        entry.patientId(),
        entry.page(),
        entry.totalPages(),
        entry.attempts(),
        entry.lastHttpStatus(),
        lastError);
  }

  private static <T> T storage(Supplier<T> call) {
    try {
      return call.get();
    } catch (SdkException e) {
      throw unavailable(e);
    } catch (CompletionException e) {
      if (e.getCause() instanceof SdkException sdk) {
        throw unavailable(sdk);
      }
      throw e;
    }
  }

  private static ApiException unavailable(SdkException e) {
    return ApiException.unavailable("The delivery log is unavailable; please try again later", e);
  }

  @Override
  public void destroy() {
    reads.shutdownNow();
  }
}
