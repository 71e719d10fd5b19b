package org.bulkdocs.api.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.bulkdocs.api.auth.CustomerProperties.ConfiguredCustomer;
import org.bulkdocs.api.support.TestCustomers;
import org.junit.jupiter.api.Test;

class ApiKeyAuthenticatorTest {

  private final ApiKeyAuthenticator authenticator =
      new ApiKeyAuthenticator(
          new CustomerProperties(
              List.of(
                  new ConfiguredCustomer("cx-a", TestCustomers.sha256Hex("key-a")),
                  new ConfiguredCustomer("cx-b", TestCustomers.sha256Hex("key-b"), TestCustomers.sha256Hex("key-b2")))));

  @Test
  void mapsEachKeyToItsCustomer() {
    assertThat(authenticator.authenticate("key-a")).contains(new Customer("cx-a"));
    assertThat(authenticator.authenticate("key-b")).contains(new Customer("cx-b"));
  }

  @Test
  void bothKeysOfACustomerInRotationWork() {
    assertThat(authenticator.authenticate("key-b2")).contains(new Customer("cx-b"));
    assertThat(authenticator.authenticate("key-b")).contains(new Customer("cx-b"));
  }

  @Test
  void rejectsUnknownEmptyAndNearMissKeys() {
    assertThat(authenticator.authenticate(null)).isEmpty();
    assertThat(authenticator.authenticate("")).isEmpty();
    assertThat(authenticator.authenticate("key-c")).isEmpty();
    assertThat(authenticator.authenticate("key-a ")).isEmpty();
    assertThat(authenticator.authenticate("KEY-A")).isEmpty();
    // The configured hash is not a key.
    assertThat(authenticator.authenticate(TestCustomers.sha256Hex("key-a"))).isEmpty();
  }
}
