package org.bulkdocs.contract;

public final class TaskQueues {

  public static final String BULK_DOWNLOAD = "bulk-download-urls";

  private TaskQueues() {}
}
