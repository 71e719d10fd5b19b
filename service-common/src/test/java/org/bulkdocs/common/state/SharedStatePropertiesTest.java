package org.bulkdocs.common.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SharedStatePropertiesTest {

  @Test
  void refusesPrefixesThatCouldBeACustomerFolder() {
    assertThrows(IllegalArgumentException.class, () -> new SharedStateProperties("settings/"));
    assertThrows(IllegalArgumentException.class, () -> new SharedStateProperties("/abs/"));
    assertEquals("_bulkdocs/", new SharedStateProperties(null).prefix());
    assertEquals("_bulkdocs/", new SharedStateProperties("").prefix(), "an unset variable");
    assertEquals("_state/", new SharedStateProperties("_state/").prefix());
  }
}
