package org.bulkdocs.api.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bulkdocs.api.auth.CustomerProperties.ConfiguredCustomer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class CustomerPropertiesTest {

  private static final String HASH_A = "a".repeat(64);
  private static final String HASH_B = "0123456789abcdef".repeat(4);

  /** Both the underscore spelling (docker-compose.yml) and Spring's canonical one must work. */
  @ParameterizedTest
  @ValueSource(strings = {"API_KEY_SHA256", "APIKEYSHA256"})
  void bindsFromEnvironmentVariablesAsDocumented(String hashVariable) {
    Map<String, Object> env = new HashMap<>();
    env.put("BULKDOCS_CUSTOMERS_0_ID", "cx-a");
    env.put("BULKDOCS_CUSTOMERS_0_" + hashVariable, HASH_A);
    env.put("BULKDOCS_CUSTOMERS_1_ID", "cx-b");
    env.put("BULKDOCS_CUSTOMERS_1_" + hashVariable, HASH_B);
    MutablePropertySources sources = new MutablePropertySources();
    sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));

    CustomerProperties bound =
        new Binder(ConfigurationPropertySources.from(sources)).bind("bulkdocs", CustomerProperties.class).get();

    assertThat(bound.customers())
        .containsExactly(new ConfiguredCustomer("cx-a", HASH_A), new ConfiguredCustomer("cx-b", HASH_B));
  }

  @Test
  void missingCustomersFailBinding() {
    Map<String, Object> env = Map.of("BULKDOCS_S3_BUCKET", "docs");
    MutablePropertySources sources = new MutablePropertySources();
    sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));
    Binder binder = new Binder(ConfigurationPropertySources.from(sources));

    assertThatThrownBy(() -> binder.bindOrCreate("bulkdocs", CustomerProperties.class))
        .isInstanceOf(BindException.class)
        .hasRootCauseMessage(
            "no customers configured: set bulkdocs.customers[0].id and bulkdocs.customers[0].api-key-sha256 "
                + "(env BULKDOCS_CUSTOMERS_0_ID, BULKDOCS_CUSTOMERS_0_API_KEY_SHA256)");
  }

  @Test
  void rejectsNoCustomers() {
    assertThatThrownBy(() -> new CustomerProperties(null)).hasMessageStartingWith("no customers configured");
    assertThatThrownBy(() -> new CustomerProperties(List.of())).hasMessageStartingWith("no customers configured");
  }

  @Test
  void rejectsMalformedHashesWithoutEchoingThem() {
    for (String hash : new String[] {null, "", "abc", HASH_A.toUpperCase(), HASH_A + "0", "g".repeat(64), "my-raw-api-key"}) {
      assertThatThrownBy(() -> new CustomerProperties(List.of(new ConfiguredCustomer("cx-a", hash))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(
              "bulkdocs.customers[0].api-key-sha256 (customer 'cx-a') must be the lowercase hex SHA-256 of the API key "
                  + "(64 characters of 0-9a-f)");
    }
  }

  @Test
  void rejectsDuplicateIds() {
    assertThatThrownBy(
            () ->
                new CustomerProperties(
                    List.of(new ConfiguredCustomer("cx-a", HASH_A), new ConfiguredCustomer("cx-a", HASH_B))))
        .hasMessage("bulkdocs.customers[1].id 'cx-a' is configured more than once");
  }

  @Test
  void rejectsTheSameKeyForTwoCustomers() {
    assertThatThrownBy(
            () ->
                new CustomerProperties(
                    List.of(new ConfiguredCustomer("cx-a", HASH_A), new ConfiguredCustomer("cx-b", HASH_A))))
        .hasMessage("bulkdocs.customers[1].api-key-sha256 (customer 'cx-b') is a key configured more than once");
    assertThatThrownBy(
            () -> new CustomerProperties(List.of(new ConfiguredCustomer("cx-a", HASH_A, HASH_A))))
        .hasMessage("bulkdocs.customers[0].next-api-key-sha256 (customer 'cx-a') is a key configured more than once");
  }

  /** Two keys at once while a customer rotates: both bind, and a malformed second key stops startup. */
  @Test
  void bindsASecondKeyForRotation() {
    Map<String, Object> env = new HashMap<>();
    env.put("BULKDOCS_CUSTOMERS_0_ID", "cx-a");
    env.put("BULKDOCS_CUSTOMERS_0_API_KEY_SHA256", HASH_A);
    env.put("BULKDOCS_CUSTOMERS_0_NEXT_API_KEY_SHA256", HASH_B);
    MutablePropertySources sources = new MutablePropertySources();
    sources.addFirst(new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env));

    CustomerProperties bound =
        new Binder(ConfigurationPropertySources.from(sources)).bind("bulkdocs", CustomerProperties.class).get();

    assertThat(bound.customers()).containsExactly(new ConfiguredCustomer("cx-a", HASH_A, HASH_B));
    assertThat(bound.customers().get(0).apiKeySha256s()).containsExactly(HASH_A, HASH_B);
    assertThatThrownBy(() -> new CustomerProperties(List.of(new ConfiguredCustomer("cx-a", HASH_A, "my-raw-key"))))
        .hasMessageStartingWith("bulkdocs.customers[0].next-api-key-sha256 (customer 'cx-a') must be the lowercase hex");
  }

  @Test
  void rejectsIdsThatAreNotSafePathSegments() {
    for (String id : new String[] {null, "", "a/b", "..", "a..b", "-a", "a b", "x".repeat(65)}) {
      assertThatThrownBy(() -> new CustomerProperties(List.of(new ConfiguredCustomer(id, HASH_A))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("bulkdocs.customers[0].id must be");
    }
  }

  @Test
  void anIdCanNeverBeTheReservedPrefix() {
    // it starts with a letter or digit
    assertThatThrownBy(() -> new CustomerProperties(List.of(new ConfiguredCustomer("_bulkdocs", HASH_A))))
        .hasMessageStartingWith("bulkdocs.customers[0].id must be");
  }
}
