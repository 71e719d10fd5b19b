package org.bulkdocs.common.state.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The customer's delivery log ({@code GET /settings/webhook/request}): one S3 object per message at
 * {@code {prefix}webhook-log/{cxId}/{messageId}~{createdAt millis}.json}, kept for {@link #RETENTION_DAYS}
 * days by the worker's housekeeping.
 *
 * <p>The key carries both orders the log is read in, so a page is sorted from one listing of keys
 * (a thousand per request) without reading any object, and only the objects on the page are read. The
 * messageId leads, so the attempts of one message find its entry with a listing of that prefix alone.
 */
public final class WebhookRequestLog {

  public static final int RETENTION_DAYS = 30;

  static final String DIRECTORY = "webhook-log/";
  private static final Pattern NAME = Pattern.compile("(.+)~(\\d{1,19})\\.json");

  /** Where an entry is: its messageId and when it was created, both read from its key. */
  public record Key(String messageId, long createdAtMillis) {}

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final JsonMapper json =
      JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

  public WebhookRequestLog(S3Client s3, String bucket, String prefix) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = StoragePrefix.validate(prefix) + DIRECTORY;
  }

  /** Writes the entry at its key (its id and createdAt), replacing what was there. */
  public void put(String cxId, LoggedRequest entry) {
    Key key = new Key(entry.id(), Instant.parse(entry.createdAt()).toEpochMilli());
    s3.putObject(
        b -> b.bucket(bucket).key(keyFor(cxId, key)).contentType("application/json"),
        RequestBody.fromBytes(json.writeValueAsBytes(entry)));
  }

  /** The message's entry, if it has one. */
  public Optional<LoggedRequest> find(String cxId, String messageId) {
    String messagePrefix = folderFor(cxId) + StoragePrefix.segment("message ID", messageId) + "~";
    for (S3Object object : s3.listObjectsV2(b -> b.bucket(bucket).prefix(messagePrefix)).contents()) {
      Optional<LoggedRequest> entry = read(object.key());
      if (entry.isPresent()) {
        return entry;
      }
    }
    return Optional.empty();
  }

  /**
   * The documents per message a run was cut with, read from its first message's entry: the run's own
   * id for a single message, {@code firstPageId} for a paged one. Empty when neither was logged.
   */
  public Optional<Integer> pageSizeOfRun(String cxId, String runMessageId, String firstPageId) {
    return find(cxId, runMessageId)
        .or(() -> find(cxId, firstPageId))
        .map(LoggedRequest::pageSize);
  }

  /** Every entry's key, in messageId order. */
  public List<Key> keys(String cxId) {
    String folder = folderFor(cxId);
    List<Key> keys = new ArrayList<>();
    for (ListObjectsV2Response page : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(folder))) {
      for (S3Object object : page.contents()) {
        parse(object.key().substring(folder.length())).ifPresent(keys::add);
      }
    }
    return keys;
  }

  public Optional<LoggedRequest> read(String cxId, Key key) {
    return read(keyFor(cxId, key));
  }

  /** Deletes the entries created before {@code before}; returns how many. */
  public int expire(String cxId, Instant before) {
    List<ObjectIdentifier> old =
        keys(cxId).stream()
            .filter(k -> k.createdAtMillis() < before.toEpochMilli())
            .map(k -> ObjectIdentifier.builder().key(keyFor(cxId, k)).build())
            .toList();
    for (int from = 0; from < old.size(); from += 1000) {
      List<ObjectIdentifier> batch = old.subList(from, Math.min(old.size(), from + 1000));
      s3.deleteObjects(b -> b.bucket(bucket).delete(Delete.builder().objects(batch).quiet(true).build()));
    }
    return old.size();
  }

  /** Every customer that has entries. */
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

  private Optional<LoggedRequest> read(String key) {
    try {
      return Optional.of(json.readValue(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asByteArray(), LoggedRequest.class));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  static Optional<Key> parse(String name) {
    Matcher matcher = NAME.matcher(name);
    if (!matcher.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Key(matcher.group(1), Long.parseLong(matcher.group(2))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private String folderFor(String cxId) {
    return prefix + StoragePrefix.segment("customer ID", cxId) + "/";
  }

  String keyFor(String cxId, Key key) {
    return folderFor(cxId) + StoragePrefix.segment("message ID", key.messageId()) + "~" + key.createdAtMillis() + ".json";
  }
}
