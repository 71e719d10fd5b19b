package org.bulkdocs.contract.bulk;

/**
 * Memo keys written when a run starts. The API reads them back (a describe call, no worker needed)
 * to answer a repeated trigger with the running run's requestId.
 */
public final class RunMemo {

  public static final String REQUEST_ID = "requestId";
  public static final String CUSTOMER_ID = "cxId";

  /** The trigger's date filter, when it had one: {@code GET …/bulk} shows it without a worker. */
  public static final String DATE_FROM = "dateFrom";

  public static final String DATE_TO = "dateTo";

  private RunMemo() {}
}
