package org.bulkdocs.common.exposure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoValuesTest {

  /** The hash deploy/compose.env.example gives, of "demo-api-key-change-me". */
  private static final String TEMPLATE_API_KEY_HASH = "b9dc5273a9da14b105764d4791ecb93de3a9f268df50b5cef57d4cc8ddc73d0c";

  @Test
  void theTemplatesValuesAreRefusedOffLoopback() {
    Map<String, String> secrets =
        Map.of("S3_SECRET_ACCESS_KEY", "change-me-demo-api-s3-secret", "BULKDOCS_CUSTOMERS_0_API_KEY_SHA256", TEMPLATE_API_KEY_HASH);
    for (String published : new String[] {"0.0.0.0", "203.0.113.7", "", "host.example.com"}) {
      assertThatThrownBy(() -> DemoValues.refuseUnlessLoopback(published, secrets))
          .as(published)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("BULKDOCS_CUSTOMERS_0_API_KEY_SHA256, S3_SECRET_ACCESS_KEY")
          .hasMessageNotContaining("change-me-demo-api-s3-secret");
    }
    assertThatThrownBy(() -> DemoValues.refuseUnlessLoopback(null, secrets)).hasMessageContaining("every interface");
  }

  @Test
  void aDemoOnLoopbackRunsAndRealSecretsRunAnywhere() {
    Map<String, String> demo = Map.of("BULKDOCS_WEBHOOK_TARGETS_0_KEY", "demo-webhook-key");
    for (String loopback : new String[] {"127.0.0.1", "localhost", "::1", "[::1]", "127.0.0.2"}) {
      assertThatCode(() -> DemoValues.refuseUnlessLoopback(loopback, demo)).as(loopback).doesNotThrowAnyException();
    }
    Map<String, String> real = new HashMap<>();
    real.put("S3_SECRET_ACCESS_KEY", "3f1c9a0e7b2d4c6a8e0f1a2b3c4d5e6f");
    real.put("BULKDOCS_CUSTOMERS_0_API_KEY_SHA256", "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08");
    real.put("unset", null);
    assertThatCode(() -> DemoValues.refuseUnlessLoopback("0.0.0.0", real)).doesNotThrowAnyException();
  }

  @Test
  void runLocalsApiKeyIsADemoValueToo() {
    // printf %s demo-api-key-do-not-use-in-production | sha256sum
    assertThat(DemoValues.isDemo("e9af62437cab3418ef9e2f97ea803dce23fc9ac19f8fdeeb27b59e12fc2df63f")).isTrue();
    assertThat(DemoValues.isLoopback("10.0.0.1")).isFalse();
    // a demo key kept as a retired key-encryption key is still a demo value
    assertThat(DemoValues.isDemo("v2:T27QCkkDxxse8AfWzuqS/QqoMvafh9tSWTby4ybg1Fo=,change-me-demo-kek:ZWZn")).isTrue();
    // a name made of hex letters is a name, not an IPv6 literal: never looked up, never loopback
    assertThat(DemoValues.isLoopback("cafe")).isFalse();
  }
}
