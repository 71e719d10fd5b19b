package org.bulkdocs.worker.paging;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a listing into pages while it is written: at most {@code pageSize} documents per page (0: no
 * count limit), and never more than {@code maxMessageBytes} in a message, counting every document at
 * the longest URL it can be signed with. Small patients get one page, sent as the regular message.
 */
public final class PagePlanner {

  public static final int MAX_PAGE_SIZE = org.bulkdocs.common.state.settings.CustomerSettings.MAX_WEBHOOK_PAGE_SIZE;

  public static final long DEFAULT_MAX_MESSAGE_BYTES = 10L * 1024 * 1024;

  /** Room for what is not documents: meta (up to 50 metadata entries of 540 escaped characters), patient. */
  static final long ENVELOPE_BYTES = 256 * 1024;

  public static final long MIN_MESSAGE_BYTES = 2 * ENVELOPE_BYTES;

  /** {@code ,"url":""} and {@code ,"downloadUrl":""} around the URLs, and the comma between documents. */
  private static final int URL_FIELDS_BYTES = 9 + 17 + 1;

  private final int pageSize;
  private final long documentBudget;
  private final List<PagePlan.Page> pages = new ArrayList<>();
  private long pageOffset;
  private long pageLength;
  private long pageBytes;
  private int pageDocuments;
  private int total;

  public PagePlanner(int pageSize, long maxMessageBytes) {
    if (pageSize < 0 || maxMessageBytes < MIN_MESSAGE_BYTES) {
      throw new IllegalArgumentException("page size " + pageSize + ", max message bytes " + maxMessageBytes);
    }
    this.pageSize = pageSize;
    this.documentBudget = maxMessageBytes - ENVELOPE_BYTES;
  }

  /**
   * One more listing line.
   *
   * @param lineBytes the line's bytes with its newline (the document's JSON without URLs, plus one)
   * @param maxUrlLength the longest URL the document can get; sent twice on a paged message
   */
  public void add(int lineBytes, int maxUrlLength) {
    long cost = (lineBytes - 1) + 2L * maxUrlLength + URL_FIELDS_BYTES;
    boolean full = (pageSize > 0 && pageDocuments == pageSize) || pageBytes + cost > documentBudget;
    if (pageDocuments > 0 && full) {
      closePage();
    }
    pageLength += lineBytes;
    pageBytes += cost;
    pageDocuments++;
    total++;
  }

  public PagePlan finish() {
    if (pageDocuments > 0 || pages.isEmpty()) {
      closePage();
    }
    return new PagePlan(pages.size() > 1, total, pages);
  }

  private void closePage() {
    pages.add(new PagePlan.Page(pageOffset, pageLength, pageDocuments));
    pageOffset += pageLength;
    pageLength = 0;
    pageBytes = 0;
    pageDocuments = 0;
  }
}
