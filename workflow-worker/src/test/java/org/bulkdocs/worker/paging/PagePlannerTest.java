package org.bulkdocs.worker.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PagePlannerTest {

  private static final long CAP = PagePlanner.DEFAULT_MAX_MESSAGE_BYTES;

  private static PagePlan plan(int pageSize, long cap, int documents, int lineBytes, int urlLength) {
    PagePlanner planner = new PagePlanner(pageSize, cap);
    for (int i = 0; i < documents; i++) {
      planner.add(lineBytes, urlLength);
    }
    return planner.finish();
  }

  @Test
  void aSmallPatientIsOneRegularMessage() {
    PagePlan plan = plan(0, CAP, 3, 200, 400);
    assertFalse(plan.paged());
    assertEquals(List.of(new PagePlan.Page(0, 600, 3)), plan.pages());
  }

  @Test
  void pagesHoldAtMostThePageSizeAndCoverTheListingWithoutGapsOrOverlap() {
    PagePlan plan = plan(2, CAP, 5, 100, 400);
    assertTrue(plan.paged());
    assertEquals(
        List.of(new PagePlan.Page(0, 200, 2), new PagePlan.Page(200, 200, 2), new PagePlan.Page(400, 100, 1)),
        plan.pages());
    assertEquals(5, plan.totalDocuments());
  }

  @Test
  void aPatientAtExactlyThePageSizeIsStillOneRegularMessage() {
    assertFalse(plan(4, CAP, 4, 100, 400).paged());
  }

  @Test
  void noMessageExceedsTheCapEvenWithPagingOffCountingBothUrlsAtTheirLongest() {
    int lineBytes = 250;
    int urlLength = 700;
    long cap = 1024 * 1024;
    PagePlan plan = plan(0, cap, 5_000, lineBytes, urlLength);
    assertTrue(plan.paged());
    long perDocument = (lineBytes - 1) + 2L * urlLength + 27;
    for (PagePlan.Page page : plan.pages()) {
      assertTrue(page.documents() * perDocument + PagePlanner.ENVELOPE_BYTES <= cap, page.toString());
    }
    assertEquals(5_000, plan.pages().stream().mapToInt(PagePlan.Page::documents).sum());
  }

  @Test
  void aPatientThatFitsOneRegularMessageIsNotPagedForTheSecondUrlPagesWouldCarry() {
    long cap = 1024 * 1024;
    int perDocumentOneUrl = 100 - 1 + 500 + 10;
    int documents = (int) ((cap - PagePlanner.ENVELOPE_BYTES) / perDocumentOneUrl);
    assertFalse(plan(0, cap, documents, 100, 500).paged());
    assertTrue(plan(0, cap, documents + 1, 100, 500).paged());
  }

  @Test
  void anEmptyListingIsOneEmptyPage() {
    assertEquals(List.of(new PagePlan.Page(0, 0, 0)), plan(10, CAP, 0, 0, 0).pages());
  }

  @Test
  void pagesAreNumberedFromOne() {
    PagePlan plan = plan(1, CAP, 2, 10, 10);
    assertEquals(10, plan.page(2).offset());
    assertThrows(IllegalArgumentException.class, () -> plan.page(0));
    assertThrows(IllegalArgumentException.class, () -> plan.page(3));
  }

  @Test
  void aCapTooSmallForTheEnvelopeIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> new PagePlanner(0, PagePlanner.ENVELOPE_BYTES));
  }
}
