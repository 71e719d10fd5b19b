package org.bulkdocs.common.state.settings;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;
import org.bulkdocs.common.state.StoragePrefix;
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
 * bytes per customer. The bucket's encryption at rest and access policy protect the webhook keys, which
 * must stay readable because {@code GET /settings} returns them (Metriport does the same).
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
  private final JsonMapper json =
      JsonMapper.builder()
          // a newer service version may add fields; an older one reading them must not fail
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  public CustomerSettingsStore(S3Client s3, String bucket, String prefix) {
    this(s3, bucket, prefix, Clock.systemUTC());
  }

  public CustomerSettingsStore(S3Client s3, String bucket, String prefix, Clock clock) {
    this.s3 = s3;
    this.bucket = bucket;
    this.prefix = StoragePrefix.validate(prefix) + DIRECTORY;
    this.clock = clock;
  }

  public Optional<CustomerSettings> find(String cxId) {
    return read(cxId).map(Stored::settings);
  }

  /**
   * Reads the customer's settings, applies {@code change} and writes the result if it differs, retrying
   * from a fresh read when another writer got in between. {@code change} receives empty when the
   * customer never stored settings and returns null to leave them as they are; it may run more than once.
   *
   * @return the settings as they are after the call
   */
  public Optional<CustomerSettings> update(
      String cxId, Function<Optional<CustomerSettings>, CustomerSettings> change) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Optional<Stored> current = read(cxId);
      CustomerSettings wanted = change.apply(current.map(Stored::settings));
      if (wanted == null || current.map(c -> c.settings().sameAs(wanted)).orElse(false)) {
        return current.map(Stored::settings);
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
              Instant.now(clock).toString());
      PutObjectRequest.Builder put =
          PutObjectRequest.builder().bucket(bucket).key(keyFor(cxId)).contentType("application/json");
      if (current.isPresent()) {
        put.ifMatch(current.get().etag());
      } else {
        put.ifNoneMatch("*");
      }
      try {
        s3.putObject(put.build(), RequestBody.fromBytes(json.writeValueAsBytes(next)));
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

  private Optional<Stored> read(String cxId) {
    try {
      ResponseBytes<GetObjectResponse> object =
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(keyFor(cxId)));
      return Optional.of(
          new Stored(json.readValue(object.asByteArray(), CustomerSettings.class), object.response().eTag()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    }
  }

  private record Stored(CustomerSettings settings, String etag) {}
}
