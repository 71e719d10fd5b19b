package org.bulkdocs.localstack;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * Read from the environment, the same variables the two services read, so one set of exports drives
 * the whole local stack.
 *
 * @param temporalAddress a real Temporal server to use instead of the embedded one, or null
 * @param s3Endpoint a real S3 to use instead of the embedded S3Proxy, or null
 */
record LocalStackSettings(
    String temporalAddress,
    int embeddedTemporalPort,
    URI s3Endpoint,
    int embeddedS3Port,
    String bucket,
    String s3AccessKey,
    String s3SecretKey,
    Path dataDir,
    int inboxPort,
    String demoCustomerId,
    String demoWebhookKey) {

  static LocalStackSettings fromEnvironment(Map<String, String> env) {
    String temporal = blankToNull(env.get("TEMPORAL_ADDRESS"));
    String s3 = blankToNull(env.get("S3_ENDPOINT"));
    return new LocalStackSettings(
        temporal,
        Integer.parseInt(env.getOrDefault("LOCAL_TEMPORAL_PORT", "7233")),
        s3 == null ? null : URI.create(s3),
        Integer.parseInt(env.getOrDefault("LOCAL_S3_PORT", "9000")),
        env.getOrDefault("S3_BUCKET", "medical-documents"),
        env.getOrDefault("S3_ACCESS_KEY_ID", "local-access-key"),
        env.getOrDefault("S3_SECRET_ACCESS_KEY", "local-secret-key"),
        Path.of(env.getOrDefault("LOCAL_DATA_DIR", ".local-stack")),
        Integer.parseInt(env.getOrDefault("LOCAL_INBOX_PORT", "8090")),
        env.getOrDefault("DEMO_CUSTOMER_ID", "demo-customer"),
        env.getOrDefault("DEMO_WEBHOOK_KEY", "demo-webhook-key"));
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }
}
