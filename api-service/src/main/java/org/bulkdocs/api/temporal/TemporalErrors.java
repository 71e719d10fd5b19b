package org.bulkdocs.api.temporal;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Set;
import org.bulkdocs.api.error.ApiException;

/** How a failed call to Temporal reaches the customer: the one place that maps it. */
public final class TemporalErrors {

  /** gRPC codes that mean "Temporal is not there right now" rather than "this request is wrong". */
  private static final Set<Status.Code> UNAVAILABLE =
      Set.of(Status.Code.UNAVAILABLE, Status.Code.DEADLINE_EXCEEDED, Status.Code.RESOURCE_EXHAUSTED);

  private TemporalErrors() {}

  /** Whether Temporal answered "no such workflow", wherever the SDK wrapped it. */
  public static boolean isNotFound(Throwable e) {
    return hasCode(e, Set.of(Status.Code.NOT_FOUND));
  }

  /** Maps "cannot reach Temporal" to a 503 and leaves everything else (bugs, ApiExceptions) as is. */
  public static RuntimeException unavailableIfTemporalIsDown(RuntimeException e) {
    return hasCode(e, UNAVAILABLE)
        ? ApiException.unavailable("The workflow service is unavailable; please try again later", e)
        : e;
  }

  private static boolean hasCode(Throwable e, Set<Status.Code> codes) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof StatusRuntimeException grpc && codes.contains(grpc.getStatus().getCode())) {
        return true;
      }
    }
    return false;
  }
}
