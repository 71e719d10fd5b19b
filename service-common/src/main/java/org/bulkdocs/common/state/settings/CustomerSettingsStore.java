package org.bulkdocs.common.state.settings;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.bulkdocs.common.state.StoragePrefix;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Customers' webhook settings, one JSON object per customer at
 * {@code {prefix}customer-settings/{cxId}.json} in the documents bucket. The API writes them
 * ({@code POST /settings}); the worker reads them at every delivery attempt, so a URL a customer fixes
 * applies to the retries already pending. Status changes go through {@link WebhookStatus}.
 *
 * <p>Why S3 and not a database: both services already hold an S3 client and credentials for this
 * bucket, the data is tiny (one object per customer, read once per delivery attempt), and S3 (MinIO's
 * volume in docker-compose, S3Proxy's directory locally) is durable across restarts of everything. A
 * database server would be one more stateful component to run, back up and secure for a few hundred
 * bytes per customer. Webhook keys must stay readable because {@code GET /settings} returns them
 * (Metriport does the same), so they are encrypted rather than hashed: each with its own data key,
 * wrapped by a key-encryption key of the deployment ({@link WebhookKeyCipher}). Someone who can read
 * the bucket sees no key; objects written before encryption (plain {@code webhookKey}) are still read
 * and are encrypted at their next write or by {@link #rewrapAll()}.
 *
 * <p>Concurrency: every write is conditional: {@code If-Match} the ETag that was read, or
 * {@code If-None-Match: *} for the first write (S3, MinIO and S3Proxy all honour both). A writer that
 * loses the race reads again and reapplies its change, so a ping outcome can never overwrite a URL the
 * customer set in the meantime; between two customers' own updates the last writer wins.
 */
public final class CustomerSettingsStore {

  static final String DIRECTORY = "customer-settings/";
  private static final int MAX_ATTEMPTS = 8;

  private final S3Client s3;
  private final String bucket;
  private final String prefix;
  private final Clock clock;
  private final WebhookKeyCipher cipher;
  private final JsonMapper json =
      JsonMapper.builder()
          // a newer service version may add fields; an older one reading them must not fail
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  public CustomerSettingsStore(S3Client s3, String bucket, String prefix, WebhookKeyCipher cipher) {
    this(s3, bucket, prefix, cipher, Clock.systemUTC());
  }

  public CustomerSettingsStore(S3Client s3, String bucket, String prefix, WebhookKeyCipher cipher, Clock clock) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = StoragePrefix.validate(prefix) + DIRECTORY;
    this.cipher = cipher;
    this.clock = clock;
  }

  /**
   * @throws UndecryptableSettingsException when no configured key-encryption key opens the webhook key
   * @throws IllegalStateException when the stored object cannot be read as this customer's settings
   */
  public Optional<CustomerSettings> find(String cxId) {
    return read(cxId).map(Stored::readable);
  }

  /**
   * Reads the customer's settings, applies {@code change} and writes the result if it differs, retrying
   * from a fresh read when another writer got in between. {@code change} receives empty when the
   * customer never stored settings and returns null to leave them as they are; it may run more than once.
   * Settings that cannot be read (a retired key-encryption key, another customer's object) count as
   * none: the change may replace them, e.g. a customer clearing or setting the URL gets a new key.
   *
   * @return the settings as they are after the call
   */
  public Optional<CustomerSettings> update(
      String cxId, Function<Optional<CustomerSettings>, CustomerSettings> change) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Optional<Stored> current = read(cxId);
      Optional<CustomerSettings> readable = current.filter(Stored::isReadable).map(Stored::settings);
      CustomerSettings wanted = change.apply(readable);
      if (wanted == null
          || current.map(c -> c.isReadable() && c.settings().sameAs(wanted) && c.current()).orElse(false)) {
        return readable;
      }
      if (!cxId.equals(wanted.cxId())) {
        throw new IllegalArgumentException("settings of " + wanted.cxId() + " written as " + cxId);
      }
      CustomerSettings next =
          new CustomerSettings(
              cxId,
              wanted.webhookUrl(),
              wanted.webhookKey(),
              wanted.revision(),
              wanted.webhookEnabled(),
              wanted.webhookStatusDetail(),
              Instant.now(clock).toString(),
              wanted.webhookPageSize(),
              wanted.previousWebhookKey(),
              wanted.previousKeyValidUntil(),
              wanted.webhookUrlValidityMinutes());
      PutObjectRequest.Builder put =
          PutObjectRequest.builder().bucket(bucket).key(keyFor(cxId)).contentType("application/json");
      if (current.isPresent()) {
        put.ifMatch(current.get().etag());
      } else {
        put.ifNoneMatch("*");
      }
      try {
        s3.putObject(put.build(), RequestBody.fromBytes(json.writeValueAsBytes(StoredSettings.of(next, cipher))));
        return Optional.of(next);
      } catch (S3Exception e) {
        // 412: someone wrote since our read; 409: a concurrent conditional write is in flight
        if (e.statusCode() != 412 && e.statusCode() != 409) {
          throw e;
        }
      }
    }
    throw new IllegalStateException(
        "settings of customer " + cxId + " kept changing during " + MAX_ATTEMPTS + " attempts to update them");
  }

  String keyFor(String cxId) {
    return prefix + StoragePrefix.segment("customer ID", cxId) + ".json";
  }

  /**
   * Writes again every customer's settings whose webhook key is not encrypted under the active
   * key-encryption key (plain, or under a retired one): the second half of a key rotation. A customer
   * whose settings cannot be read (under a key no longer configured) is reported, not skipped silently,
   * and does not stop the others.
   */
  public Rewrap rewrapAll() {
    int rewritten = 0;
    List<String> unreadable = new ArrayList<>();
    for (String cxId : customers()) {
      try {
        Optional<Stored> stored = read(cxId);
        if (stored.isPresent() && !stored.get().isReadable()) {
          unreadable.add(cxId);
        } else if (stored.isPresent() && !stored.get().current()) {
          update(cxId, current -> current.orElse(null));
          rewritten++;
        }
      } catch (RuntimeException e) {
        // one customer's bad object or a failed call must not end the pass for the others
        unreadable.add(cxId);
      }
    }
    return new Rewrap(rewritten, List.copyOf(unreadable));
  }

  /** @param unreadable customers whose settings no configured key decrypts */
  public record Rewrap(int rewritten, List<String> unreadable) {}

  private List<String> customers() {
    return s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().stream()
        .map(o -> o.key().substring(prefix.length()))
        .filter(name -> name.endsWith(".json") && !name.contains("/"))
        .map(name -> name.substring(0, name.length() - ".json".length()))
        .toList();
  }

  private Optional<Stored> read(String cxId) {
    try {
      ResponseBytes<GetObjectResponse> object =
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(keyFor(cxId)));
      String etag = object.response().eTag();
      try {
        StoredSettings stored = json.readValue(object.asByteArray(), StoredSettings.class);
        if (!cxId.equals(stored.cxId())) {
          // an object copied under another customer's key: its key must never sign that customer's webhooks
          return Optional.of(
              Stored.unreadable(
                  etag, new IllegalStateException("the settings object of customer " + cxId + " is another customer's")));
        }
        return Optional.of(new Stored(stored.settings(cipher, cxId), etag, stored.isCurrent(cipher), null));
      } catch (UndecryptableSettingsException e) {
        return Optional.of(Stored.unreadable(etag, e));
      } catch (RuntimeException e) {
        return Optional.of(
            Stored.unreadable(
                etag, new IllegalStateException("the settings of customer " + cxId + " cannot be read: " + e.getMessage(), e)));
      }
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  /**
   * @param current false when the key should be encrypted again (plain, or under a retired KEK)
   * @param problem why the object cannot be read, or null
   */
  private record Stored(
      @Nullable CustomerSettings settings, String etag, boolean current, @Nullable RuntimeException problem) {

    static Stored unreadable(String etag, RuntimeException problem) {
      return new Stored(null, etag, false, problem);
    }

    boolean isReadable() {
      return problem == null;
    }

    CustomerSettings readable() {
      if (problem != null) {
        throw problem;
      }
      return settings;
    }
  }

  /**
   * The JSON form: the key encrypted. {@code webhookKey} is only ever read, from objects written before
   * keys were encrypted.
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  record StoredSettings(
      String cxId,
      String webhookUrl,
      @Nullable String webhookKey,
      @Nullable EncryptedWebhookKey encryptedWebhookKey,
      String revision,
      boolean webhookEnabled,
      String webhookStatusDetail,
      String updatedAt,
      @Nullable Integer webhookPageSize,
      @Nullable EncryptedWebhookKey encryptedPreviousWebhookKey,
      @Nullable String previousKeyValidUntil,
      @Nullable Integer webhookUrlValidityMinutes) {

    static StoredSettings of(CustomerSettings s, WebhookKeyCipher cipher) {
      return new StoredSettings(
          s.cxId(),
          s.webhookUrl(),
          null,
          s.webhookKey() == null ? null : cipher.encrypt(s.cxId(), s.webhookKey()),
          s.revision(),
          s.webhookEnabled(),
          s.webhookStatusDetail(),
          s.updatedAt(),
          s.webhookPageSize(),
          s.previousWebhookKey() == null ? null : cipher.encrypt(s.cxId(), s.previousWebhookKey()),
          s.previousKeyValidUntil(),
          s.webhookUrlValidityMinutes());
    }

    /** Decrypted for the customer it was read for: the key is bound to that ID. */
    CustomerSettings settings(WebhookKeyCipher cipher, String cxId) {
      String key = encryptedWebhookKey != null ? cipher.decrypt(cxId, encryptedWebhookKey) : webhookKey;
      String previous = encryptedPreviousWebhookKey == null ? null : cipher.decrypt(cxId, encryptedPreviousWebhookKey);
      return new CustomerSettings(
          cxId, webhookUrl, key, revision, webhookEnabled, webhookStatusDetail, updatedAt, webhookPageSize, previous,
          previous == null ? null : previousKeyValidUntil, webhookUrlValidityMinutes);
    }

    boolean isCurrent(WebhookKeyCipher cipher) {
      boolean previousCurrent = encryptedPreviousWebhookKey == null || cipher.isCurrent(encryptedPreviousWebhookKey);
      return previousCurrent && (encryptedWebhookKey != null ? cipher.isCurrent(encryptedWebhookKey) : webhookKey == null);
    }
  }
}
