package org.bulkdocs.api.auth;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bulkdocs.management.codec.CodecServerProperties;
import org.bulkdocs.common.exposure.DemoValues;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.common.state.WebhookKeyEncryptionProperties;
import org.bulkdocs.common.temporal.PayloadEncryptionProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Fails the start when a published demo secret would guard a service reachable off loopback. */
@Component
class DemoValueCheck {

  DemoValueCheck(Environment environment, CustomerProperties customers, S3Properties s3, WebhookKeyEncryptionProperties keyEncryption,
      PayloadEncryptionProperties payloadEncryption, CodecServerProperties codecServer) {
    Map<String, @Nullable String> secrets = new LinkedHashMap<>();
    secrets.put("S3_SECRET_ACCESS_KEY", s3.secretAccessKey());
    secrets.put("WEBHOOK_KEY_ENCRYPTION_KEYS", keyEncryption.keys());
    secrets.put("PAYLOAD_ENCRYPTION_KEYS", payloadEncryption.keys());
    secrets.put("CODEC_SERVER_TOKEN", codecServer.token());
    for (int i = 0; i < customers.customers().size(); i++) {
      secrets.put("BULKDOCS_CUSTOMERS_" + i + "_API_KEY_SHA256", customers.customers().get(i).apiKeySha256());
    }
    DemoValues.refuseUnlessLoopback(DemoValues.publishedAddress(environment), secrets);
  }
}
