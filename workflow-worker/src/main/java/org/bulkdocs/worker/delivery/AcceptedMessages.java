package org.bulkdocs.worker.delivery;

import java.util.Optional;
import org.bulkdocs.worker.sending.WebhookFailures;
import org.bulkdocs.worker.staging.ClaimCheckStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the endpoint has already accepted, so that an attempt tried again (its completion was lost with
 * the Temporal server, the database or the worker) does not send the message twice. The record is
 * written right after the 2xx, before the attempt reports back: only a crash between the two can still
 * deliver a message twice. Kept in the run's staging folder, deleted with it.
 */
@Component
public class AcceptedMessages {

  private static final Logger log = LoggerFactory.getLogger(AcceptedMessages.class);

  private final ClaimCheckStore store;
  private final JsonMapper json;

  public AcceptedMessages(ClaimCheckStore store, JsonMapper json) {
    this.store = store;
    this.json = json;
  }

  /** Where a run keeps its records, and which delivery of the run this is. */
  public record Scope(String stagingId, String deliveryScope) {}

  /** The receipt of a message accepted before; a failure to read is the retried attempt's to report. */
  public Optional<DeliveryReceipt> find(Scope scope, String messageId) {
    try {
      return store
          .read(store.acceptedKey(scope.stagingId(), scope.deliveryScope(), messageId))
          .map(bytes -> json.readValue(bytes, DeliveryReceipt.class));
    } catch (SdkException e) {
      throw WebhookFailures.dependencyDown("could not check whether the endpoint already has the message");
    }
  }

  /** Best effort: without the record a retried attempt sends again, as it would have anyway. */
  public void record(Scope scope, String messageId, DeliveryReceipt receipt) {
    try {
      store.put(store.acceptedKey(scope.stagingId(), scope.deliveryScope(), messageId), json.writeValueAsBytes(receipt));
    } catch (SdkException e) {
      log.warn("could not record that messageId={} was accepted: {}", messageId, e.getClass().getSimpleName());
    }
  }
}
