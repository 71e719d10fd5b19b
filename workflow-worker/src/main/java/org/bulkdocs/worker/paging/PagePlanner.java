package org.bulkdocs.worker.paging;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a listing into pages while it is written: at most {@code pageSize} documents per page (0: no
 * count limit), and never more than {@code maxMessageBytes} in a message, counting every document at
 * the longest URL it can be signed with (twice in a paged message: {@code url} and {@code downloadUrl}).
 * A patient that fits one regular message (one URL per document) gets one page, sent as
 * {@code medical.document-bulk-download-urls} exactly as before paging.
 */
public final class PagePlanner {

  public static final int MAX_PAGE_SIZE = org.bulkdocs.common.state.settings.CustomerSettings.MAX_WEBHOOK_PAGE_SIZE;

  public static final long DEFAULT_MAX_MESSAGE_BYTES = 10L * 1024 * 1024;

  /** Room for what is not documents: meta (up to 50 metadata entries of 540 escaped characters), patient. */
  static final long ENVELOPE_BYTES = 256 * 1024;

  public static final long MIN_MESSAGE_BYTES = 2 * ENVELOPE_BYTES;

  /** {@code ,"url":""} and the comma between documents. */
  private static final int URL_FIELD_BYTES = 9 + 1;

  /** {@code ,"downloadUrl":""}. */
  private static final int DOWNLOAD_URL_FIELD_BYTES = 17;

  private final int pageSize;
  private final long documentBudget;
  private final List<PagePlan.Page> pages = new ArrayList<>();
  private long pageOffset;
  private long pageLength;
  private long pageBytes;
  private int pageDocuments;
  private int total;
  private long singleMessageBytes;

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
    singleMessageBytes += (lineBytes - 1) + maxUrlLength + URL_FIELD_BYTES;
    long cost = (lineBytes - 1) + 2L * maxUrlLength + URL_FIELD_BYTES + DOWNLOAD_URL_FIELD_BYTES;
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
    boolean fitsOneMessage = (pageSize == 0 || total <= pageSize) && singleMessageBytes <= documentBudget;
    if (fitsOneMessage) {
      return new PagePlan(false, total, List.of(new PagePlan.Page(0, pageOffset + pageLength, total)), pageSize);
    }
    if (pageDocuments > 0) {
      closePage();
    }
    return new PagePlan(true, total, pages, pageSize);
  }

  private void closePage() {
    pages.add(new PagePlan.Page(pageOffset, pageLength, pageDocuments));
    pageOffset += pageLength;
    pageLength = 0;
    pageBytes = 0;
    pageDocuments = 0;
  }
}
