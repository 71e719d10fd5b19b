package org.bulkdocs.worker.staging;

/**
 * Where a run stages its claim-check data: the run's requestId. A redelivery of one of its messages
 * stages beside it, never in the same folder, so the original's clean-up can never delete what a
 * redelivery just staged.
 */
public final class StagingIds {

  private static final String SUFFIX = "-redelivery";

  private StagingIds() {}

  public static String of(String requestId, boolean redelivery) {
    return redelivery ? ofRedelivery(requestId) : requestId;
  }

  public static String ofRedelivery(String requestId) {
    return requestId + SUFFIX;
  }

  public static boolean isRedelivery(String stagingId) {
    return stagingId.endsWith(SUFFIX);
  }
}
