package org.bulkdocs.api.temporal;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import org.bulkdocs.api.error.ApiException;
import org.junit.jupiter.api.Test;

class TemporalErrorsTest {

  @Test
  void unreachableTemporalAnywhereInTheCausesIsA503() {
    RuntimeException wrapped = new RuntimeException("start failed", Status.UNAVAILABLE.asRuntimeException());

    assertThat(TemporalErrors.unavailableIfTemporalIsDown(wrapped))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(503));
  }

  @Test
  void notFoundIsRecognisedThroughTheSdksWrapping() {
    assertThat(TemporalErrors.isNotFound(new RuntimeException("describe", Status.NOT_FOUND.asRuntimeException()))).isTrue();
    assertThat(TemporalErrors.isNotFound(Status.UNAVAILABLE.asRuntimeException())).isFalse();
  }

  @Test
  void otherFailuresAreLeftAlone() {
    IllegalStateException bug = new IllegalStateException("bug");
    RuntimeException notFound = Status.NOT_FOUND.asRuntimeException();

    assertThat(TemporalErrors.unavailableIfTemporalIsDown(bug)).isSameAs(bug);
    assertThat(TemporalErrors.unavailableIfTemporalIsDown(notFound)).isSameAs(notFound);
  }
}
