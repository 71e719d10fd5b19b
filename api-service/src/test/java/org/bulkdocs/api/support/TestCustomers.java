package org.bulkdocs.api.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Two customers and their API keys; the application is configured with the keys' hashes only. */
public final class TestCustomers {

  public static final String CX_A = "cx-a";
  public static final String KEY_A = "test-api-key-of-customer-a";
  public static final String CX_B = "cx-b";
  public static final String KEY_B = "test-api-key-of-customer-b";

  private TestCustomers() {}

  public static String sha256Hex(String value) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Configures both customers the way an operator would, through bulkdocs.customers[i].*. */
  public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
    @Override
    public void initialize(ConfigurableApplicationContext context) {
      TestPropertyValues.of(
              "bulkdocs.customers[0].id=" + CX_A,
              "bulkdocs.customers[0].api-key-sha256=" + sha256Hex(KEY_A),
              "bulkdocs.customers[1].id=" + CX_B,
              "bulkdocs.customers[1].api-key-sha256=" + sha256Hex(KEY_B))
          .applyTo(context);
    }
  }
}
