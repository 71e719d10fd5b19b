package org.bulkdocs.api.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.bulkdocs.api.error.ApiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PatientIdValidatorTest {

  private final PatientIdValidator validator = new PatientIdValidator();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0", "a", "patient-1", "P_1.2-3", "018f6a2e-7c1b-7d2a-9c6e-1f2a3b4c5d6e", "a.b", "a_", "a-",
        "x234567890123456789012345678901234567890123456789012345678901234"
      })
  void acceptsSafeIds(String patientId) {
    assertThat(validator.requireValid(new String[] {patientId})).isEqualTo(patientId);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", ".", "..", "a..b", "a/b", "/a", "a\\b", "a b", " a", "a\u0000", "a\n", "a\t", "-a", "_a", ".a",
        "p\u00e4tient", "a%2Fb", "a;b", "a?b", "a#b", "a*b", "a:b", "x2345678901234567890123456789012345678901234567890123456789012345"
      })
  void rejectsEverythingElse(String patientId) {
    assertThatThrownBy(() -> validator.requireValid(new String[] {patientId}))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400));
  }

  @Test
  void requiresExactlyOneValue() {
    assertThatThrownBy(() -> validator.requireValid((String[]) null)).hasMessageStartingWith("patientId is required");
    assertThatThrownBy(() -> validator.requireValid(new String[0])).hasMessageStartingWith("patientId is required");
    assertThatThrownBy(() -> validator.requireValid(new String[] {"a", "a"}))
        .hasMessage("patientId must be given exactly once (got 2)");
  }

  @Test
  void explainsTheLengthLimit() {
    assertThatThrownBy(() -> validator.requireValid("p".repeat(65)))
        .hasMessage("patientId may be at most 64 characters long (got 65)");
  }
}
