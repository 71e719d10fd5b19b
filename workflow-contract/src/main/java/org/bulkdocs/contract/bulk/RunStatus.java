package org.bulkdocs.contract.bulk;

/** The customer-facing status of a run, as Metriport names it; also the Status search attribute. */
public enum RunStatus {
  PROCESSING("processing"),
  COMPLETED("completed"),
  FAILED("failed");

  private final String wireName;

  RunStatus(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }
}
