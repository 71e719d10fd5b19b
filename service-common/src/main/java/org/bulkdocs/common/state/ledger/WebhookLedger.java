package org.bulkdocs.common.state.ledger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.bulkdocs.common.state.StoragePrefix;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Delete;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Object;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Which of a customer's webhook messages are being delivered and which were given up, as S3 objects
 * {@code {prefix}webhook-ledger/{cxId}/processing/{messageId}.json} and {@code .../failed/...}. The
 * workflow keeps it up to date through an activity; the API counts it for
 * {@code GET /settings/webhook} and reads the failed entries for {@code POST /settings/webhook/retry}.
 *
 * <p>Why a ledger rather than asking Temporal: "this customer's failed messages" is a visibility query,
 * and Temporal's embedded test server (the local stack) has no List API. The ledger works the same on
 * every Temporal, and its entries outlive the namespace's retention, so a customer can still retry a
 * message whose workflow history is long gone. Every operation is idempotent (puts and deletes of
 * fixed keys), so activity retries are harmless.
 */
public final class WebhookLedger {

  /**
   * The state of a message, also the folder its entry lives in. A cancelled run's message is neither
   * counted nor retried; its entry only tells the delivery log why the message stopped.
   */
  public enum State {
    PROCESSING,
    FAILED,
    CANCELLED;

    String folder() {
      return name().toLowerCase(Locale.ROOT) + "/";
    }
  }

  static final String DIRECTORY = "webhook-ledger/";

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final Clock clock;
  private final JsonMapper json =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public WebhookLedger(S3Client s3, String bucket, String prefix) {
    this(s3, bucket, prefix, Clock.systemUTC());
  }

  public WebhookLedger(S3Client s3, String bucket, String prefix, Clock clock) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = StoragePrefix.validate(prefix) + DIRECTORY;
    this.clock = clock;
  }

  /** The message is being delivered (again, if it had failed or its run was cancelled before). */
  public void markProcessing(LedgerEntry entry) {
    put(State.PROCESSING, entry.asProcessing());
    deleteAll(entry.cxId(), entry.messageId(), State.FAILED, State.CANCELLED);
  }

  /** A message never sent before: it has no failed entry to clear, so this is one write. */
  public void markNewProcessing(LedgerEntry entry) {
    put(State.PROCESSING, entry.asProcessing());
  }

  /** The message reached the customer: it leaves the ledger (every entry, one request). */
  public void markDelivered(String cxId, String messageId) {
    deleteAll(cxId, messageId, State.values());
  }

  private void deleteAll(String cxId, String messageId, State... states) {
    List<ObjectIdentifier> keys =
        Arrays.stream(states).map(state -> ObjectIdentifier.builder().key(keyFor(cxId, state, messageId)).build()).toList();
    s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(keys).quiet(true).build()));
  }

  /** Delivery was given up; the entry keeps what a later retry needs. */
  public void markFailed(LedgerEntry entry) {
    if (entry.failureReason() == null) {
      throw new IllegalArgumentException("a failed entry needs its reason");
    }
    put(State.FAILED, entry);
    delete(entry.cxId(), State.PROCESSING, entry.messageId());
  }

  /** The customer cancelled the message's run: it is no longer being delivered, and not owed either. */
  public void markCancelled(LedgerEntry entry) {
    put(State.CANCELLED, entry.failed("cancelled by the customer"));
    delete(entry.cxId(), State.PROCESSING, entry.messageId());
  }

  /**
   * Deletes the failed entries given up before {@code before} (by when their object was written, so no
   * entry is read): a failed message is kept for the ledger's retention, not forever. Returns how many.
   */
  public int expireFailed(String cxId, Instant before) {
    return expire(cxId, State.FAILED, before) + expire(cxId, State.CANCELLED, before);
  }

  private int expire(String cxId, State state, Instant before) {
    int expired = 0;
    for (ListObjectsV2Response page : list(cxId, state)) {
      List<ObjectIdentifier> old =
          page.contents().stream()
              .filter(o -> o.lastModified() != null && o.lastModified().isBefore(before))
              .map(o -> ObjectIdentifier.builder().key(o.key()).build())
              .toList();
      if (!old.isEmpty()) {
        s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(old).quiet(true).build()));
        expired += old.size();
      }
    }
    return expired;
  }

  public int count(String cxId, State state) {
    int count = 0;
    for (ListObjectsV2Response page : list(cxId, state)) {
      count += page.keyCount() != null ? page.keyCount() : page.contents().size();
    }
    return count;
  }

  /** Up to {@code max} entries in this state, oldest key first (S3 lists keys in order). */
  public List<LedgerEntry> entries(String cxId, State state, int max) {
    List<LedgerEntry> entries = new ArrayList<>();
    for (ListObjectsV2Response page : list(cxId, state)) {
      for (S3Object object : page.contents()) {
        if (entries.size() >= max) {
          return entries;
        }
        read(object.key()).ifPresent(entries::add); // gone between list and get: delivered meanwhile
      }
    }
    return entries;
  }

  /** Every customer that has entries in the ledger. */
  public List<String> customers() {
    List<String> customers = new ArrayList<>();
    for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix).delimiter("/"))) {
      for (var common : page.commonPrefixes()) {
        String folder = common.prefix().substring(prefix.length());
        customers.add(folder.substring(0, folder.length() - 1));
      }
    }
    return customers;
  }

  public Optional<LedgerEntry> find(String cxId, State state, String messageId) {
    return read(keyFor(cxId, state, messageId));
  }

  private Iterable<ListObjectsV2Response> list(String cxId, State state) {
    String folder = folderFor(cxId, state);
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder));
  }

  private void put(State state, LedgerEntry entry) {
    LedgerEntry stamped = entry.recordedAt(Instant.now(clock).toString());
    s3.putObject(
        b -> b.bucket(bucket).key(keyFor(entry.cxId(), state, entry.messageId())).contentType("application/json"),
        RequestBody.fromBytes(json.writeValueAsBytes(stamped)));
  }

  private void delete(String cxId, State state, String messageId) {
    s3.deleteObject(b -> b.bucket(bucket).key(keyFor(cxId, state, messageId)));
  }

  private Optional<LedgerEntry> read(String key) {
    try {
      return Optional.of(json.readValue(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray(), LedgerEntry.class));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  private String folderFor(String cxId, State state) {
    return prefix + StoragePrefix.segment("customer ID", cxId) + "/" + state.folder();
  }

  String keyFor(String cxId, State state, String messageId) {
    return folderFor(cxId, state) + StoragePrefix.segment("message ID", messageId) + ".json";
  }
}
