package org.bulkdocs.e2e;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bulkdocs.testsupport.TestKeyEncryption;

/** The environment both services are started with by the suites: one place for what they share. */
final class ServiceEnvironment {

  private ServiceEnvironment() {}

  /**
   * The local stack's environment (deploy/local.env, as ./run-local.sh gives it), pointed at this
   * suite's Temporal and S3, with the suites' encryption keys (which the replay test reads histories with).
   */
  static Map<String, String> common(String temporalAddress, String s3Endpoint, String bucket, String accessKey, String secretKey) {
    Map<String, String> env = new LinkedHashMap<>(LocalSettings.localEnv());
    env.put("TEMPORAL_ADDRESS", temporalAddress);
    env.put("S3_ENDPOINT", s3Endpoint);
    env.put("S3_BUCKET", bucket);
    env.put("S3_ACCESS_KEY_ID", accessKey);
    env.put("S3_SECRET_ACCESS_KEY", secretKey);
    env.put("S3_PATH_STYLE", "true");
    env.put("WEBHOOK_KEY_ENCRYPTION_KEYS", TestKeyEncryption.KEYS);
    env.put("WEBHOOK_KEY_ENCRYPTION_ACTIVE", TestKeyEncryption.ACTIVE);
    env.put("PAYLOAD_ENCRYPTION_KEYS", TestKeyEncryption.PAYLOAD_KEYS);
    env.put("PAYLOAD_ENCRYPTION_ACTIVE", TestKeyEncryption.PAYLOAD_ACTIVE);
    return env;
  }

  /** The codec server's token in the suites (the UI's endpoint carries it). */
  static final String CODEC_TOKEN = "e2e-codec-token-0123456789abcdef01234";

  /**
   * The API's, for one customer, with a budget no load can use up: the limiter's work is measured,
   * its refusals are not.
   */
  static Map<String, String> api(Map<String, String> common, int port, int managementPort, String cxId, String apiKey) {
    Map<String, String> env = new LinkedHashMap<>(common);
    env.put("API_PORT", String.valueOf(port));
    env.put("API_MANAGEMENT_PORT", String.valueOf(managementPort));
    env.put("MANAGEMENT_SERVER_ADDRESS", env.get("SERVER_ADDRESS"));
    env.put("RATE_LIMIT_REQUESTS_PER_MINUTE", "100000000");
    env.put("RATE_LIMIT_BURST", "1000000");
    env.put("BULKDOCS_CUSTOMERS_0_ID", cxId);
    env.put("BULKDOCS_CUSTOMERS_0_APIKEYSHA256", ApiKeyHash.of(apiKey));
    return env;
  }
}
