package org.bulkdocs.worker.targets;

import java.util.LinkedHashMap;
import java.util.Map;
import org.bulkdocs.common.exposure.DemoValues;
import org.bulkdocs.common.s3.S3Properties;
import org.bulkdocs.common.state.WebhookKeyEncryptionProperties;
import org.bulkdocs.common.temporal.PayloadEncryptionProperties;
import org.jspecify.annotations.Nullable;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/** Fails the start when a published demo secret would sign webhooks or reach S3 off loopback. */
@Component
class DemoValueCheck {

  DemoValueCheck(Environment environment, WebhookProperties webhooks, S3Properties s3, WebhookKeyEncryptionProperties keyEncryption,
      PayloadEncryptionProperties payloadEncryption) {
    Map<String, @Nullable String> secrets = new LinkedHashMap<>();
    secrets.put("S3_SECRET_ACCESS_KEY", s3.secretAccessKey());
    secrets.put("WEBHOOK_KEY_ENCRYPTION_KEYS", keyEncryption.keys());
    secrets.put("PAYLOAD_ENCRYPTION_KEYS", payloadEncryption.keys());
    for (int i = 0; i < webhooks.targets().size(); i++) {
      secrets.put("BULKDOCS_WEBHOOK_TARGETS_" + i + "_KEY", webhooks.targets().get(i).key());
    }
    DemoValues.refuseUnlessLoopback(DemoValues.publishedAddress(environment), secrets);
  }
}
