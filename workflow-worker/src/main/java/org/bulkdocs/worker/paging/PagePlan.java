package org.bulkdocs.worker.paging;

import java.util.List;

/**
 * How a run's listing is cut into webhook messages, staged next to the listing: each page is a byte
 * range of the listing file (whole lines), so a delivery reads only its own page.
 *
 * @param paged more than one message: they are {@code medical.document-bulk-download-paged}; a single
 *     message stays {@code medical.document-bulk-download-urls}, exactly as for small patients
 * @param pageSize the documents per page it was cut with (0: one message, unless too large), which a
 *     redelivery cuts with again
 */
public record PagePlan(boolean paged, int totalDocuments, List<Page> pages, int pageSize) {

  /** @param offset where the page's first line starts in the listing; {@code length} bytes of whole lines */
  public record Page(long offset, long length, int documents) {}

  public PagePlan {
    pages = List.copyOf(pages);
  }

  /** @param number 1-based, as the webhook's {@code pagination.page} */
  public Page page(int number) {
    if (number < 1 || number > pages.size()) {
      throw new IllegalArgumentException("page " + number + " of " + pages.size());
    }
    return pages.get(number - 1);
  }
}
