package org.bulkdocs.contract.bulk;

/**
 * Memo keys written when a run starts. The API reads them back (a describe call, no worker needed)
 * to answer a repeated trigger with the running run's requestId.
 */
public final class RunMemo {

  public static final String REQUEST_ID = "requestId";
  public static final String CUSTOMER_ID = "cxId";

  private RunMemo() {}
}
